/** Tests of a run's intervals: pooled runs, drop rates never or always observed, scaling. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dropRateInterval, pooledLatency, processedLatencies, scaleInterval } from './intervals.js';

describe('run intervals', () => {
  it('pools runs: the figures over every frame, the interval resampled with runs as clusters', () => {
    const l = pooledLatency([
      [10, 10, 10, 10],
      [30, 30, 30, 30],
    ])!;
    assert.equal(l.mean, 20);
    assert.equal(l.p90, 30);
    // Two runs that disagree: a resample may draw the first twice or the second twice, so the
    // interval spans both (resampling frames within fixed runs would have given [20, 20]).
    assert.deepEqual(l.meanCi, [10, 30]);
    assert.equal(pooledLatency([[], []]), null);
  });

  it('keeps a narrow interval when the runs agree', () => {
    const l = pooledLatency([
      [19, 21, 20, 20],
      [20, 20, 21, 19],
      [21, 19, 20, 20],
    ])!;
    assert.ok(l.meanCi[0] >= 19.5 && l.meanCi[1] <= 20.5, l.meanCi.join('–'));
  });

  it('bounds a drop rate never (or always) observed by the rule of three', () => {
    const none = Array.from({ length: 30 }, () => 12);
    assert.deepEqual(dropRateInterval([none]), [0, 0.1]);
    assert.deepEqual(dropRateInterval([[null, null], [null]]), [0, 1]);
    assert.deepEqual(dropRateInterval([Array.from({ length: 60 }, () => null)]), [0.95, 1]);
    assert.deepEqual(dropRateInterval([]), [0, 0]);
  });

  it('brackets an observed drop rate', () => {
    const outcomes = Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? null : 5));
    const [lo, hi] = dropRateInterval([outcomes]);
    assert.ok(lo < 0.25 && 0.25 < hi && lo >= 0 && hi <= 0.6, `${lo}–${hi}`);
    assert.deepEqual(processedLatencies([null, 3, null, 4]), [3, 4]);
  });

  it('scales an interval with the figures', () => {
    assert.deepEqual(scaleInterval([10, 20], 0.5), [5, 10]);
  });
});
