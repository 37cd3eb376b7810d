/**
 * Tests of the check that paced stages kept to their profiles: which frames
 * lagged, the dilation a lagging run needs, and the one re-staging a run gets
 * (the run itself a test double here; test/e2e/paced-check.test.ts runs it).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TEST_HOST } from '../../test/helpers/host.js';
import type { FrameRecord } from '../pipeline/metrics.js';
import { makeStagingPlan, parseInfra, type StagingPlan } from '../staging/index.js';
import {
  applyPacedRun,
  atLeastDilated,
  pacedLags,
  pacingNotes,
  restageDilation,
  type PacedLag,
} from './pacing-lag.js';
import type { PacedTier } from './pacing.js';
import type { RunReport } from './run.js';

const PACE_MS = 10;

const PACED: PacedTier = {
  tier: 'cloud',
  profile: '/p/cloud.json',
  label: 'measured on Test CPU',
  synthetic: false,
  stages: [{ stage: 'evaluator1', paceMs: PACE_MS, hostMs: 8 }],
};

function frame(id: number, workMs: number | undefined): FrameRecord {
  const timing = {
    queueMs: 0,
    computeMs: Math.max(PACE_MS, workMs ?? 0),
    serializeMs: 0,
    transferMs: 0,
    bytes: 1,
  };
  return {
    frameId: id,
    sourceIndex: id,
    captureMs: id * 200,
    status: 'processed',
    latencyMs: 20,
    stages: {
      evaluator0: { ...timing, computeMs: 3 },
      evaluator1: { ...timing, ...(workMs !== undefined && { workMs }) },
    },
  };
}

/** A run's report as far as the lag check reads it: the paced tiers and the frames. */
function reportOf(work: readonly number[], paced: readonly PacedTier[] = [PACED]): RunReport {
  return { plan: { paced }, frames: work.map((w, i) => frame(i, w)) } as unknown as RunReport;
}

function stagingAt(minDilation: number): StagingPlan {
  const infra = parseInfra(
    [
      'tiers:',
      '  - { name: client, cpus: 1, ghz: 2.5, memoryGb: 2 }',
      '  - { name: cloud, cpus: 1, ghz: 2.5, memoryGb: 2 }',
      'links:',
      '  - { between: [client, cloud], rttMs: 2, mbps: 100 }',
      '',
    ].join('\n'),
    'lag.yaml',
    'lag',
    '/tmp',
  );
  return makeStagingPlan(infra, TEST_HOST, 'lagtest', { minDilation });
}

describe('paced stages against their profiles', () => {
  it('counts the frames whose compute ran past the profile time and the 90th percentile of the ratio', () => {
    // Ten frames: 9, 9.5, 10 (not past), 11, 12 (past); the 90th percentile (nearest rank) is the 9th.
    const work = [9, 9.5, 10, 9, 9, 11, 9, 9, 12, 9];
    const [lag] = pacedLags(reportOf(work));
    assert.deepEqual(lag, {
      stage: 'evaluator1',
      paceMs: PACE_MS,
      frames: 10,
      lagged: 2,
      ratio: 11 / PACE_MS,
    });
  });

  it('reads nothing for stages without their own compute (unpaced) or a run without paced tiers', () => {
    assert.deepEqual(
      pacedLags({ plan: { paced: [PACED] }, frames: [frame(0, undefined)] } as unknown as RunReport),
      [],
    );
    assert.deepEqual(pacedLags(reportOf([20, 20], [])), []);
  });

  it('asks for more dilation only when more than a tenth of the frames lagged, by the 90th percentile and a margin of 1.25', () => {
    const lag = (lagged: number, ratio: number, paceMs = 5): PacedLag => ({
      stage: 'e',
      paceMs,
      frames: 20,
      lagged,
      ratio,
    });
    assert.equal(restageDilation([lag(2, 1.3)], 2), null);
    assert.equal(restageDilation([lag(0, 0.9)], 2), null);
    assert.equal(restageDilation([lag(3, 1.25)], 2), 2 * 1.25 * 1.25);
    // The worst stage decides.
    assert.equal(restageDilation([lag(3, 1.25), lag(10, 1.5), lag(1, 3)], 4), 4 * 1.5 * 1.25);
    assert.equal(restageDilation([], 3), null);
    // A part under 2 ms is reported, not chased: its lag is onnxruntime's call and the event loop's turn.
    assert.equal(restageDilation([lag(20, 5, 1.9)], 3), null);
    assert.equal(restageDilation([lag(20, 5, 1.9), lag(3, 1.2, 2)], 3), 3 * 1.2 * 1.25);
  });

  it('keeps a staging area that is dilated enough and replans one that is not', () => {
    const plan = stagingAt(2);
    const asked: number[] = [];
    const at = atLeastDilated(plan, (d) => (asked.push(d), stagingAt(d)));
    assert.equal(at(1.5), plan);
    assert.equal(at(2), plan);
    assert.equal(at(3).scaling.dilation, 3);
    assert.deepEqual(asked, [3]);
  });
});

describe('applyPacedRun', () => {
  it('stages a lagging run once more, dilated by its lag, and says so', async () => {
    const dilations: number[] = [];
    const logged: string[] = [];
    const runs = [
      reportOf([12, 12, 12, 12, 12, 12, 12, 12, 12, 12]),
      reportOf([9, 9, 9, 9, 9, 9, 9, 9, 9, 11]),
    ];
    const report = await applyPacedRun(
      (d) => stagingAt(d),
      (plan) => (dilations.push(plan.scaling.dilation), Promise.resolve(runs.shift()!)),
      { dilation: 2, log: { info: (m) => logged.push(m), warn: (m) => logged.push(m) } },
    );
    assert.equal(dilations.length, 2);
    assert.equal(dilations[0], 2);
    assert.ok(Math.abs(dilations[1]! - 2 * 1.2 * 1.25) < 1e-9, `${dilations[1]}`);
    assert.equal(report.pacing?.restagedFrom, 2);
    // What the report carries is the second run's: one frame of ten lagged, within the tolerance.
    assert.deepEqual(report.pacing?.lags, [
      { stage: 'evaluator1', paceMs: PACE_MS, frames: 10, lagged: 1, ratio: 0.9 },
    ]);
    assert.equal(logged.length, 1);
    assert.match(
      logged[0]!,
      /evaluator1 computed past its profile's time on 10 of 10 frames .*×3\.00 \(was ×2\.00\)$/,
    );
    assert.deepEqual(pacingNotes(report.pacing), [
      'the first run lagged behind a profile at ×2.00: staged again, more dilated',
      "paced stage evaluator1 computed past its profile's time on 1 of 10 frames (90th percentile ×0.90 of it)",
    ]);
  });

  it('runs once when the host kept up, and reports a second lag without chasing it', async () => {
    let calls = 0;
    const kept = await applyPacedRun(stagingAt, () => (calls++, Promise.resolve(reportOf([9, 9, 9]))), {
      dilation: 1.5,
    });
    assert.equal(calls, 1);
    assert.deepEqual(kept.pacing, {
      lags: [{ stage: 'evaluator1', paceMs: PACE_MS, frames: 3, lagged: 0, ratio: 0.9 }],
      restagedFrom: null,
    });
    assert.deepEqual(pacingNotes(kept.pacing), ['every paced frame computed within its profile time']);

    calls = 0;
    const lagging = await applyPacedRun(stagingAt, () => (calls++, Promise.resolve(reportOf([15, 15]))), {
      dilation: 1,
    });
    assert.equal(calls, 2);
    // Restaged from the dilation the first area actually had (this test host dilates ×4/3 anyway).
    assert.equal(lagging.pacing?.restagedFrom, stagingAt(1).scaling.dilation);
    assert.equal(lagging.pacing?.lags[0]?.lagged, 2);
  });

  it('leaves a run without paced tiers as it was', async () => {
    const plain = reportOf([50], []);
    const report = await applyPacedRun(stagingAt, () => Promise.resolve(plain), { dilation: 1 });
    assert.equal(report, plain);
    assert.equal(report.pacing, undefined);
    assert.deepEqual(pacingNotes(undefined), []);
  });

  it('says when a lagging part was too short to chase', () => {
    const lags = [{ stage: 'evaluator2', paceMs: 0.5, frames: 10, lagged: 8, ratio: 1.6 }];
    assert.equal(restageDilation(lags, 2), null);
    assert.deepEqual(pacingNotes({ lags, restagedFrom: null }), [
      "paced stage evaluator2 computed past its profile's time on 8 of 10 frames (90th percentile ×1.60 of it; a part under 2 ms, not chased)",
    ]);
  });
});
