/** Tests of the methods benchmark's write-up figures. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorPct, medianOrNull } from '../../bench/methods-report.js';

describe('bench:methods write-up', () => {
  it('prints a prediction error with one decimal, so one just under 15% does not read as 15%', () => {
    assert.equal(errorPct(0.146), '14.6%');
    assert.equal(errorPct(0.15), '15.0%');
    assert.equal(errorPct(0), '0.0%');
    assert.equal(errorPct(null), '–');
  });

  it('takes the median of the per-case errors, and none for no cases', () => {
    assert.equal(medianOrNull([0.02, 0.146, 0.05]), 0.05);
    assert.equal(medianOrNull([]), null);
  });
});
