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
import { dominatorChain, dominatorsOfPackedDag } from '../../graph/dominators.js';
import { IntList, packPairs, type Lists } from './int-list.js';
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
  const doms = dominatorsOfPackedDag(net.nodeCount, net.order, net.preds.start, net.preds.items);
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
  readonly order: Int32Array;
  /** Packed predecessor lists: a few thousand small arrays were most of this algorithm's garbage. */
  readonly preds: Lists;
}

/** Node 0 is the source, tensor k is node 1 + k, op i is node 1 + m + i, the sink is last. */
function bipartite(ctx: Pick<AlgorithmContext, 'graph' | 'order'>, index: TensorIndex): Bipartite {
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
  const order = new IntList();
  order.push(0);
  // 1 once a tensor node has its predecessor: a graph input, or its first writer.
  const fed = new Uint8Array(m);
  for (const t of graph.inputs) {
    const k = index.id.get(t)!;
    edge(1 + k, 0);
    fed[k] = 1;
    order.push(1 + k);
  }
  for (const i of ctx.order) {
    const op = 1 + m + i;
    for (let j = reads.start[i]!; j < reads.start[i + 1]!; j++) edge(op, 1 + reads.items[j]!);
    if (reads.start[i + 1] === reads.start[i]) edge(op, 0);
    order.push(op);
    for (let j = writes.start[i]!; j < writes.start[i + 1]!; j++) {
      const k = writes.items[j]!;
      if (fed[k] === 1) continue; // also a graph input: keep the first writer only
      fed[k] = 1;
      edge(1 + k, op);
      order.push(1 + k);
    }
    if (index.isSink[i] === 1) edge(sink, op);
  }
  // Graph outputs are read after the last operator, even when an op also reads them.
  for (const t of graph.outputs) {
    const k = index.id.get(t);
    if (k !== undefined) edge(sink, 1 + k);
  }
  order.push(sink);
  const nodes = order.toInt32Array();
  return { nodeCount: sink + 1, sink, order: nodes, preds: packPairs(sink + 1, node, pred) };
}
