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
 * the same configuration are strata: each is resampled within itself, with
 * its own size, and the resamples are pooled, so no block crosses from one
 * run into another. docs/EVALUATION.md says what the intervals mean and
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
  stats.sort();
  const alpha = 1 - (o.level ?? CONFIDENCE_LEVEL);
  const lo = stats[Math.floor((alpha / 2) * resamples)]!;
  const hi = stats[Math.max(0, Math.ceil((1 - alpha / 2) * resamples) - 1)]!;
  return [lo, hi];
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
