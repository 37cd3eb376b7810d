/**
 * Confidence intervals by the bootstrap, for figures measured over the frames
 * of a run: a seeded pseudo-random generator (the same records give the same
 * interval), a circular block bootstrap over consecutive frames, and the
 * percentile interval of the resampled statistic.
 *
 * Why blocks: in a pipeline, consecutive frames share queues, a busy core or
 * a slow moment of a link, so their latencies are correlated; resampling
 * single frames would treat them as independent and give intervals that are
 * too narrow. Blocks of consecutive frames keep the short-range dependence
 * (Künsch 1989; circular, so every frame is equally likely to be drawn:
 * Politis and Romano 1992). Block length: n^(1/3) frames, the order that
 * suits variance estimation (Hall, Horowitz and Jing 1995). Several runs of
 * the same configuration are clusters: a resample draws runs with
 * replacement, then blocks within each drawn run (no block crosses from one
 * run into another), so runs that disagree widen the interval. docs/EVALUATION.md says what the intervals mean and
 * where they fail.
 */

/** A closed interval [lo, hi]. */
export type Interval = readonly [number, number];

export const CONFIDENCE_LEVEL = 0.95;
export const RESAMPLES = 2000;
export const BOOTSTRAP_SEED = 0x5eed_c0de;

/** mulberry32: a small, fast 32-bit generator, uniform on [0, 1); the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Frames per block for n consecutive frames: n^(1/3) rounded, at least 1. */
export function blockLength(n: number): number {
  return Math.max(1, Math.round(Math.cbrt(n)));
}

export interface BootstrapOptions {
  readonly level?: number;
  readonly resamples?: number;
  readonly seed?: number;
  /** Frames per block; blockLength(n) of each stratum when absent. 1 is the ordinary (iid) bootstrap. */
  readonly block?: number;
}

/**
 * The percentile interval of `statistic` over block-bootstrap resamples of
 * `strata` (one array of per-frame values per run, in frame order); null when
 * there are no values. `statistic` may reorder the array it is given.
 */
export function bootstrapInterval(
  strata: readonly (readonly number[])[],
  statistic: (xs: Float64Array) => number,
  o: BootstrapOptions = {},
): Interval | null {
  const filled = strata.filter((s) => s.length > 0);
  const total = filled.reduce((n, s) => n + s.length, 0);
  if (total === 0) return null;
  const resamples = o.resamples ?? RESAMPLES;
  const random = seededRandom(o.seed ?? BOOTSTRAP_SEED);
  const buffer = new Float64Array(total);
  const stats = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let at = 0;
    for (const s of filled) at = drawBlocks(s, o.block ?? blockLength(s.length), random, buffer, at);
    stats[b] = statistic(buffer);
  }
  return percentiles(stats, o.level);
}

/**
 * The percentile interval of `statistic` over a two-stage (cluster)
 * bootstrap of several runs: each resample draws as many runs as there are,
 * with replacement, then block-resamples the frames within each drawn run.
 * Runs that disagree (a change of load between them, another placement of
 * processes) then widen the interval, which resampling frames within fixed
 * runs cannot do (Davison and Hinkley 1997, §3.8). With one run it is
 * bootstrapInterval. null when there are no values.
 */
export function clusterBootstrapInterval(
  strata: readonly (readonly number[])[],
  statistic: (xs: Float64Array) => number,
  o: BootstrapOptions = {},
): Interval | null {
  const filled = strata.filter((s) => s.length > 0);
  if (filled.length <= 1) return bootstrapInterval(filled, statistic, o);
  const resamples = o.resamples ?? RESAMPLES;
  const random = seededRandom(o.seed ?? BOOTSTRAP_SEED);
  // Room for the longest run drawn every time.
  const buffer = new Float64Array(Math.max(...filled.map((s) => s.length)) * filled.length);
  const stats = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let at = 0;
    for (let k = 0; k < filled.length; k++) {
      const s = filled[Math.floor(random() * filled.length)]!;
      at = drawBlocks(s, o.block ?? blockLength(s.length), random, buffer, at);
    }
    // Drawn runs differ in size: the statistic sees exactly the frames drawn.
    stats[b] = statistic(buffer.subarray(0, at));
  }
  return percentiles(stats, o.level);
}

/** The two-sided percentile interval of sorted-in-place bootstrap statistics. */
function percentiles(stats: Float64Array, level: number | undefined): Interval {
  stats.sort();
  const n = stats.length;
  const alpha = 1 - (level ?? CONFIDENCE_LEVEL);
  return [stats[Math.floor((alpha / 2) * n)]!, stats[Math.max(0, Math.ceil((1 - alpha / 2) * n) - 1)]!];
}

/** Fill s.length values of `out` from `at` with circular blocks of s; returns the next free index. */
function drawBlocks(
  s: readonly number[],
  block: number,
  random: () => number,
  out: Float64Array,
  at: number,
): number {
  const n = s.length;
  const end = at + n;
  let i = at;
  while (i < end) {
    const start = Math.floor(random() * n);
    for (let k = 0; k < block && i < end; k++) out[i++] = s[(start + k) % n]!;
  }
  return end;
}

export function mean(xs: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  return xs.length === 0 ? NaN : sum / xs.length;
}

/**
 * The nearest-rank p-quantile (the smallest value with at least p of the
 * values at or below it), as the run summary reports p50/p90/p99. Reorders xs.
 */
export function nearestRank(xs: Float64Array, p: number): number {
  if (xs.length === 0) return NaN;
  const k = Math.min(xs.length - 1, Math.max(0, Math.ceil(p * xs.length) - 1));
  return select(xs, k);
}

/** The k-th smallest value (0-based) by quickselect, partially reordering xs. */
function select(xs: Float64Array, k: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i]! < pivot) i++;
      while (xs[j]! > pivot) j--;
      if (i <= j) {
        const t = xs[i]!;
        xs[i] = xs[j]!;
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return xs[k]!;
  }
  return xs[k]!;
}
