/**
 * The referee (paper 5.3): of the runs with usable figures that meet the
 * constraints, the best for the objective. Baselines compete too: when no
 * split beats running the whole DNN on one tier, that is the answer.
 *
 * Tie rule: values within a relative 1e-9 are equal; equal runs are then
 * ordered by fewer bytes on the network per frame, lower drop rate, lower
 * mean latency, fewer operators on the edge (less load there), and id.
 */
import type { Constraints, Objective, Prediction, RunMetrics, RunRecord } from './types.js';

export interface Verdict {
  readonly chosen: RunRecord | null;
  /** Eligible runs, best first. */
  readonly ranked: readonly RunRecord[];
  readonly excluded: readonly Exclusion[];
}

/** Why a run has no say: its cause in a word, and the reason in full. */
export interface Exclusion {
  readonly key: string;
  readonly cause: ExclusionCause;
  readonly reason: string;
}

export type ExclusionCause = 'failed' | 'too few frames' | 'over a limit';

/** Bytes per frame on links between different tiers (measured). */
export function networkBytes(r: {
  readonly placement: RunRecord['placement'];
  readonly metrics?: Pick<RunMetrics, 'links'> | undefined;
}): number {
  const links = r.metrics?.links ?? [];
  return links
    .filter((l) => (r.placement[l.from] ?? '?') !== (r.placement[l.to] ?? '?'))
    .reduce((sum, l) => sum + l.bytesPerFrame, 0);
}

/** The run's figure for the objective (lower is better); null without figures. */
export function objectiveValue(r: RunRecord, objective: Objective): number | null {
  const m = r.metrics;
  if (!m) return null;
  if (objective === 'latency') return m.latencyMs?.mean ?? null;
  if (objective === 'drop-rate') return m.dropRate;
  return networkBytes(r);
}

export function predictedValue(p: Prediction, objective: Objective): number {
  return objective === 'latency' ? p.latencyMs : objective === 'drop-rate' ? p.dropRate : p.bytes;
}

/** Why a run breaks the constraints, or null when it meets them. */
export function violation(
  figures: { latencyMs: number | null; dropRate: number },
  c: Constraints,
): string | null {
  if (c.maxLatencyMs !== undefined && (figures.latencyMs === null || figures.latencyMs > c.maxLatencyMs))
    return `latency ${fmt(figures.latencyMs)} ms over the ${c.maxLatencyMs} ms limit`;
  if (c.maxDropRate !== undefined && figures.dropRate > c.maxDropRate)
    return `drop rate ${figures.dropRate.toFixed(3)} over the ${c.maxDropRate} limit`;
  return null;
}

export function referee(runs: readonly RunRecord[], objective: Objective, c: Constraints): Verdict {
  const eligible: RunRecord[] = [];
  const excluded: Exclusion[] = [];
  for (const r of runs) {
    const why = exclusion(r, objective, c);
    if (why === null) eligible.push(r);
    else excluded.push({ key: r.key, ...why });
  }
  const ranked = eligible.sort((a, b) => compareRuns(a, b, objective));
  return { chosen: ranked[0] ?? null, ranked, excluded };
}

function exclusion(
  r: RunRecord,
  objective: Objective,
  c: Constraints,
): { cause: ExclusionCause; reason: string } | null {
  if (r.status !== 'ok' || !r.metrics) {
    const cause = r.status === 'insufficient' ? 'too few frames' : 'failed';
    return { cause, reason: `${r.status}: ${r.reason ?? 'no figures'}` };
  }
  if (objectiveValue(r, objective) === null) return { cause: 'too few frames', reason: 'no frame processed' };
  const over = violation({ latencyMs: r.metrics.latencyMs?.mean ?? null, dropRate: r.metrics.dropRate }, c);
  return over === null ? null : { cause: 'over a limit', reason: over };
}

export function compareRuns(a: RunRecord, b: RunRecord, objective: Objective): number {
  const keys: ((r: RunRecord) => number)[] = [
    (r) => objectiveValue(r, objective) ?? Infinity,
    networkBytes,
    (r) => r.metrics?.dropRate ?? 1,
    (r) => r.metrics?.latencyMs?.mean ?? Infinity,
    (r) => r.headOps,
  ];
  for (const key of keys) {
    const x = key(a);
    const y = key(b);
    if (!nearlyEqual(x, y)) return x < y ? -1 : 1;
  }
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function nearlyEqual(x: number, y: number): boolean {
  if (x === y) return true;
  return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
}

function fmt(x: number | null): string {
  return x === null ? 'none' : x.toFixed(1);
}
