/**
 * comm-slim (paper 5.4, Figure 8b): skip candidates whose cut tensors would
 * take more than a share of the edge→cloud link at the camera's frame rate.
 * The share (0.9) leaves room for the link's jitter and protocol overhead: a
 * link run at its full bandwidth queues without bound.
 */
import type { Candidate } from '../../slice/candidates.js';
import { linkOf } from '../topology.js';
import type { MethodContext, PruneResult, SelectionMethod } from './method.js';

export const COMM_SLIM_LINK_SHARE = 0.9;

/** Bytes per frame the edge→cloud link carries within its share at the context's frame rate. */
export function linkBudgetBytes(ctx: MethodContext, share = COMM_SLIM_LINK_SHARE): number {
  const link = linkOf(ctx.infra, ctx.topology.edge, ctx.topology.cloud);
  if (!link) return Infinity;
  return (share * link.mbps * 1e6) / 8 / ctx.fps;
}

export function commSlimPrune(ctx: MethodContext): PruneResult {
  const budget = linkBudgetBytes(ctx);
  const keep: Candidate[] = [];
  const pruned: { id: string; reason: string }[] = [];
  for (const c of ctx.candidates) {
    if (c.bytes <= budget) keep.push(c);
    else
      pruned.push({
        id: c.id,
        reason: `cut is ${c.bytes} B/frame, over the ${Math.floor(budget)} B/frame that ${COMM_SLIM_LINK_SHARE} of the edge–cloud link carries at ${ctx.fps} fps`,
      });
  }
  return { keep, pruned };
}

export const commSlim: SelectionMethod = {
  name: 'comm-slim',
  description: `skip candidates whose cut needs more than ${COMM_SLIM_LINK_SHARE} of the edge–cloud bandwidth`,
  prune: commSlimPrune,
};
