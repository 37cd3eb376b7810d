/** Tests of the shared median. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { median } from './stats.js';

describe('median', () => {
  it('takes the middle value, or the mean of the middle two, without reordering its input', () => {
    const xs = [5, 1, 3];
    assert.equal(median(xs), 3);
    assert.deepEqual(xs, [5, 1, 3]);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });
});
