/**
 * Tests of profile-paced tiers: each paced evaluator gets the profile's time
 * for its part, the host's time for it, and the dilation that keeps the host
 * up; profiles of another model or shape and refused what-ifs are one-line
 * errors; a stage holds its result until the paced time; the staging plan
 * dilates as asked and needs no GPU substitute for a paced accelerator tier.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { rejectsNamed } from '../../test/helpers/errors.js';
import { TEST_HOST } from '../../test/helpers/host.js';
import { CHAIN, saveModel, tempDir, tinyGraph, wrap } from '../../test/helpers/tiny-models.js';
import { ConfigError } from '../core/errors.js';
import { modelContentHash } from '../onnx/content-hash.js';
import type { LoadedModel } from '../onnx/model-file.js';
import { DEVICE_PROFILE_FORMAT, type DeviceProfile } from '../pipeline/device-profile.js';
import { DEFAULT_PROFILE } from '../pipeline/profile.js';
import { holdUntil } from '../pipeline/stage/pace.js';
import { makeStagingPlan, parseInfra } from '../staging/index.js';
import { pacingDilation, planPacing, type PacingFacts } from './pacing.js';
import { planRun, type RunFacts, type RunSettings } from './run-plan.js';
import { stageConfig } from './stage-config.js';

const OP_MS = [1, 2, 3, 4];

function profileOf(model: LoadedModel, synthetic = false): DeviceProfile {
  const nodes = model.proto.graph?.node ?? [];
  const provenance = {
    cpu: 'Test CPU',
    cores: 8,
    threads: 1,
    executionProvider: 'cuda',
    device: 'Tesla P100',
    onnxruntime: '1.30.0',
    node: 'v20.0.0',
    platform: 'linux-x64',
    date: '2026-11-30T12:00:00.000Z',
    couper: '0.1.0',
  };
  return {
    format: DEVICE_PROFILE_FORMAT,
    model: {
      file: 'model.onnx',
      sha256: modelContentHash(model),
      inputs: [{ name: 'x', dtype: 'float32', shape: [2, 3] }],
    },
    provenance,
    latency: { medianMs: 10, p10Ms: 9, p90Ms: 11, runs: 20, warmup: 5 },
    operators: nodes.map((n, i) => ({
      name: n.name ?? '',
      opType: n.opType ?? '',
      ms: OP_MS[i]!,
      kernelMs: 1,
    })),
    candidates: [],
    algorithm: 'articulation',
    check: { samples: [], meanAbsErrorPct: null, maxAbsErrorPct: null },
    synthetic: synthetic
      ? { speedup: 10, label: 'P100 guess', source: { file: 'h.json', sha256: 'a'.repeat(64), provenance } }
      : null,
  };
}

function setup(
  over: Partial<PacingFacts> = {},
  synthetic = false,
): { facts: PacingFacts; runFacts: RunFacts } {
  const dir = tempDir();
  const model = saveModel(wrap(tinyGraph(CHAIN)), dir);
  const file = path.join(dir, 'cloud.json');
  fs.writeFileSync(file, JSON.stringify(profileOf(model, synthetic)));
  const runFacts: RunFacts = {
    model: model.file,
    split: ['none'],
    cuts: [],
    parts: [{ file: model.file, inputs: ['x'], outputs: ['y'] }],
    source: { kind: 'synthetic', width: 64, height: 48 },
    profile: DEFAULT_PROFILE,
    input: { name: 'x', width: 3, height: 2 },
  };
  const facts: PacingFacts = {
    model,
    slice: null,
    input: { name: 'x', shape: [2, 3] },
    profiles: { cloud: file },
    noSynthetic: false,
    ...over,
  };
  return { facts, runFacts };
}

const settings: RunSettings = {
  warmup: 1,
  queue: 1,
  threads: 1,
  encoding: 'raw',
  placement: {},
  staged: { tiers: ['client', 'cloud'], placement: {} },
  stageDelay: {},
  maxInFlight: 1,
  deadlineMs: 1000,
  drainMs: 1000,
};

describe('planning paced tiers', () => {
  it("gives a paced evaluator its part's time from the profile, the host's time, and names the profile", async () => {
    const { facts, runFacts } = setup();
    const plan = await planPacing(planRun(runFacts, settings), facts);
    const evaluator = plan.stages.find((s) => s.name === 'evaluator0')!;
    assert.equal(evaluator.tier, 'cloud');
    assert.equal(evaluator.paceMs, 1 + 2 + 3 + 4);
    assert.equal(plan.paced.length, 1);
    const [tier] = plan.paced;
    assert.equal(tier!.tier, 'cloud');
    assert.equal(tier!.synthetic, false);
    assert.match(tier!.label, /^measured on Tesla P100, cuda, 1 thread, 2026-11-30$/);
    assert.equal(tier!.stages[0]!.paceMs, 10);
    assert.ok(tier!.stages[0]!.hostMs > 0);
    // The host must keep up: dilated until its time (with margin) fits in the paced time.
    const host = tier!.stages[0]!.hostMs;
    assert.equal(pacingDilation(plan), Math.max(1, (host * 1.1) / 10));
    // Dilated time: the stage holds results for the paced time times the dilation.
    assert.equal(stageConfig(plan, evaluator, 'm.onnx', { dilation: 3 }).paceMs, 30);
    assert.equal(stageConfig(plan, plan.stages[0]!, undefined, { dilation: 3 }).paceMs, undefined);
    // Every stage may take as much longer to stop: its in-flight work and links run dilated too.
    assert.equal(stageConfig(plan, plan.stages[0]!, undefined, { dilation: 3 }).stopTimeoutMs, 15_000);
    assert.equal(stageConfig(plan, evaluator, 'm.onnx').stopTimeoutMs, 5000);
    assert.equal(stageConfig(plan, evaluator, 'm.onnx', { dilation: 0.5 }).stopTimeoutMs, 5000);
    // So may every call: the plan's deadline (1000 ms here) is in the site's time.
    assert.equal(stageConfig(plan, plan.stages[0]!, undefined, { dilation: 3 }).deadlineMs, 3000);
    assert.equal(stageConfig(plan, evaluator, 'm.onnx').deadlineMs, 1000);
    assert.equal(stageConfig(plan, evaluator, 'm.onnx', { dilation: 0.5 }).deadlineMs, 1000);
  });

  it('leaves unpaced tiers alone', async () => {
    const { facts, runFacts } = setup({ profiles: {} });
    const plan = await planPacing(planRun(runFacts, settings), facts);
    assert.deepEqual(plan.paced, []);
    assert.equal(plan.stages.find((s) => s.name === 'evaluator0')!.paceMs, undefined);
    assert.equal(pacingDilation(plan), 1);
  });

  it('refuses a profile of another model or input shape, and a what-if under --no-synthetic', async () => {
    const other = setup();
    const { facts, runFacts } = setup();
    const plan = planRun(runFacts, settings);
    // Another model: the same graph with one more byte (another content hash).
    fs.appendFileSync(other.facts.model.file, Buffer.from([0]));
    await rejectsNamed(
      planPacing(plan, { ...facts, model: other.facts.model }),
      ConfigError,
      /cloud\.json' was measured on another model \(model\.onnx, sha256 [0-9a-f]{12}…, not [0-9a-f]{12}…\)/,
    );
    await rejectsNamed(
      planPacing(plan, { ...facts, input: { name: 'x', shape: [4, 3] } }),
      ConfigError,
      /measured with input shape x=2x3, not x=4x3/,
    );
    const synthetic = setup({ noSynthetic: true }, true);
    await rejectsNamed(
      planPacing(planRun(synthetic.runFacts, settings), synthetic.facts),
      ConfigError,
      /^tier cloud: device profile '.*cloud\.json' is synthetic \('P100 guess', ×10\) and --no-synthetic was given/,
    );
  });
});

describe('a paced stage', () => {
  it('holds its result until the paced time has passed', async () => {
    let t = 0;
    const reads: number[] = [];
    await holdUntil(5, () => {
      reads.push(t);
      return (t += 0.5);
    });
    assert.ok(t >= 5, `returned at ${t}`);
    assert.ok(reads.length >= 2);
    let late = 0;
    await holdUntil(5, () => (late = 7));
    assert.equal(late, 7, 'already past: returns at once');
  });
});

describe('staging a paced tier', () => {
  const yaml = (profile: string): string =>
    [
      'tiers:',
      '  - { name: client, cpus: 1, ghz: 1, memoryGb: 1 }',
      `  - { name: cloud, cpus: 1, ghz: 1, memoryGb: 8, accelerators: [P100]${profile} }`,
      'links:',
      '  - { between: [client, cloud], rttMs: 10, mbps: 100 }',
      '',
    ].join('\n');

  it('resolves the profile beside the file, needs no GPU substitute, gives it a core and dilates as asked', () => {
    const infra = parseInfra(yaml(', profile: ./p100.json'), '/etc/lab/infra.yaml', 'lab', '/etc/lab');
    assert.equal(infra.tiers[1]!.profile, '/etc/lab/p100.json');
    const plan = makeStagingPlan(infra, TEST_HOST, 'r1', { minDilation: 4 });
    assert.equal(plan.scaling.dilation, 4);
    const cloud = plan.tiers.find((t) => t.name === 'cloud')!;
    assert.equal(cloud.profile, '/etc/lab/p100.json');
    assert.deepEqual(cloud.substituted, []);
    assert.equal(cloud.hostCores, 1);
    assert.throws(
      () => makeStagingPlan(parseInfra(yaml(''), 'x.yaml'), TEST_HOST, 'r2'),
      /--gpu-substitute cpu/,
    );
  });
});
