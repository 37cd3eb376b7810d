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
import { dominatorChain, dominatorsOfDag } from '../../graph/dominators.js';
import type { AlgorithmContext } from '../algorithm.js';
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
  const preds = bipartitePreds(ctx, index);
  const sink = preds.length - 1;
  const order = [0, ...graph.inputs.map((t) => 1 + index.id.get(t)!)];
  for (const i of ctx.order) {
    order.push(1 + m + i);
    for (const t of graph.ops[i]!.outputs) order.push(1 + index.id.get(t)!);
  }
  order.push(sink);
  const doms = dominatorsOfDag(preds.length, order, (v) => preds[v]!);
  const chain = dominatorChain(doms, sink)
    .reverse()
    .filter((node) => node >= 1 && node <= m)
    .map((node) => node - 1);
  const inChain = new Uint8Array(m);
  for (const k of chain) inChain[k] = 1;
  const ofOp = new Int32Array(graph.ops.length);
  for (const i of ctx.order) {
    let segment = 0;
    for (const t of graph.ops[i]!.inputs) {
      const k = index.id.get(t);
      if (k === undefined) continue;
      const p = graph.producer.get(t);
      segment = Math.max(segment, (p === undefined ? 0 : ofOp[p]!) + inChain[k]!);
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
function bipartitePreds(ctx: Pick<AlgorithmContext, 'graph'>, index: TensorIndex): number[][] {
  const { graph } = ctx;
  const m = index.names.length;
  const sink = 1 + m + graph.ops.length;
  const preds: number[][] = Array.from({ length: sink + 1 }, () => []);
  for (const t of graph.inputs) preds[1 + index.id.get(t)!]!.push(0);
  for (const op of graph.ops) {
    const into = preds[1 + m + op.index]!;
    for (const t of op.inputs) {
      const k = index.id.get(t);
      if (k !== undefined) into.push(1 + k);
    }
    if (into.length === 0) into.push(0);
    for (const t of op.outputs) preds[1 + index.id.get(t)!]!.push(1 + m + op.index);
    if (index.isSink[op.index] === 1) preds[sink]!.push(1 + m + op.index);
  }
  for (const t of graph.outputs) {
    const k = index.id.get(t);
    if (k !== undefined) preds[sink]!.push(1 + k);
  }
  return preds;
}
