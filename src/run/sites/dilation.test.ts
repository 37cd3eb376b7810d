/** Tests of converting a dilated run's figures back to production time. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FrameRecord, RunSummary } from '../../pipeline/metrics.js';
import { undilateFrames, undilateSummary } from './dilation.js';

const timing = { queueMs: 4, computeMs: 8, serializeMs: 2, transferMs: 40, bytes: 1000 };
const summary: RunSummary = {
  framesProduced: 10,
  framesProcessed: 8,
  framesDropped: 2,
  droppedAt: { camera: 2 },
  dropReasons: { camera: { full: 2 } },
  dropRate: 0.2,
  fpsIn: 5,
  fpsOut: 4,
  latencyMs: { mean: 100, p50: 90, p90: 120, p99: 140, meanCi: [80, 120], p90Ci: [110, 130] },
  dropRateCi: [0.1, 0.3],
  framesUsed: 8,
  outcomes: [null, 100, 100, null, 100, 100, 100, 100, 100, 100],
  stages: { evaluator0: timing },
  links: [{ from: 'evaluator0', to: 'classifier', bytesPerFrame: 1000 }],
  warmup: { frames: 2, note: 'n' },
  cameraLateTicks: 0,
};

describe('undilate', () => {
  it('divides durations and multiplies rates by the dilation, keeping bytes and counts', () => {
    const u = undilateSummary(summary, 2);
    assert.deepEqual(u.latencyMs, { mean: 50, p50: 45, p90: 60, p99: 70, meanCi: [40, 60], p90Ci: [55, 65] });
    assert.deepEqual(u.dropRateCi, [0.1, 0.3]);
    assert.deepEqual(u.outcomes.slice(0, 3), [null, 50, 50]);
    assert.deepEqual(u.stages['evaluator0'], {
      queueMs: 2,
      computeMs: 4,
      serializeMs: 1,
      transferMs: 20,
      bytes: 1000,
    });
    assert.equal(u.fpsIn, 10);
    assert.equal(u.fpsOut, 8);
    assert.equal(u.dropRate, 0.2);
    assert.deepEqual(u.links, summary.links);
    assert.equal(undilateSummary(summary, 1), summary);
  });

  it('converts per-frame latency and stage timings', () => {
    const frame: FrameRecord = {
      frameId: 3,
      sourceIndex: 3,
      captureMs: 1234,
      status: 'processed',
      latencyMs: 80,
      stages: { evaluator0: timing },
    };
    const [u] = undilateFrames([frame, { ...frame, status: 'dropped', latencyMs: null }], 4);
    assert.equal(u?.latencyMs, 20);
    assert.equal(u?.captureMs, 1234);
    assert.equal(u?.stages['evaluator0']?.transferMs, 10);
    assert.equal(undilateFrames([frame], 4)[0]?.latencyMs, 20);
  });
});
