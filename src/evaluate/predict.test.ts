/** Tests of the predictive method's model of latency, drops and bytes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromOutcomes, steadyOutcomes } from '../../test/helpers/frame-figures.js';
import type { Candidate } from '../slice/candidates.js';
import { loadInfra } from '../staging/index.js';
import type { MethodContext } from './methods/method.js';
import type { DeviceProfile } from '../pipeline/device-profile.js';
import { calibrate, pacedMs, predict } from './predict.js';
import { placementFor, topologyOf } from './topology.js';
import type { Baseline, RunRecord } from './types.js';

const infra = loadInfra('mid-end');
const topology = topologyOf(infra);
const INPUT = 600_000;
const RESULT = 400;

const FRAME = 2_000_000;

interface Figures {
  /** Round trip of the camera's same-tier hand-off to the transformer. */
  readonly cameraTransferMs?: number;
  readonly transformerMs?: number;
  /** Mean latency of the frames that got through; null when none did. */
  readonly latency: number | null;
}

/** A baseline run with the figures the model reads. */
function baseline(key: Baseline, computeMs: number, f: Figures): RunRecord {
  const timing = (computeMs: number, transferMs = 0) => ({
    queueMs: 0,
    computeMs,
    serializeMs: 0,
    transferMs,
    bytes: 0,
  });
  const latency = f.latency;
  return {
    key,
    kind: 'baseline',
    status: 'ok',
    placement: placementFor({ kind: 'baseline', baseline: key }, topology),
    cutBytes: 0,
    headOps: 0,
    wallMs: 0,
    metrics: {
      ...fromOutcomes(steadyOutcomes(10, latency)),
      droppedAt: {},
      fpsIn: 24,
      fpsOut: latency === null ? 0 : 24,
      stages: {
        camera: timing(0, f.cameraTransferMs ?? 0),
        transformer: timing(f.transformerMs ?? 3),
        evaluator0: timing(computeMs),
        classifier: timing(0.5),
      },
      links: [
        { from: 'camera', to: 'transformer', bytesPerFrame: FRAME },
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
const near = (actual: number, expected: number): void =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} vs ${expected}`);

/** Edge-only's links one way: the input up to the edge, the result back. */
const edgeLinks = 7.5 + wire(INPUT, 89.9) + 7.5 + wire(RESULT, 89.9);

describe('the predictive model', () => {
  // Client-only as a heavy model on a small client measures it: the DNN's
  // contention slows the transformer and the local hand-offs and leaves a large residual.
  const contendedClient = baseline('client-only', 60, {
    latency: 150,
    cameraTransferMs: 40,
    transformerMs: 20,
  });
  const ctx = context([
    contendedClient,
    baseline('edge-only', 4, { latency: 90, cameraTransferMs: 1.2 }),
    baseline('cloud-only', 2, { latency: 200, cameraTransferMs: 1.4 }),
  ]);

  it("takes the fixed cost from edge-only's residual after its links and the per-byte hand-off from its local hop", () => {
    const cal = calibrate(ctx)!;
    near(cal.fixedMs, 90 - 4 - edgeLinks);
    assert.equal(cal.msPerByte, 1.2 / FRAME);
    assert.equal(cal.transformerMs, 3);
    assert.deepEqual([cal.edgeMs, cal.cloudMs, cal.inputBytes, cal.resultBytes], [4, 2, INPUT, RESULT]);
  });

  it("leaves a contended client-only run's figures out: the same calibration with or without it", () => {
    const without = calibrate(context(ctx.baselines.filter((b) => b.key !== 'client-only')))!;
    assert.deepEqual(calibrate(ctx), without);
    // The old reading, client-only latency less compute, would have put 90 ms here.
    assert.ok(without.fixedMs < 90 - 60);
  });

  it('adds compute shares, one-way link times and the cut serialisation to the fixed cost', () => {
    const p = predict(ctx, calibrate(ctx)!, candidate);
    const expected =
      90 -
      4 -
      edgeLinks +
      (7.5 + wire(INPUT, 89.9)) +
      0.25 * 4 +
      (25 + wire(100_000, 50.22) + 100_000 * (1.2 / FRAME)) +
      0.75 * 2 +
      (32.5 + wire(RESULT, 41.02));
    near(p.latencyMs, expected);
    assert.equal(p.bytes, INPUT + 100_000);
  });

  it('predicts drops where the input hop (RTT + wire time) outlasts the frame interval', () => {
    const p = predict(ctx, calibrate(ctx)!, candidate);
    // Busy ~69.6 ms per frame against 41.7 ms between frames: about every second frame gets through.
    assert.equal(p.bottleneck, 'client→edge link');
    assert.ok(p.dropRate >= 0.5 && p.dropRate < 0.6, `${p.dropRate}`);
    assert.ok(Math.abs(p.fpsOut - 24 * (1 - p.dropRate)) < 1e-9);
  });

  it("falls back to cloud-only's residual when edge-only let no frame through, then to client-only's", () => {
    const noEdge = baseline('edge-only', 4, { latency: null, cameraTransferMs: 1.2 });
    const cloud = baseline('cloud-only', 2, { latency: 200 });
    const cloudLinks = 32.5 + wire(INPUT, 41.02) + 32.5 + wire(RESULT, 41.02);
    near(calibrate(context([contendedClient, noEdge, cloud]))!.fixedMs, 200 - 2 - cloudLinks);
    const noCloud = baseline('cloud-only', 2, { latency: null });
    assert.equal(calibrate(context([contendedClient, noEdge, noCloud]))!.fixedMs, 150 - 60);
  });

  it("takes a paced tier's compute from its profile: the candidate's listed tail, else its share of the median", () => {
    const profile = { latency: { medianMs: 8 }, candidates: [{ id: 'c0000001', headMs: 1.5, tailMs: 5.5 }] };
    const paced = { ...ctx, tierProfiles: { [topology.cloud]: profile as unknown as DeviceProfile } };
    assert.equal(pacedMs(paced, topology.cloud, candidate, 'tail'), 5.5);
    assert.equal(pacedMs(paced, topology.edge, candidate, 'head'), null);
    const other = { ...candidate, id: 'c0000002' };
    assert.equal(pacedMs(paced, topology.cloud, other, 'tail'), 8 * 0.75);
    const cal = calibrate(ctx)!;
    // Only the tail changes: from 0.75 × cloud-only's 2 ms to the profile's 5.5 ms.
    near(predict(paced, cal, candidate).latencyMs - predict(ctx, cal, candidate).latencyMs, 5.5 - 0.75 * 2);
  });

  it('cannot calibrate without edge-only and cloud-only figures', () => {
    assert.equal(calibrate(context([contendedClient])), null);
  });
});
