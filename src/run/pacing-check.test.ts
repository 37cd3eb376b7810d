/**
 * Tests of `couper staging check --model`'s pure steps: the run that checks a
 * paced tier puts every stage on that tier (a paced tier need not be linked to
 * the client), and the verdict compares the evaluator's service time with the
 * profile's, with the 5% target only for parts of 2 ms and more.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TEST_HOST } from '../../test/helpers/host.js';
import { DEFAULT_PROFILE } from '../pipeline/profile.js';
import { makeStagingPlan, parseInfra } from '../staging/index.js';
import { judgePaced, pacedCheckSettings, PACED_TARGET, PACED_TARGET_MIN_MS } from './pacing-check.js';
import type { PacedTier } from './pacing.js';
import { planRun } from './run-plan.js';

const YAML = [
  'tiers:',
  '  - { name: client, cpus: 1, ghz: 1, memoryGb: 1 }',
  '  - { name: edge, cpus: 2, ghz: 1, memoryGb: 2 }',
  '  - { name: cloud, cpus: 4, ghz: 1, memoryGb: 8, profile: ./x10.json }',
  'links:',
  '  - { between: [client, edge], rttMs: 10, mbps: 100 }',
  '  - { between: [edge, cloud], rttMs: 20, mbps: 100 }',
  '',
].join('\n');

function pacedTier(tier: string, paceMs: number): PacedTier {
  return {
    tier,
    profile: `/lab/${tier}.json`,
    label: "synthetic: 'P100 guess', ×10 of a profile measured on Test CPU",
    synthetic: true,
    stages: [{ stage: 'evaluator0', paceMs, hostMs: paceMs * 3 }],
  };
}

describe('the run that checks a paced tier', () => {
  it('puts every stage on the paced tier, which has no link to the client', () => {
    const staging = makeStagingPlan(parseInfra(YAML, '/lab/infra.yaml', 'lab', '/lab'), TEST_HOST, 'r1');
    const settings = pacedCheckSettings('cloud', staging, {
      model: 'm.onnx',
      frames: 30,
      fps: 5,
      backend: 'local',
    });
    assert.equal(settings.frames, 30);
    assert.equal(settings.fps, 5);
    assert.deepEqual(settings.staged?.profiles, { cloud: '/lab/x10.json' });
    const plan = planRun(
      {
        model: 'm.onnx',
        split: ['none'],
        cuts: [],
        parts: [{ file: 'm.onnx', inputs: ['x'], outputs: ['y'] }],
        source: { kind: 'synthetic', width: 64, height: 48 },
        profile: DEFAULT_PROFILE,
        input: { name: 'x', width: 3, height: 2 },
      },
      settings,
    );
    assert.deepEqual(
      plan.stages.map((s) => [s.name, s.tier]),
      [
        ['camera', 'cloud'],
        ['transformer', 'cloud'],
        ['evaluator0', 'cloud'],
        ['classifier', 'cloud'],
      ],
    );
  });
});

describe("a paced tier's verdict", () => {
  const paced = [pacedTier('edge', 30), pacedTier('cloud', 4)];

  it('is ok within 5% of the profile and names the profile', () => {
    const c = judgePaced('cloud', paced, { measuredMs: 4.18, frames: 20, dilation: 8 });
    assert.equal(c.profileMs, 4);
    assert.equal(c.measuredMs, 4.18);
    assert.ok(Math.abs(c.error - 0.045) < 1e-9, String(c.error));
    assert.equal(c.ok, true);
    assert.equal(c.profile, '/lab/cloud.json');
    assert.match(c.label, /^synthetic: 'P100 guess'/);
    assert.equal(c.frames, 20);
    assert.equal(c.hostMs, 12);
    assert.equal(c.dilation, 8);
  });

  it('is missed beyond 5%, whichever side', () => {
    const slow = judgePaced('edge', paced, { measuredMs: 31.8, frames: 20, dilation: 2 });
    assert.ok(Math.abs(slow.error - 0.06) < 1e-9);
    assert.equal(slow.ok, false);
    const fast = judgePaced('edge', paced, { measuredMs: 28.2, frames: 20, dilation: 2 });
    assert.ok(fast.error > PACED_TARGET);
    assert.equal(fast.ok, false);
  });

  it('has no target for a part under 2 ms, however far off', () => {
    const c = judgePaced('t', [pacedTier('t', PACED_TARGET_MIN_MS - 0.5)], {
      measuredMs: 3,
      frames: 20,
      dilation: 1,
    });
    assert.equal(c.error, 1);
    assert.equal(c.ok, null);
  });

  it('fails a run that got no frame through, and a tier the run did not pace', () => {
    const none = judgePaced('edge', paced, { measuredMs: 0, frames: 0, dilation: 2 });
    assert.ok(Number.isNaN(none.measuredMs));
    assert.equal(none.ok, false);
    const unknown = judgePaced('client', paced, { measuredMs: 5, frames: 20, dilation: 1 });
    assert.ok(Number.isNaN(unknown.profileMs));
    assert.equal(unknown.ok, false);
  });
});
