/**
 * The graph as flat integer arrays for the region flows of `min-cut`: per op
 * its predecessor and successor ops and the tensors it reads and writes, per
 * tensor its producer and readers, and the ops grouped by articulation
 * segment. Built once; each flow then walks only typed arrays.
 */
import type { AlgorithmContext } from '../algorithm.js';
import { articulationSegments } from './segments.js';
import { IntList, ListBuilder, packPairs, type Lists } from './int-list.js';
import { indexTensors, type TensorIndex } from './tensor-index.js';

export type { Lists } from './int-list.js';

export interface CutLayout {
  readonly index: TensorIndex;
  readonly preds: Lists;
  /** Ops that read each op's outputs. */
  readonly succs: Lists;
  readonly writes: Lists;
  /** Readers of each tensor. */
  readonly readers: Lists;
  /** Producer op of each tensor; -1 for graph inputs. */
  readonly producer: Int32Array;
  readonly isOutput: Uint8Array;
  /** 1 for ops nothing reads that write no graph output: they can only sit in the tail. */
  readonly deadEnd: Uint8Array;
  readonly segment: Int32Array;
  /** Ops by segment. */
  readonly bySegment: Lists;
  /** The tensors entering segment j from below: the graph inputs for 0, else the chain tensor opening it. */
  readonly entering: Lists;
}

/**
 * The layout, or undefined for graphs the regions do not model: a tensor
 * written twice, or written and also a graph input.
 */
export function cutLayout(ctx: AlgorithmContext): CutLayout | undefined {
  const { graph } = ctx;
  const index = indexTensors(ctx);
  const producer = producers(ctx, index);
  if (producer === undefined) return undefined;
  const isOutput = new Uint8Array(index.names.length);
  for (const t of graph.outputs) {
    const k = index.id.get(t);
    if (k !== undefined) isOutput[k] = 1;
  }
  const { writes, readers, preds, succs } = adjacency(ctx, index, producer);
  const n = graph.ops.length;
  const deadEnd = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (succs.start[i + 1] !== succs.start[i]) continue;
    let writesOutput = false;
    for (let j = writes.start[i]!; j < writes.start[i + 1]!; j++) {
      if (isOutput[writes.items[j]!] === 1) writesOutput = true;
    }
    deadEnd[i] = writesOutput ? 0 : 1;
  }
  const { ofOp: segment, chain } = articulationSegments(ctx, index);
  return {
    index,
    preds,
    succs,
    writes,
    readers,
    producer,
    isOutput,
    deadEnd,
    segment,
    bySegment: opsBySegment(ctx.order, segment, chain.length + 1),
    entering: enteringTensors(ctx, index, chain),
  };
}

/** Producer op of each tensor (-1 for graph inputs); undefined if one is written twice or is also an input. */
function producers(ctx: AlgorithmContext, index: TensorIndex): Int32Array | undefined {
  const { graph } = ctx;
  const producer = new Int32Array(index.names.length).fill(-1);
  const isInput = new Uint8Array(index.names.length);
  for (const t of graph.inputs) {
    const k = index.id.get(t)!;
    if (isInput[k] === 1) return undefined;
    isInput[k] = 1;
  }
  for (const op of graph.ops) {
    for (const t of op.outputs) {
      const k = index.id.get(t)!;
      if (producer[k] !== -1 || isInput[k] === 1) return undefined;
      producer[k] = op.index;
    }
  }
  return producer;
}

/**
 * Each tensor's readers, each op's producers and readers, as packed lists
 * built on ids (the orders are those of Op.outputs, Op.inputs and
 * DataflowGraph.consumers, so the flows see the networks they always did).
 */
function adjacency(
  ctx: AlgorithmContext,
  index: TensorIndex,
  producer: Int32Array,
): Pick<CutLayout, 'writes' | 'readers' | 'preds' | 'succs'> {
  const n = ctx.graph.ops.length;
  const { reads, writes } = index;
  // Readers of each tensor in op order (an op reads a tensor once: Op.inputs has no duplicates).
  const owner = new IntList();
  const reader = new IntList();
  for (let i = 0; i < n; i++) {
    for (let j = reads.start[i]!; j < reads.start[i + 1]!; j++) {
      owner.push(reads.items[j]!);
      reader.push(i);
    }
  }
  const readers = packPairs(index.names.length, owner, reader);
  const seen = new Int32Array(n).fill(-1);
  const preds = new ListBuilder(n);
  for (let i = 0; i < n; i++) {
    for (let j = reads.start[i]!; j < reads.start[i + 1]!; j++) {
      const p = producer[reads.items[j]!]!;
      if (p >= 0 && seen[p] !== i) {
        seen[p] = i;
        preds.add(p);
      }
    }
    preds.end();
  }
  seen.fill(-1);
  const succs = new ListBuilder(n);
  for (let i = 0; i < n; i++) {
    for (let j = writes.start[i]!; j < writes.start[i + 1]!; j++) {
      const k = writes.items[j]!;
      for (let r = readers.start[k]!; r < readers.start[k + 1]!; r++) {
        const u = readers.items[r]!;
        if (seen[u] === i) continue;
        seen[u] = i;
        succs.add(u);
      }
    }
    succs.end();
  }
  return { writes, readers, preds: preds.done(), succs: succs.done() };
}

/** The ops of each segment, in topological order. */
function opsBySegment(order: readonly number[], segment: Int32Array, count: number): Lists {
  const start = new Int32Array(count + 1);
  for (const i of order) start[segment[i]! + 1]!++;
  for (let j = 0; j < count; j++) start[j + 1]! += start[j]!;
  const fill = start.slice(0, count);
  const items = new Int32Array(order.length);
  for (const i of order) items[fill[segment[i]!]!++] = i;
  return { start, items };
}

/** The graph inputs for segment 0, then the chain tensor opening each later segment. */
function enteringTensors(ctx: AlgorithmContext, index: TensorIndex, chain: readonly number[]): Lists {
  const { inputs } = ctx.graph;
  const start = new Int32Array(chain.length + 2);
  const items = new Int32Array(inputs.length + chain.length);
  inputs.forEach((t, j) => (items[j] = index.id.get(t)!));
  start[1] = inputs.length;
  chain.forEach((k, j) => {
    items[inputs.length + j] = k;
    start[j + 2] = inputs.length + j + 1;
  });
  return { start, items };
}
