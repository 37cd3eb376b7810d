/** Tests of the shared median and robust spread. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { median, robustSigma } from './stats.js';

describe('median', () => {
  it('takes the middle value, or the mean of the middle two, without reordering its input', () => {
    const xs = [5, 1, 3];
    assert.equal(median(xs), 3);
    assert.deepEqual(xs, [5, 1, 3]);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });
});

describe('robustSigma', () => {
  it("estimates a normal sample's σ and ignores a few large outliers", () => {
    // Deterministic normal quantiles with σ = 2 around 10.
    const n = 999;
    const probit = (p: number): number => {
      // Bisection on the normal CDF: slow, but exact enough for a test.
      let lo = -8;
      let hi = 8;
      for (let i = 0; i < 80; i++) {
        const mid = (lo + hi) / 2;
        if (cdf(mid) < p) lo = mid;
        else hi = mid;
      }
      return (lo + hi) / 2;
    };
    const xs = Array.from({ length: n }, (_, i) => 10 + 2 * probit((i + 0.5) / n));
    assert.ok(Math.abs(robustSigma(xs) - 2) < 0.02, String(robustSigma(xs)));
    const stalled = [...xs, 60, 70, 80, 90, 100];
    assert.ok(Math.abs(robustSigma(stalled) - 2) < 0.05, String(robustSigma(stalled)));
    assert.ok(Math.abs(median(stalled) - 10) < 0.02);
    assert.ok(Number.isNaN(robustSigma([])));
  });
});

/** The standard normal CDF by the Abramowitz–Stegun 7.1.26 erf (error under 1.5e-7). */
function cdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
