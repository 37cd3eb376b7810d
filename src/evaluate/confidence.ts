/**
 * How sure the referee is: each eligible run's 95% interval on the objective,
 * the contenders whose interval overlaps the best one's, pooling repeats of
 * the same split, and the documented tie-break among contenders that stay
 * indistinguishable. Pure functions; settle.ts re-stages with them.
 *
 * Intervals (src/pipeline/intervals.ts): mean latency and drop rate by a
 * seeded block bootstrap over the frames; bytes on the network are the same
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

export function overlaps(a: Interval, b: Interval): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}

/** The ranked runs (after the first, the best) whose interval on the objective overlaps the best one's. */
export function rivalsOf(ranked: readonly RunRecord[], objective: Objective): RunRecord[] {
  const best = ranked[0];
  const mine = best && objectiveInterval(best, objective);
  if (!best || !mine) return [];
  return ranked.slice(1).filter((r) => {
    const theirs = objectiveInterval(r, objective);
    return theirs !== null && overlaps(mine, theirs);
  });
}

/** A re-stage can narrow only an interval that has width: points stay points. */
export function canNarrow(runs: readonly RunRecord[], objective: Objective): boolean {
  return runs.some((r) => {
    const ci = objectiveInterval(r, objective);
    return ci !== null && ci[1] > ci[0];
  });
}

/**
 * One record for a split measured several times: the frames of every run
 * pooled (each run a stratum of the bootstrap, so no block crosses runs),
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
  return { ...first, metrics, wallMs: runs.reduce((s, r) => s + r.wallMs, 0), runs: runs.length };
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
