import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Candidate } from '../slice/candidates.js';
import { loadInfra } from '../staging/load.js';
import type { MethodContext } from './methods/method.js';
import { calibrate, predict } from './predict.js';
import { placementFor, topologyOf } from './topology.js';
import type { Baseline, RunRecord } from './types.js';

const infra = loadInfra('mid-end');
const topology = topologyOf(infra);
const INPUT = 600_000;
const RESULT = 400;

/** A baseline run with the figures the model reads. */
function baseline(key: Baseline, latency: number, computeMs: number, transformerTransferMs = 0): RunRecord {
  const timing = (computeMs: number, transferMs = 0) => ({
    queueMs: 0,
    computeMs,
    serializeMs: 0,
    transferMs,
    bytes: 0,
  });
  return {
    key,
    kind: 'baseline',
    status: 'ok',
    placement: placementFor({ kind: 'baseline', baseline: key }, topology),
    cutBytes: 0,
    headOps: 0,
    wallMs: 0,
    metrics: {
      framesProduced: 10,
      framesProcessed: 10,
      framesDropped: 0,
      droppedAt: {},
      dropRate: 0,
      fpsIn: 24,
      fpsOut: 24,
      latencyMs: { mean: latency, p50: latency, p90: latency, p99: latency },
      stages: {
        transformer: timing(3, transformerTransferMs),
        evaluator0: timing(computeMs),
        classifier: timing(0.5),
      },
      links: [
        { from: 'transformer', to: 'evaluator0', bytesPerFrame: INPUT },
        { from: 'classifier', to: 'camera', bytesPerFrame: RESULT },
      ],
    },
  };
}

const candidate: Candidate = {
  id: 'c0000001',
  tensors: [],
  bytes: 100_000,
  headOps: 10,
  tailOps: 30,
  headFlops: 1,
  tailFlops: 3,
};

function context(baselines: RunRecord[]): MethodContext {
  return {
    candidates: [candidate],
    infra,
    topology,
    fps: 24,
    objective: 'latency',
    constraints: {},
    baselines,
    headShare: () => 0.25,
  };
}

const wire = (bytes: number, mbps: number): number => (bytes * 8) / (mbps * 1000);

describe('the predictive model', () => {
  const ctx = context([
    baseline('client-only', 20, 5, 1.2),
    baseline('edge-only', 90, 4),
    baseline('cloud-only', 200, 2),
  ]);

  it('takes the fixed cost from client-only and the per-byte hand-off cost from its local hop', () => {
    const cal = calibrate(ctx)!;
    assert.equal(cal.fixedMs, 15);
    assert.equal(cal.msPerByte, 1.2 / INPUT);
    assert.deepEqual([cal.edgeMs, cal.cloudMs, cal.inputBytes, cal.resultBytes], [4, 2, INPUT, RESULT]);
  });

  it('adds compute shares, one-way link times and the cut serialisation to the fixed cost', () => {
    const p = predict(ctx, calibrate(ctx)!, candidate);
    const expected =
      15 +
      (7.5 + wire(INPUT, 89.9)) +
      0.25 * 4 +
      (25 + wire(100_000, 50.22) + 100_000 * (1.2 / INPUT)) +
      0.75 * 2 +
      (32.5 + wire(RESULT, 41.02));
    assert.ok(Math.abs(p.latencyMs - expected) < 1e-9, `${p.latencyMs} vs ${expected}`);
    assert.equal(p.bytes, INPUT + 100_000);
  });

  it('predicts drops where the input hop (RTT + wire time) outlasts the frame interval', () => {
    const p = predict(ctx, calibrate(ctx)!, candidate);
    // Busy ~69.6 ms per frame against 41.7 ms between frames: about every second frame gets through.
    assert.equal(p.bottleneck, 'client→edge link');
    assert.ok(p.dropRate >= 0.5 && p.dropRate < 0.6, `${p.dropRate}`);
    assert.ok(Math.abs(p.fpsOut - 24 * (1 - p.dropRate)) < 1e-9);
  });

  it("falls back to edge-only's residual after its links without client-only figures", () => {
    const cal = calibrate(context([baseline('edge-only', 90, 4), baseline('cloud-only', 200, 2)]))!;
    const links = 7.5 + wire(INPUT, 89.9) + 7.5 + wire(RESULT, 89.9);
    assert.ok(Math.abs(cal.fixedMs - (90 - 4 - links)) < 1e-9);
    assert.equal(cal.msPerByte, 0);
  });

  it('cannot calibrate without edge-only and cloud-only figures', () => {
    assert.equal(calibrate(context([baseline('client-only', 20, 5)])), null);
  });
});
