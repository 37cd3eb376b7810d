/**
 * Tests of the block bootstrap: reproducible for the same records, the
 * textbook width on independent data, close to 95% coverage, wider (and
 * truer) than the ordinary bootstrap on autocorrelated frames, and pooled
 * runs resampled within themselves. Every random draw is seeded.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  blockLength,
  bootstrapInterval,
  clusterBootstrapInterval,
  mean,
  nearestRank,
  seededRandom,
} from './bootstrap.js';

/** Standard normal draws (Box–Muller) from a seeded generator. */
function normals(seed: number, n: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  });
}

/** An AR(1) series x_t = phi x_{t-1} + e_t, started from its stationary distribution. */
function ar1(seed: number, n: number, phi: number): number[] {
  const e = normals(seed, n);
  const out: number[] = [];
  let x = e[0]! / Math.sqrt(1 - phi * phi);
  for (let t = 0; t < n; t++) {
    if (t > 0) x = phi * x + e[t]!;
    out.push(x);
  }
  return out;
}

const meanCi = (xs: number[], o = {}) => bootstrapInterval([xs], mean, o)!;
const covers = (ci: readonly [number, number], x: number): boolean => ci[0] <= x && x <= ci[1];

describe('seededRandom', () => {
  it('repeats its sequence for a seed, differs across seeds, and stays in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const xs = Array.from({ length: 1000 }, () => a());
    assert.deepEqual(
      xs,
      Array.from({ length: 1000 }, () => b()),
    );
    assert.notEqual(xs[0], c());
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    // Uniform: the mean of 1000 draws is within 4 standard errors (0.0091 each) of 1/2.
    assert.ok(Math.abs(mean(xs) - 0.5) < 4 * Math.sqrt(1 / 12 / 1000));
  });
});

describe('nearestRank', () => {
  it('matches the run summary’s definition of p50, p90 and p99', () => {
    const xs = () => Float64Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, reversed
    assert.equal(nearestRank(xs(), 0.5), 50);
    assert.equal(nearestRank(xs(), 0.9), 90);
    assert.equal(nearestRank(xs(), 0.99), 99);
    assert.equal(nearestRank(Float64Array.from([3, 1, 2]), 0.9), 3);
    assert.ok(Number.isNaN(nearestRank(new Float64Array(0), 0.9)));
  });
});

describe('bootstrapInterval', () => {
  it('is null without values and a point for constant values', () => {
    assert.equal(bootstrapInterval([], mean), null);
    assert.equal(bootstrapInterval([[], []], mean), null);
    assert.deepEqual(meanCi([4, 4, 4, 4, 4]), [4, 4]);
    assert.deepEqual(meanCi([9]), [9, 9]);
  });

  it('gives the same interval for the same records and seed', () => {
    const xs = normals(1, 40);
    assert.deepEqual(meanCi(xs), meanCi([...xs]));
    assert.notDeepEqual(meanCi(xs), meanCi(xs, { seed: 2 }));
  });

  it('has the textbook width on independent frames: mean ± 1.96 s/√n', () => {
    const n = 400;
    const xs = normals(3, n).map((z) => 100 + 10 * z);
    const m = mean(xs);
    const s = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1));
    const expected = 1.96 * (s / Math.sqrt(n)); // 0.94 ms here
    const halfWidth = (ci: readonly [number, number]): number => (ci[1] - ci[0]) / 2;
    const single = meanCi(xs, { block: 1 });
    assert.ok(single[0] < m && m < single[1]);
    assert.ok(Math.abs(halfWidth(single) / expected - 1) < 0.08, `half-width ${halfWidth(single)}`);
    // Blocks of 7 frames also sum the (here spurious) sample autocorrelations of the first lags: a little narrower.
    const blocks = meanCi(xs);
    assert.ok(Math.abs(halfWidth(blocks) / expected - 1) < 0.2, `half-width ${halfWidth(blocks)}`);
  });

  it('covers the true mean of independent frames about 95% of the time', () => {
    let hits = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const xs = normals(100 + t, 50).map((z) => 50 + 5 * z);
      if (covers(meanCi(xs, { resamples: 1000, seed: t }), 50)) hits++;
    }
    // The percentile interval undercovers a little at n = 50; 200 trials give ±3% of noise.
    assert.ok(hits / trials >= 0.88 && hits / trials <= 0.99, `coverage ${hits / trials}`);
  });

  it('on autocorrelated frames covers far more often with blocks than frame by frame', () => {
    let blocks = 0;
    let single = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const xs = ar1(500 + t, 216, 0.7); // blocks of 6 frames
      if (covers(meanCi(xs, { resamples: 500, seed: t }), 0)) blocks++;
      if (covers(meanCi(xs, { resamples: 500, seed: t, block: 1 }), 0)) single++;
    }
    // Frame by frame the interval is sqrt((1+φ)/(1-φ)) = 2.4× too narrow (about 59% coverage);
    // blocks of 6 capture most of the dependence (about 85%).
    assert.ok(single / trials < 0.72, `frame-by-frame coverage ${single / trials}`);
    assert.ok(blocks / trials > 0.78, `block coverage ${blocks / trials}`);
  });

  it('resamples pooled runs within each run, keeping their sizes', () => {
    // Two runs at 10 ms and 20 ms: every resample keeps 5 of each, so the pooled mean is exactly 15.
    const ci = bootstrapInterval(
      [
        [10, 10, 10, 10, 10],
        [20, 20, 20, 20, 20],
      ],
      mean,
    )!;
    assert.deepEqual(ci, [15, 15]);
    // Two runs of the same distribution: the pooled interval is about 1/√2 of one run's.
    const a = normals(11, 200);
    const b = normals(12, 200);
    const one = meanCi(a);
    const both = bootstrapInterval([a, b], mean)!;
    const ratio = (both[1] - both[0]) / (one[1] - one[0]);
    assert.ok(Math.abs(ratio - Math.SQRT1_2) < 0.12, `ratio ${ratio}`);
  });

  it('resamples runs as clusters: runs that disagree widen the interval, runs that agree do not', () => {
    // Run means 100 and 130 with ±5 ms within each: frames within fixed runs see only the ±5.
    const a = normals(31, 30).map((x) => 100 + 5 * x);
    const b = normals(32, 30).map((x) => 130 + 5 * x);
    const within = bootstrapInterval([a, b], mean)!;
    const clustered = clusterBootstrapInterval([a, b], mean)!;
    assert.ok(within[1] - within[0] < 5, `within ${within.join('–')}`);
    // A resample draws the 100 ms run twice a quarter of the time, so the interval reaches both runs.
    assert.ok(clustered[0] < 103 && clustered[1] > 127, `clustered ${clustered.join('–')}`);
    // Three runs of one distribution: about as wide as frames within fixed runs (no between-run spread).
    const same = [normals(41, 60), normals(42, 60), normals(43, 60)];
    const w = bootstrapInterval(same, mean)!;
    const c = clusterBootstrapInterval(same, mean)!;
    const ratio = (c[1] - c[0]) / (w[1] - w[0]);
    assert.ok(ratio > 0.4 && ratio < 2, `ratio ${ratio}`);
    // One run: the same as the block bootstrap; runs of unequal size: the statistic sees the frames drawn.
    assert.deepEqual(clusterBootstrapInterval([a], mean), bootstrapInterval([a], mean));
    assert.deepEqual(clusterBootstrapInterval([[1], [5, 5, 5]], mean, { level: 1 - 1e-9 }), [1, 5]);
    assert.equal(clusterBootstrapInterval([[], []], mean), null);
  });

  it('gives a drop rate the binomial width: p ± 1.96 √(p(1−p)/n)', () => {
    const random = seededRandom(21);
    const drops = Array.from({ length: 400 }, () => (random() < 0.3 ? 1 : 0));
    const p = mean(drops);
    const [lo, hi] = bootstrapInterval([drops], mean, { block: 1 })!;
    const expected = 1.96 * Math.sqrt((p * (1 - p)) / 400);
    assert.ok(Math.abs((hi - lo) / 2 / expected - 1) < 0.15, `half-width ${(hi - lo) / 2} vs ${expected}`);
  });

  it('uses blocks of n^(1/3) frames', () => {
    assert.deepEqual([1, 2, 7, 8, 27, 30, 64, 216, 1000].map(blockLength), [1, 1, 2, 2, 3, 3, 4, 6, 10]);
  });
});
