/** Tests of the built-in selection methods on squeezenet1_1 with a test-double profiler. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fakeFor, runMethod, squeezenetFixture, type Fixture } from '../../../test/helpers/evaluation.js';
import { loadInfra } from '../../staging/index.js';
import { makeDecision } from '../decision.js';
import type { Evaluation } from '../evaluate.js';
import { topologyOf } from '../topology.js';
import type { RunRecord } from '../types.js';
import { earlyStop } from './early-stop.js';
import { inputSideOrder, type MethodContext } from './method.js';
import { fromOutcomes, steadyOutcomes } from '../../../test/helpers/frame-figures.js';

let f: Fixture;
before(async () => {
  f = await squeezenetFixture();
});

function decide(ev: Evaluation, method: string): string | undefined {
  const ctx = {
    model: 'squeezenet',
    infra: 'mid-end',
    method,
    objective: 'latency' as const,
    constraints: {},
    listed: f.candidates.length,
  };
  return makeDecision(ctx, ev).chosen?.key;
}

/** Share of the model's FLOPs in a candidate's head. */
const shareOf = (id: string): number => {
  const c = f.candidates.find((x) => x.id === id)!;
  return c.headFlops / (c.headFlops + c.tailFlops);
};

describe('built-in selection methods on squeezenet1_1 (mid-end, test-double profiler)', () => {
  it('strongman stages every candidate in input-side order and finds the latency-best split', async () => {
    const profiler = fakeFor(f);
    const ev = await runMethod(f, 'strongman', profiler);
    assert.equal(f.candidates.length, 31);
    assert.deepEqual(
      ev.runs.map((r) => r.key),
      inputSideOrder(f.candidates).map((c) => c.id),
    );
    assert.deepEqual(profiler.calls.slice(0, 3), ['client-only', 'edge-only', 'cloud-only']);
    assert.equal(profiler.calls.length, 34);
    // c592fb7c and c0e53739 (the squeeze conv and its ReLU) tie on every figure; c592fb7c has one operator fewer on the edge.
    assert.equal(decide(ev, 'strongman'), 'c592fb7c');
  });

  it('comm-slim skips cuts over 0.9 of the edge–cloud link at 24 fps and stages the rest', async () => {
    const ev = await runMethod(f, 'comm-slim', fakeFor(f));
    const budget = (0.9 * 50.22e6) / 8 / 24;
    assert.equal(ev.pruned.length, 13);
    assert.ok(ev.pruned.some((p) => p.id === 'c70d4c2e')); // 3 MiB after the first ReLU
    assert.ok(ev.runs.every((r) => r.cutBytes <= budget));
    assert.equal(ev.runs.length, 18);
    assert.equal(decide(ev, 'comm-slim'), 'c592fb7c');
  });

  it('early-stop walks from the input side and stops when the edge slice outlasts the cloud slice', async () => {
    const ev = await runMethod(f, 'early-stop', fakeFor(f));
    const keys = ev.runs.map((r) => r.key);
    assert.deepEqual(
      keys,
      inputSideOrder(f.candidates)
        .slice(0, keys.length)
        .map((c) => c.id),
    );
    // Edge 4 GFLOP/s, cloud 16: the edge is slower once it holds over a fifth of the FLOPs.
    assert.equal(keys.at(-1), 'c2e9ccfe');
    assert.ok(shareOf('c2e9ccfe') > 0.2 && keys.slice(0, -1).every((k) => shareOf(k) <= 0.2));
    assert.equal(keys.length, 8);
    assert.match(ev.stopReason, /edge slice computes/);
    assert.equal(decide(ev, 'early-stop'), 'c592fb7c');
  });

  it('hybrid prunes like comm-slim, then stops like early-stop', async () => {
    const ev = await runMethod(f, 'hybrid', fakeFor(f));
    assert.equal(ev.pruned.length, 13);
    assert.deepEqual(
      ev.runs.map((r) => r.key),
      ['c592fb7c', 'c0e53739', 'cd6f0473', 'ceb8ada0', 'c7cae85d'],
    );
    assert.match(ev.stopReason, /at c7cae85d the edge slice computes/);
    assert.equal(decide(ev, 'hybrid'), 'c592fb7c');
  });

  it("predictive stages 3 and lands on strongman's choice, predicting what it measures", async () => {
    const profiler = fakeFor(f);
    const ev = await runMethod(f, 'predictive', profiler);
    assert.equal(ev.runs.length, 3);
    assert.equal(profiler.calls.length, 6);
    assert.deepEqual(
      ev.runs.map((r) => r.key),
      ['c592fb7c', 'c0e53739', 'c2177880'],
    );
    assert.equal(decide(ev, 'predictive'), 'c592fb7c');
    const ctx = {
      model: 'm',
      infra: 'mid-end',
      method: 'predictive',
      objective: 'latency' as const,
      constraints: {},
      listed: 31,
    };
    const rows = makeDecision(ctx, ev).predictions;
    assert.equal(rows.length, 3);
    for (const row of rows)
      assert.ok(row.latencyError !== null && row.latencyError < 1e-6, `${row.id}: ${row.latencyError}`);
  });
});

describe('early-stop on one run', () => {
  const infra = loadInfra('mid-end');
  const ctx: MethodContext = {
    candidates: [],
    infra,
    topology: topologyOf(infra),
    fps: 24,
    objective: 'latency',
    constraints: {},
    baselines: [],
    headShare: () => 0,
  };
  const stage = (computeMs: number) => ({ queueMs: 0, computeMs, serializeMs: 0, transferMs: 0, bytes: 0 });
  const run = (edgeMs: number, cloudMs: number, processed: number): RunRecord => ({
    key: 'c1',
    kind: 'candidate',
    status: 'ok',
    metrics: {
      ...fromOutcomes(steadyOutcomes(10, null)),
      framesProcessed: processed,
      framesDropped: 10 - processed,
      droppedAt: {},
      dropRate: 1 - processed / 10,
      fpsIn: 24,
      fpsOut: 24 * (processed / 10),
      stages: { evaluator0: stage(edgeMs), evaluator1: stage(cloudMs) },
      links: [],
    },
    placement: {},
    cutBytes: 0,
    headOps: 1,
    wallMs: 0,
  });
  const stopAfter = (r: RunRecord): string | null => earlyStop(ctx, { kept: [], history: [r] });

  it('stops when the edge slice computes longer than the cloud slice', () => {
    assert.match(
      stopAfter(run(3.2, 1.5, 6)) ?? '',
      /edge slice computes 3.2 ms, more than the cloud slice's 1.5 ms/,
    );
    assert.equal(stopAfter(run(1.5, 3.2, 6)), null);
  });

  it('goes on when no frame reached the cloud slice (the link dropped them all)', () => {
    assert.equal(stopAfter(run(1.2, 0, 0)), null);
  });
});
