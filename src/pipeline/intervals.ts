/**
 * The uncertainty of a run's figures: 95% intervals for the mean and p90
 * latency and for the drop rate, by a circular block bootstrap over the run's
 * frames in capture order (src/core/bootstrap.ts; docs/EVALUATION.md), and
 * the frames they rest on. A run's frames are one cluster; repeats of the
 * same configuration pooled by the evaluator are several, and a resample
 * draws runs before frames (clusterBootstrapInterval), so disagreement
 * between runs widens the interval.
 *
 * A frame's outcome is its latency when it was processed and null when it
 * was dropped: the latency figures rest on the processed frames, the drop
 * rate on every frame produced.
 */
import { clusterBootstrapInterval, mean, nearestRank, type Interval } from '../core/bootstrap.js';

export type { Interval } from '../core/bootstrap.js';

/** Per measured frame, in capture order: its latency (ms) or null when it was dropped. */
export type FrameOutcomes = readonly (number | null)[];

export interface LatencySummary {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  /** 95% interval of the mean latency (block bootstrap over the processed frames; runs as clusters when pooled). */
  readonly meanCi: Interval;
  /** 95% interval of the p90 latency (same resamples). */
  readonly p90Ci: Interval;
}

/** Latency figures over the processed frames of one or more runs (one array per run, in capture order). */
export function pooledLatency(strata: readonly (readonly number[])[]): LatencySummary | null {
  const all = Float64Array.from(strata.flat());
  if (all.length === 0) return null;
  const at = (p: number): number => nearestRank(all, p);
  const point = { mean: mean(all), p50: at(0.5), p90: at(0.9), p99: at(0.99) };
  return {
    ...point,
    meanCi: clusterBootstrapInterval(strata, mean) ?? [point.mean, point.mean],
    p90Ci: clusterBootstrapInterval(strata, (xs) => nearestRank(xs, 0.9)) ?? [point.p90, point.p90],
  };
}

/**
 * 95% interval of the share of frames dropped. When no frame (or every
 * frame) was dropped every resample agrees, yet n frames cannot show a rate
 * of exactly 0: the interval is then [0, 3/n] (or [1 − 3/n, 1]), the "rule
 * of three" bound for a rate never observed.
 */
export function dropRateInterval(strata: readonly FrameOutcomes[]): Interval {
  const drops = strata.map((s) => s.map((x) => (x === null ? 1 : 0)));
  const n = drops.reduce((k, s) => k + s.length, 0);
  if (n === 0) return [0, 0];
  const dropped = drops.reduce((k, s) => k + s.reduce<number>((a, b) => a + b, 0), 0);
  if (dropped === 0) return [0, Math.min(1, 3 / n)];
  if (dropped === n) return [Math.max(0, 1 - 3 / n), 1];
  return clusterBootstrapInterval(drops, mean) ?? [0, 1];
}

/** The figures that rest on frames, with their intervals, over one run or several pooled. */
export interface FrameFigures {
  readonly latencyMs: LatencySummary | null;
  readonly dropRate: number;
  readonly dropRateCi: Interval;
  /** Processed frames the latency figures rest on. */
  readonly framesUsed: number;
}

/** Latency and drop-rate figures of one or more runs' outcomes (one array per run, in capture order). */
export function frameFigures(strata: readonly FrameOutcomes[]): FrameFigures {
  const latencies = strata.map(processedLatencies);
  const produced = strata.reduce((n, s) => n + s.length, 0);
  const used = latencies.reduce((n, s) => n + s.length, 0);
  return {
    latencyMs: pooledLatency(latencies),
    dropRate: produced === 0 ? 0 : (produced - used) / produced,
    dropRateCi: dropRateInterval(strata),
    framesUsed: used,
  };
}

/** The processed frames' latencies, in capture order. */
export function processedLatencies(outcomes: FrameOutcomes): number[] {
  return outcomes.filter((x): x is number => x !== null);
}

/** An interval in other units (a dilated run's, back in production time). */
export function scaleInterval(ci: Interval, factor: number): Interval {
  return [ci[0] * factor, ci[1] * factor];
}
