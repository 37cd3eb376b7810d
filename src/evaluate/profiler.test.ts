/** Tests of the evaluator's rules for a run's frames: the default minimum and what an insufficient run says. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultMinFrames, extendedFrames, insufficientReason, MIN_PROCESSED } from './profiler.js';

describe('minimum processed frames', () => {
  it('is a quarter of the frames asked for, at least ten, never more than asked for', () => {
    assert.equal(MIN_PROCESSED, 10);
    assert.equal(defaultMinFrames(30), 10);
    assert.equal(defaultMinFrames(100), 25);
    assert.equal(defaultMinFrames(6), 6);
  });

  it('says how many frames an insufficient run would need at the rate it processed them', () => {
    assert.equal(
      insufficientReason(5, 10, 10),
      '5 of 10 frames processed, fewer than the 10 needed; at this rate --frames 20 would give them',
    );
    assert.equal(
      insufficientReason(4, 30, 10),
      '4 of 30 frames processed, fewer than the 10 needed; at this rate --frames 75 would give them',
    );
    assert.equal(
      insufficientReason(0, 30, 10),
      '0 of 30 frames processed, fewer than the 10 needed; it processed none, so more frames would not help',
    );
  });
});

describe('extendedFrames', () => {
  it('asks for the frames that give the minimum at the measured rate, with a quarter more, within the cap', () => {
    // 4 of 30 processed, 10 needed: 75 at that rate, 94 with the margin.
    assert.equal(extendedFrames(4, 30, 10, 240), 94);
    // The cap holds the margin back but not a need the cap can meet.
    assert.equal(extendedFrames(4, 30, 10, 80), 80);
    assert.equal(extendedFrames(4, 30, 10, 74), null);
    // Nothing processed: more frames would not help. Enough processed: nothing to do.
    assert.equal(extendedFrames(0, 30, 10, 240), null);
    assert.equal(extendedFrames(10, 30, 10, 240), null);
    // --max-frames equal to --frames turns it off.
    assert.equal(extendedFrames(9, 30, 10, 30), null);
  });
});
