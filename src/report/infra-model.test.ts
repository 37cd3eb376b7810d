/**
 * Tests of a report's infrastructure view: each tier and link as described
 * and as emulated, from a real staging plan.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TEST_HOST } from '../../test/helpers/host.js';
import { stagingDescription } from '../evaluate/setup.js';
import { loadInfra, makeStagingPlan } from '../staging/index.js';
import { infraView } from './infra-model.js';
import type { RunData, SetupData } from './input-schema.js';

const infra = loadInfra('mid-end');
const settings = { frames: 30, warmup: 5, fps: 24, minFrames: 8, algorithm: 'articulation' };
const setupWith = (staging: SetupData['staging']): SetupData => ({
  settings,
  infra: { ...infra, tiers: [...infra.tiers], links: [...infra.links] } as SetupData['infra'],
  staging,
  shareBasis: 'flops',
  candidates: [],
  operators: null,
});
const run = (notes: string[]): RunData => ({
  key: 'c1234567',
  kind: 'candidate',
  status: 'ok',
  notes,
  placement: { camera: 'client', evaluator0: 'edge', evaluator1: 'cloud' },
  cutBytes: 10,
  headOps: 3,
  wallMs: 1,
});

describe('the infrastructure of a report', () => {
  it('gives each tier as described and as emulated, with where its figures come from', () => {
    const plan = makeStagingPlan(infra, TEST_HOST, 'ab12', { gpuSubstitute: 'cpu', maxTierCores: 1 });
    // As it comes back from results.json.
    const staging = JSON.parse(JSON.stringify(stagingDescription(plan))) as SetupData['staging'];
    const view = infraView(setupWith(staging), [run(['staged: a note']), run(['staged: a note'])]);
    assert.deepEqual(
      view.tiers.map((t) => [t.name, t.cpus, t.hostCores]),
      plan.tiers.map((t) => [t.name, t.production.cpus, t.hostCores]),
    );
    assert.match(
      view.tiers[2]!.provenance,
      /^emulated: 1 cores as 0\.\d\d host cores .*P100, P100 replaced by the tier's CPU share; production figures from preset mid-end$/,
    );
    assert.equal(view.links[1]!.emulated!.mbps, 50.22 / plan.scaling.dilation);
    assert.equal(view.staging!.dilation, plan.scaling.dilation);
    // Notes once each, the runs' own after the plan's.
    assert.equal(view.notes.filter((n) => n === 'staged: a note').length, 1);
    assert.equal(view.placement.evaluator1, 'cloud');
  });

  it('says so when nothing was staged', () => {
    const view = infraView(setupWith(null), [run([])]);
    assert.equal(view.staging, null);
    assert.ok(view.tiers.every((t) => t.hostCores === null && t.provenance.startsWith('not staged')));
    assert.ok(view.links.every((l) => l.emulated === null));
  });
});
