/**
 * early-stop (paper 5.4, Figure 8c): walk candidates from the input side, so
 * the edge gets more of the model with each step, and stop once the edge is
 * the problem: its slice computes longer than the cloud's; drops rise while
 * the edge slice takes longer than a frame period (so the edge, not a link,
 * is what cannot keep up); or the latency passes the target (--max-latency).
 * A run in which no frame reached the cloud slice (an early cut too large for
 * the link drops every frame on the way) says nothing about edge against cloud,
 * so the walk goes on past it.
 */
import type { RunMetrics, RunRecord } from '../types.js';
import type { MethodContext, MethodState, SelectionMethod } from './method.js';

/** Drop-rate rise (absolute) over the best run so far that counts as the edge becoming the bottleneck. */
export const DROP_RISE = 0.05;

export function earlyStop(ctx: MethodContext, state: MethodState): string | null {
  const last = state.history[state.history.length - 1];
  if (!last?.metrics) return null;
  const m = last.metrics;
  const edgeMs = computeOf(m, 'evaluator0') ?? 0;
  const cloudMs = computeOf(m, 'evaluator1');
  if (cloudMs !== null && edgeMs > cloudMs)
    return `at ${last.key} the edge slice computes ${edgeMs.toFixed(1)} ms, more than the cloud slice's ${cloudMs.toFixed(1)} ms`;
  const before = bestDropRate(state.history.slice(0, -1));
  const periodMs = 1000 / ctx.fps;
  if (before !== null && m.dropRate > before + DROP_RISE && edgeMs > periodMs)
    return `at ${last.key} the edge slice (${edgeMs.toFixed(1)} ms) outlasts the ${periodMs.toFixed(1)} ms frame period and drops rose to ${pct(m.dropRate)} from ${pct(before)}`;
  const target = ctx.constraints.maxLatencyMs;
  const latency = m.latencyMs?.mean;
  if (target !== undefined && latency !== undefined && latency > target)
    return `at ${last.key} latency ${latency.toFixed(1)} ms exceeds the ${target} ms target`;
  return null;
}

/** A stage's mean compute per frame; null when no frame reached it (a mean over no frames is reported as 0). */
function computeOf(m: RunMetrics, stage: string): number | null {
  const ms = m.stages[stage]?.computeMs;
  return ms === undefined || ms <= 0 ? null : ms;
}

function bestDropRate(runs: readonly RunRecord[]): number | null {
  const rates = runs.flatMap((r) => (r.metrics ? [r.metrics.dropRate] : []));
  return rates.length === 0 ? null : Math.min(...rates);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

export const earlyStopMethod: SelectionMethod = {
  name: 'early-stop',
  description: 'walk from the input side; stop when the edge slice becomes the bottleneck',
  stop: earlyStop,
};
