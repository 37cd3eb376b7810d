/** Tests of the decision's words on the runs that had no say. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exclusionWords } from './decision.js';

describe('exclusionWords', () => {
  it('says none when every run was eligible', () => {
    assert.equal(exclusionWords([]), 'none excluded');
  });

  it('names the runs per cause, failures first', () => {
    const words = exclusionWords([
      { key: 'cloud-only', cause: 'too few frames', reason: 'insufficient: 7 of 10 frames processed' },
      { key: 'c40670ae', cause: 'too few frames', reason: 'insufficient: 9 of 10 frames processed' },
      { key: 'c1111111', cause: 'over a limit', reason: 'latency 250.0 ms over the 200 ms limit' },
      { key: 'c2222222', cause: 'failed', reason: 'failed: stage evaluator1 died' },
    ]);
    assert.equal(
      words,
      '4 excluded: c2222222 failed; cloud-only, c40670ae with too few frames; c1111111 over a limit',
    );
  });

  it('counts a cause rather than naming more than three runs', () => {
    const many = ['a', 'b', 'c', 'd'].map((key) => ({ key, cause: 'failed' as const, reason: 'failed: x' }));
    assert.equal(exclusionWords(many), '4 excluded: 4 failed');
    assert.equal(exclusionWords(many.slice(0, 3)), '3 excluded: a, b, c failed');
  });
});
