/**
 * `articulation`, the paper's sample algorithm: single-tensor cuts that every
 * path from the inputs to the outputs crosses, whatever order the file lists
 * the operators in.
 *
 * On the bipartite op/tensor graph with a virtual source (before the graph
 * inputs and any op that reads nothing) and a virtual sink (after every op
 * whose outputs nobody reads), tensor t is such a cut exactly when it
 * dominates the sink. That is also exactly when checkCut accepts [t]: a tail
 * op reading any other head-side tensor would give a path around t, and every
 * path around t must enter the tail through such a read. So no further check
 * is needed; the tests cross-check it by brute force.
 */
import type { AlgorithmContext, CandidateAlgorithm } from '../algorithm.js';
import { dominatorChain, dominatorsOfDag } from '../../graph/dominators.js';
import { indexTensors, type TensorIndex } from './tensor-index.js';

export const articulation: CandidateAlgorithm = {
  name: 'articulation',
  description: "single-tensor cuts every input-to-output path crosses (the paper's algorithm)",
  findCuts: (ctx) => articulationTensors(ctx).map((t) => [t]),
};

/**
 * Articulation tensors from the input side to the output side, leaving out
 * graph inputs and outputs and what the first operators (those reading only
 * graph inputs) and the last ones write: cutting there leaves one side with
 * nothing to do.
 */
export function articulationTensors(ctx: Pick<AlgorithmContext, 'graph' | 'order'>): string[] {
  const { graph } = ctx;
  const index = indexTensors(ctx);
  const net = bipartite(ctx, index);
  const doms = dominatorsOfDag(net.nodeCount, net.order, (v) => net.preds[v]!);
  const outputs = new Set(graph.outputs);
  const found: string[] = [];
  for (const node of dominatorChain(doms, net.sink).reverse()) {
    const t = node - 1;
    if (t < 0 || t >= index.names.length) continue; // the source, an op or the sink
    const name = index.names[t]!;
    const producer = graph.producer.get(name);
    if (producer === undefined || outputs.has(name)) continue;
    if (index.isSource[producer] === 1 || index.isSink[producer] === 1) continue;
    found.push(name);
  }
  return found;
}

interface Bipartite {
  readonly nodeCount: number;
  readonly sink: number;
  /** Topological order of the nodes, the source first. */
  readonly order: number[];
  readonly preds: number[][];
}

/** Node 0 is the source, tensor k is node 1 + k, op i is node 1 + m + i, the sink is last. */
function bipartite(ctx: Pick<AlgorithmContext, 'graph' | 'order'>, index: TensorIndex): Bipartite {
  const { graph } = ctx;
  const m = index.names.length;
  const opNode = (i: number): number => 1 + m + i;
  const sink = 1 + m + graph.ops.length;
  const preds: number[][] = Array.from({ length: sink + 1 }, () => []);
  const order = [0];
  for (const t of graph.inputs) {
    preds[1 + index.id.get(t)!]!.push(0);
    order.push(1 + index.id.get(t)!);
  }
  for (const i of ctx.order) {
    const op = graph.ops[i]!;
    const into = preds[opNode(i)]!;
    for (const t of op.inputs) {
      const k = index.id.get(t);
      if (k !== undefined) into.push(1 + k);
    }
    if (into.length === 0) into.push(0);
    order.push(opNode(i));
    for (const t of op.outputs) {
      const node = 1 + index.id.get(t)!;
      if (preds[node]!.length > 0) continue; // also a graph input: keep the first writer only
      preds[node]!.push(opNode(i));
      order.push(node);
    }
    if (index.isSink[i] === 1) preds[sink]!.push(opNode(i));
  }
  // Graph outputs are read after the last operator, even when an op also reads them.
  for (const t of graph.outputs) {
    const k = index.id.get(t);
    if (k !== undefined) preds[sink]!.push(1 + k);
  }
  order.push(sink);
  return { nodeCount: sink + 1, sink, order, preds };
}
