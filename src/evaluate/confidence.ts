/**
 * How sure the referee is: each eligible run's 95% interval on the objective,
 * the contenders whose interval overlaps the best one's, pooling repeats of
 * the same split, and the documented tie-break among contenders that stay
 * indistinguishable. Pure functions; settle.ts re-stages with them.
 *
 * Intervals (src/pipeline/intervals.ts): mean latency and drop rate by a
 * seeded block bootstrap over the frames, runs resampled as clusters when a
 * split was measured more than once; a split measured once has its latency
 * interval widened by a between-run floor; bytes on the network are the same
 * on every run of a split, so their interval is a point.
 */
import { frameFigures, type FrameOutcomes, type Interval } from '../pipeline/intervals.js';
import { networkBytes, objectiveValue } from './referee.js';
import type { Objective, RunMetrics, RunRecord } from './types.js';

/** How much re-staging the referee may spend: runs, or seconds of staging, whichever ends first. */
export interface ConfidenceBudget {
  readonly runs?: number;
  readonly seconds?: number;
}

export const DEFAULT_CONFIDENCE_BUDGET: ConfidenceBudget = { runs: 6 };

/** The run's 95% interval on the objective; null without figures. */
export function objectiveInterval(r: RunRecord, objective: Objective): Interval | null {
  const m = r.metrics;
  if (!m) return null;
  if (objective === 'latency') return m.latencyMs?.meanCi ?? null;
  if (objective === 'drop-rate') return m.dropRateCi;
  const bytes = networkBytes(r);
  return [bytes, bytes];
}

/**
 * The least relative half-width the referee grants a split measured only
 * once, on mean latency. One run's frames show the noise within the run, not
 * how far the next run lands (another load on the machine, another placement
 * of processes): on mobilenet_v2 × mid-end two repeats each called a
 * different placement clear from intervals that did not overlap
 * (docs/BENCHMARKS.md, "Repeatability"). There `bench:repeat` measured runs
 * of one split moving by up to ±25% around their mean (half their range;
 * the median split ±2–6%), and the three ResNeXt-50 runs of one split
 * spread as far. A run's interval is widened to at least ±25% of its mean
 * until the split is measured again, so no swing measured so far could flip
 * a call made from single runs; then the runs themselves, resampled as
 * clusters, say how far they move. `bench:repeat` prints the spread it
 * measures beside this floor.
 */
export const BETWEEN_RUN_FLOOR = 0.25;

/**
 * The interval the referee compares: the run's own, widened by
 * BETWEEN_RUN_FLOOR while its split rests on one run. Only mean latency is
 * widened: a drop rate near 0 has no relative spread to speak of, and bytes
 * never change. A run whose frames show no spread at all (an exact figure)
 * stays a point: nothing would narrow it.
 */
export function refereeInterval(r: RunRecord, objective: Objective): Interval | null {
  const ci = objectiveInterval(r, objective);
  const mean = r.metrics?.latencyMs?.mean;
  if (ci === null || objective !== 'latency' || (r.runs ?? 1) > 1 || mean === undefined) return ci;
  if (ci[1] <= ci[0]) return ci;
  const floor = BETWEEN_RUN_FLOOR * mean;
  return [Math.min(ci[0], mean - floor), Math.max(ci[1], mean + floor)];
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}

/**
 * The ranked runs (after the first, the best) whose interval on the
 * objective overlaps the best one's, each as refereeInterval widens it.
 */
export function rivalsOf(ranked: readonly RunRecord[], objective: Objective): RunRecord[] {
  const best = ranked[0];
  const mine = best && refereeInterval(best, objective);
  if (!best || !mine) return [];
  return ranked.slice(1).filter((r) => {
    const theirs = refereeInterval(r, objective);
    return theirs !== null && overlaps(mine, theirs);
  });
}

/** A re-stage can narrow only an interval that has width (its own, before any floor): points stay points. */
export function canNarrow(runs: readonly RunRecord[], objective: Objective): boolean {
  return runs.some((r) => {
    const ci = objectiveInterval(r, objective);
    return ci !== null && ci[1] > ci[0];
  });
}

/**
 * One record for a split measured several times: the frames of every run
 * pooled (each run a cluster of the bootstrap: runs are drawn, then frames
 * within them, so runs that disagree widen the interval),
 * counts summed, rates averaged; stage timings and links are the first
 * run's (bytes do not change between runs, and the referee reads no timing).
 */
export function pooledRecord(runs: readonly RunRecord[]): RunRecord {
  const first = runs[0]!;
  const measured = runs.filter((r): r is RunRecord & { metrics: RunMetrics } => r.metrics !== undefined);
  if (runs.length === 1 || measured.length === 0 || !first.metrics) return first;
  const strata: FrameOutcomes[] = measured.map((r) => r.metrics.outcomes);
  const sum = (f: (m: RunMetrics) => number): number => measured.reduce((s, r) => s + f(r.metrics), 0);
  const figures = frameFigures(strata);
  const metrics: RunMetrics = {
    ...first.metrics,
    ...figures,
    framesProduced: sum((m) => m.framesProduced),
    framesProcessed: figures.framesUsed,
    framesDropped: sum((m) => m.framesDropped),
    droppedAt: sumCounts(measured.map((r) => r.metrics.droppedAt)),
    fpsIn: sum((m) => m.fpsIn) / measured.length,
    fpsOut: sum((m) => m.fpsOut) / measured.length,
    outcomes: strata.flat(),
  };
  // Only runs with figures count: a failed re-stage must not lift the between-run floor.
  return { ...first, metrics, wallMs: runs.reduce((s, r) => s + r.wallMs, 0), runs: measured.length };
}

function sumCounts(maps: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of maps) for (const [k, v] of Object.entries(m)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/**
 * The tie-break among contenders the measurements cannot tell apart. It
 * reads only what does not change from one run to the next, so repeats of
 * an evaluation that end in the same tie pick the same split: fewest bytes
 * on the network per frame (the least exposed to the network, the cheapest
 * to run), then fewest operators in the head (the least load on the first
 * tier), then the lower point estimate, then the id.
 */
export function tieBreak(
  contenders: readonly RunRecord[],
  objective: Objective,
): { readonly pick: RunRecord; readonly why: string } {
  const keys: readonly { readonly of: (r: RunRecord) => number; readonly says: string }[] = [
    { of: networkBytes, says: 'it sends the fewest bytes over the network per frame' },
    { of: (r) => r.headOps, says: 'it puts the fewest operators on the first tier' },
    { of: (r) => objectiveValue(r, objective) ?? Infinity, says: 'its point estimate is the lowest' },
  ];
  let left = [...contenders];
  for (const key of keys) {
    const least = Math.min(...left.map(key.of));
    const next = left.filter((r) => key.of(r) === least);
    if (next.length === 1) return { pick: next[0]!, why: key.says };
    left = next;
  }
  left.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { pick: left[0]!, why: 'every other rule was equal, and its id sorts first' };
}
