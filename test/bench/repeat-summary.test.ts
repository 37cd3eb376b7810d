/** Tests of bench:repeat's summaries: agreement, conflicting clear calls, and the run-to-run spread. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSpread, summarise, type Outcome } from '../../bench/repeat-summary.js';

const outcome = (after: string, verdict: 'clear' | 'tie'): Outcome => ({
  method: 'predictive',
  before: after,
  after,
  verdict,
  margin: verdict === 'tie' ? 0.1 : null,
  extraRuns: verdict === 'tie' ? 2 : 0,
  beforeMs: 1000,
  afterMs: 3000,
});

describe('bench:repeat summaries', () => {
  it('flags two repeats that call different placements clear, not a tie beside a clear call', () => {
    const conflict = summarise('m', 'mid-end', 'predictive', [
      outcome('edge-only', 'clear'),
      outcome('client-only', 'clear'),
    ]);
    assert.equal(conflict.conflictingClear, true);
    const tied = summarise('m', 'mid-end', 'predictive', [
      outcome('edge-only', 'clear'),
      outcome('client-only', 'tie'),
    ]);
    assert.deepEqual([tied.conflictingClear, tied.ties, tied.extraRuns, tied.ttdAfterS], [false, 1, 2, 3]);
    assert.equal(tied.margins, '–, 10%');
  });

  it('measures how far runs of one split move: half the range over the mean', () => {
    const s = runSpread([
      { key: 'a', meanMs: 90 },
      { key: 'a', meanMs: 110 },
      { key: 'b', meanMs: 50 },
      { key: 'c', meanMs: 100 },
      { key: 'c', meanMs: 100 },
      { key: 'c', meanMs: 130 },
    ])!;
    // a: 10/100; c: 15/110; b was run once and does not count.
    assert.equal(s.splits, 2);
    assert.equal(s.median, 0.1);
    assert.equal(s.maxKey, 'c');
    assert.ok(Math.abs(s.max - 15 / 110) < 1e-12);
    assert.equal(runSpread([{ key: 'a', meanMs: 1 }]), null);
  });
});
