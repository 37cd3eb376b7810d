/** Tests of joining stage records into per-frame records and a run summary. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StageStats } from './messages.js';
import { fp16Summary, joinRecords, latencySummary, summarise } from './metrics.js';

const timing = (frameId: number, computeMs: number, bytes: number) => ({
  frameId,
  queueMs: 1,
  computeMs,
  serializeMs: 0.5,
  transferMs: 2,
  bytes,
});

/** Frames 0–5 at 10 fps; 0 is warm-up, 1–3 come back, 4 is dropped at the transformer, 5 is lost. */
function stats(): StageStats[] {
  const captures = [0, 1, 2, 3, 4, 5].map((id) => ({
    frameId: id,
    sourceIndex: id,
    captureMs: 1000 + id * 100,
    warmup: id === 0,
  }));
  return [
    {
      stage: 'camera',
      records: [0, 1, 2, 3, 4, 5].map((id) => timing(id, 0, 900)),
      drops: [],
      captures,
      results: [0, 1, 2, 3].map((id) => ({
        frameId: id,
        resultMs: 1000 + id * 100 + 10 * id,
        result: { id },
      })),
      late: 0,
      fps: 10,
    },
    {
      stage: 'transformer',
      records: [0, 1, 2, 3, 4].map((id) => timing(id, 3, 600)),
      // Frame 2 timed out here but its result came back anyway: it counts as processed.
      drops: [
        { frameId: 4, reason: 'full', message: 'queue full' },
        { frameId: 2, reason: 'deadline', message: 'late' },
      ],
    },
    {
      stage: 'evaluator0',
      records: [0, 1, 2, 3].map((id) => timing(id, 5, 40)),
      drops: [],
      fp16: { maxAbs: 1e-3, maxRel: 4e-4, overflowed: 0 },
    },
  ];
}

describe('run metrics', () => {
  it('joins stage records by frame id, leaving out the warm-up', () => {
    const frames = joinRecords(stats());
    assert.deepEqual(
      frames.map((f) => [f.frameId, f.status, f.droppedAt ?? null]),
      [
        [1, 'processed', null],
        [2, 'processed', null],
        [3, 'processed', null],
        [4, 'dropped', 'transformer'],
        [5, 'dropped', 'in-flight'],
      ],
    );
    assert.equal(frames[0]!.latencyMs, 10);
    assert.deepEqual(Object.keys(frames[0]!.stages), ['camera', 'transformer', 'evaluator0']);
    assert.deepEqual(frames[0]!.result, { id: 1 });
  });

  it('summarises with the drop identity, drop places and reasons, rates and link bytes', () => {
    const s = summarise(joinRecords(stats()), stats(), 1);
    assert.equal(s.framesProduced, 5);
    assert.equal(s.framesProcessed + s.framesDropped, s.framesProduced);
    assert.deepEqual(s.droppedAt, { transformer: 1, 'in-flight': 1 });
    assert.deepEqual(s.dropReasons, { transformer: { full: 1 }, 'in-flight': { 'in-flight': 1 } });
    assert.equal(s.dropRate, 2 / 5);
    // Captures 100 ms apart from 1100 to 1500: 0.5 s with the last frame's period.
    assert.equal(s.fpsIn, 10);
    assert.equal(s.fpsOut, 6);
    const { meanCi, p90Ci, ...point } = s.latencyMs!;
    assert.deepEqual(point, { mean: 20, p50: 20, p90: 30, p99: 30 });
    assert.ok(meanCi[0] >= 10 && meanCi[0] < 20 && meanCi[1] > 20 && meanCi[1] <= 30, String(meanCi));
    assert.ok(p90Ci[0] >= 10 && p90Ci[1] === 30, String(p90Ci));
    assert.equal(s.framesUsed, 3);
    assert.ok(s.dropRateCi[0] < 0.4 && s.dropRateCi[1] > 0.4 && s.dropRateCi[1] <= 1, String(s.dropRateCi));
    assert.deepEqual(
      s.links.map((l) => [l.from, l.to, l.bytesPerFrame]),
      [
        ['camera', 'transformer', 900],
        ['transformer', 'evaluator0', 600],
        ['evaluator0', 'camera', 40],
      ],
    );
    assert.equal(s.stages.evaluator0!.computeMs, 5);
    assert.match(s.warmup.note, /first 1 frames/);
  });

  it('takes nearest-rank percentiles and the largest fp16 error', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    const summary = latencySummary(values)!;
    assert.deepEqual(
      { mean: summary.mean, p50: summary.p50, p90: summary.p90, p99: summary.p99 },
      { mean: 50.5, p50: 50, p90: 90, p99: 99 },
    );
    // A falling ramp: blocks of 5 frames keep its order, and the mean's interval brackets 50.5.
    assert.ok(summary.meanCi[0] < 50.5 && 50.5 < summary.meanCi[1], String(summary.meanCi));
    assert.ok(summary.p90Ci[0] <= 90 && 90 <= summary.p90Ci[1], String(summary.p90Ci));
    assert.deepEqual(latencySummary([7, 7, 7])?.meanCi, [7, 7]);
    assert.equal(latencySummary([]), null);
    assert.deepEqual(fp16Summary(stats()), { maxAbs: 1e-3, maxRel: 4e-4, overflowed: 0 });
    assert.equal(fp16Summary(stats().slice(0, 2)), null);
  });
});
