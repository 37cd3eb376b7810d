/**
 * The graph as flat integer arrays for the region flows of `min-cut`: per op
 * its predecessor and successor ops and the tensors it reads and writes, per
 * tensor its producer and readers, and the ops grouped by articulation
 * segment. Built once; each flow then walks only typed arrays.
 */
import type { AlgorithmContext } from '../algorithm.js';
import { articulationSegments } from './segments.js';
import { indexTensors, type TensorIndex } from './tensor-index.js';

/** Lists of integers packed into one array: list i is items[start[i]] .. items[start[i + 1] - 1]. */
export interface Lists {
  readonly start: Int32Array;
  readonly items: Int32Array;
}

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
  const deadEnd = new Uint8Array(graph.ops.length);
  for (let i = 0; i < graph.ops.length; i++) {
    const written = writes.items.subarray(writes.start[i], writes.start[i + 1]);
    deadEnd[i] = succs.start[i + 1] === succs.start[i] && !written.some((k) => isOutput[k] === 1) ? 1 : 0;
  }
  const { ofOp: segment, chain } = articulationSegments(ctx, index);
  const bySegment: number[][] = Array.from({ length: chain.length + 1 }, () => []);
  for (const i of ctx.order) bySegment[segment[i]!]!.push(i);
  const entering = [graph.inputs.map((t) => index.id.get(t)!), ...chain.map((k) => [k])];
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
    bySegment: packed(bySegment.length, (j, add) => bySegment[j]!.forEach((i) => add(i))),
    entering: packed(entering.length, (j, add) => entering[j]!.forEach((k) => add(k))),
  };
}

/** Producer op of each tensor (-1 for graph inputs); undefined if one is written twice or is also an input. */
function producers(ctx: AlgorithmContext, index: TensorIndex): Int32Array | undefined {
  const { graph } = ctx;
  const inputs = new Set(graph.inputs);
  if (inputs.size !== graph.inputs.length) return undefined;
  const producer = new Int32Array(index.names.length).fill(-1);
  for (const op of graph.ops) {
    for (const t of op.outputs) {
      const k = index.id.get(t)!;
      if (producer[k] !== -1 || inputs.has(t)) return undefined;
      producer[k] = op.index;
    }
  }
  return producer;
}

function adjacency(
  ctx: AlgorithmContext,
  index: TensorIndex,
  producer: Int32Array,
): Pick<CutLayout, 'writes' | 'readers' | 'preds' | 'succs'> {
  const { graph } = ctx;
  const n = graph.ops.length;
  const ids = (tensors: readonly string[], add: (k: number) => void): void => {
    for (const t of tensors) {
      const k = index.id.get(t);
      if (k !== undefined) add(k);
    }
  };
  const writes = packed(n, (i, add) => ids(graph.ops[i]!.outputs, add));
  // An op reads a tensor once (Op.inputs has no duplicates), so readers need no dedup.
  const readers = packed(index.names.length, (k, add) => {
    for (const r of graph.consumers.get(index.names[k]!) ?? []) add(r);
  });
  const preds = packedUnique(n, (i, add) =>
    ids(graph.ops[i]!.inputs, (k) => {
      if (producer[k]! >= 0) add(producer[k]!);
    }),
  );
  const succs = packedUnique(n, (i, add) => {
    for (let j = writes.start[i]!; j < writes.start[i + 1]!; j++) {
      const k = writes.items[j]!;
      for (let r = readers.start[k]!; r < readers.start[k + 1]!; r++) add(readers.items[r]!);
    }
  });
  return { writes, readers, preds, succs };
}

/** Lists built by calling `fill` for each index in turn. */
function packed(count: number, fill: (i: number, add: (item: number) => void) => void): Lists {
  const start = new Int32Array(count + 1);
  const items: number[] = [];
  const add = (item: number): void => void items.push(item);
  for (let i = 0; i < count; i++) {
    fill(i, add);
    start[i + 1] = items.length;
  }
  return { start, items: Int32Array.from(items) };
}

/** As packed, keeping the first of repeated items in a list (items are op indices below `count`). */
function packedUnique(count: number, fill: (i: number, add: (item: number) => void) => void): Lists {
  const seen = new Int32Array(count).fill(-1);
  return packed(count, (i, add) =>
    fill(i, (item) => {
      if (seen[item] === i) return;
      seen[item] = i;
      add(item);
    }),
  );
}
