/**
 * Articulation segments, which let `min-cut` solve each flow on a small
 * region instead of the whole graph.
 *
 * The tensors every input-to-output path crosses (the dominators of the sink
 * on the bipartite op/tensor graph, as in articulation.ts but unfiltered)
 * form a chain a1, a2, ... from the inputs to the outputs. Every op either
 * depends on a_j or is a_j's producer or one of its ancestors, never both;
 * an op's segment is the number of chain tensors it depends on. So an op in
 * a lower segment than v is an ancestor of v, and an op in a higher segment
 * than w is a descendant of w: closed cuts put the first in the head when v
 * is there, the second in the tail when w is.
 */
import { dominatorChain, dominatorsOfPackedDag } from '../../graph/dominators.js';
import type { AlgorithmContext } from '../algorithm.js';
import { IntList, packPairs, type Lists } from './int-list.js';
import type { TensorIndex } from './tensor-index.js';

export interface Segments {
  /** Segment of each op (by op index). */
  readonly ofOp: Int32Array;
  /** Chain tensor ids from the input side: the tensor that opens segment j is chain[j - 1]. */
  readonly chain: readonly number[];
}

export function articulationSegments(
  ctx: Pick<AlgorithmContext, 'graph' | 'order'>,
  index: TensorIndex,
): Segments {
  const { graph } = ctx;
  const m = index.names.length;
  const { reads, writes } = index;
  const preds = bipartitePreds(ctx, index);
  const sink = preds.start.length - 2;
  const order = new IntList();
  order.push(0);
  for (const t of graph.inputs) order.push(1 + index.id.get(t)!);
  for (const i of ctx.order) {
    order.push(1 + m + i);
    for (let j = writes.start[i]!; j < writes.start[i + 1]!; j++) order.push(1 + writes.items[j]!);
  }
  order.push(sink);
  const nodes = order.toInt32Array();
  const doms = dominatorsOfPackedDag(sink + 1, nodes, preds.start, preds.items);
  const chain = dominatorChain(doms, sink)
    .reverse()
    .filter((node) => node >= 1 && node <= m)
    .map((node) => node - 1);
  const inChain = new Uint8Array(m);
  for (const k of chain) inChain[k] = 1;
  // The last writer of each tensor, as DataflowGraph.producer keeps it.
  const producer = new Int32Array(m).fill(-1);
  for (let i = 0; i < graph.ops.length; i++) {
    for (let j = writes.start[i]!; j < writes.start[i + 1]!; j++) producer[writes.items[j]!] = i;
  }
  const ofOp = new Int32Array(graph.ops.length);
  for (const i of ctx.order) {
    let segment = 0;
    for (let j = reads.start[i]!; j < reads.start[i + 1]!; j++) {
      const k = reads.items[j]!;
      const p = producer[k]!;
      segment = Math.max(segment, (p < 0 ? 0 : ofOp[p]!) + inChain[k]!);
    }
    ofOp[i] = segment;
  }
  return { ofOp, chain };
}

/**
 * Predecessor lists: node 0 is the source (before the graph inputs and ops
 * that read nothing), tensor k is node 1 + k, op i is node 1 + m + i, and
 * the last node is the sink (after ops nobody reads and the graph outputs).
 */
function bipartitePreds(ctx: Pick<AlgorithmContext, 'graph'>, index: TensorIndex): Lists {
  const { graph } = ctx;
  const { reads, writes } = index;
  const m = index.names.length;
  const sink = 1 + m + graph.ops.length;
  const node = new IntList();
  const pred = new IntList();
  const edge = (v: number, p: number): void => {
    node.push(v);
    pred.push(p);
  };
  for (const t of graph.inputs) edge(1 + index.id.get(t)!, 0);
  for (let i = 0; i < graph.ops.length; i++) {
    const op = 1 + m + i;
    for (let j = reads.start[i]!; j < reads.start[i + 1]!; j++) edge(op, 1 + reads.items[j]!);
    if (reads.start[i + 1] === reads.start[i]) edge(op, 0);
    for (let j = writes.start[i]!; j < writes.start[i + 1]!; j++) edge(1 + writes.items[j]!, op);
    if (index.isSink[i] === 1) edge(sink, op);
  }
  for (const t of graph.outputs) {
    const k = index.id.get(t);
    if (k !== undefined) edge(sink, 1 + k);
  }
  return packPairs(sink + 1, node, pred);
}
