/**
 * `all-ops`: a cut after every operator of the topological order, the
 * paper's "strongman" search space. One sweep keeps the live set (tensors
 * written so far, graph inputs included, that an operator later in the order
 * still reads), so the whole list costs O(edges + output size) instead of one
 * graph walk per prefix.
 */
import type { AlgorithmContext, CandidateAlgorithm } from '../algorithm.js';

export const allOps: CandidateAlgorithm = {
  name: 'all-ops',
  description: 'a cut after every operator in topological order (cuts may carry several tensors)',
  findCuts: (ctx) => prefixCuts(ctx),
};

/**
 * Crossing tensors of every prefix of ctx.order (1 <= length < n) that has
 * any, in prefix order; equal sets from neighbouring prefixes are kept (the
 * caller dedupes). Within a cut: graph inputs first, then by producer position.
 */
export function prefixCuts(ctx: Pick<AlgorithmContext, 'graph' | 'order'>): string[][] {
  const { graph, order } = ctx;
  const lastRead = lastReaders(ctx);
  const live = new Set<string>();
  for (const t of graph.inputs) if (lastRead.has(t)) live.add(t);
  const cuts: string[][] = [];
  for (let pos = 0; pos < order.length - 1; pos++) {
    const op = graph.ops[order[pos]!]!;
    for (const t of op.inputs) if (lastRead.get(t) === pos) live.delete(t);
    for (const t of op.outputs) if ((lastRead.get(t) ?? -1) > pos) live.add(t);
    if (live.size > 0) cuts.push([...live]);
  }
  return cuts;
}

/** For each dataflow tensor that is read, the last position in the order that reads it. */
function lastReaders(ctx: Pick<AlgorithmContext, 'graph' | 'order'>): Map<string, number> {
  const last = new Map<string, number>();
  ctx.order.forEach((opIndex, pos) => {
    for (const t of ctx.graph.ops[opIndex]!.inputs) last.set(t, pos);
  });
  // Graph outputs are read after the last operator: once written they stay live.
  for (const t of ctx.graph.outputs) last.set(t, ctx.order.length);
  return last;
}
