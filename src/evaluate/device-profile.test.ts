/**
 * Tests of device profiles: measuring one on a small model, reading it back
 * (corrupt and hand-edited files refused with paths), fitting it to the
 * model in use, deriving a synthetic what-if, and the CLI's one-line errors.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { rejectsNamed, throwsNamed } from '../../test/helpers/errors.js';
import { repoRoot } from '../../test/helpers/models.js';
import { CHAIN, saveModel, tempDir, tinyGraph, wrap } from '../../test/helpers/tiny-models.js';
import { jsonSchemaText } from '../core/config-schema.js';
import { ConfigError } from '../core/errors.js';
import { deviceProfileJsonSchema } from '../pipeline/device-profile-schema.js';
import {
  checkProfileFits,
  deriveProfile,
  loadDeviceProfile,
  partMs,
  profileLabel,
  refuseSynthetic,
  type DeviceProfile,
  type LoadedDeviceProfile,
} from '../pipeline/device-profile.js';
import { loadForCutting, modelContentHash } from '../slice/load.js';
import { errorSummary, sampleCandidates } from './device-profile-check.js';
import { measureDeviceProfile } from './device-profile-measure.js';

const BIN = path.join(repoRoot(), 'bin', 'couper.js');
const couper = (...args: string[]): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

let dir: string;
let modelFile: string;
let profile: DeviceProfile;
let profileFile: string;

before(async () => {
  dir = tempDir();
  modelFile = saveModel(wrap(tinyGraph(CHAIN)), dir).file;
  profile = await measureDeviceProfile({
    model: modelFile,
    executionProvider: 'cpu',
    threads: 1,
    inputShapes: {},
    algorithm: 'articulation',
    maxTensors: 4,
    timing: { warmup: 2, minRuns: 5, maxRuns: 20 },
    profiledRuns: 2,
    checkSamples: 2,
  });
  profileFile = path.join(dir, 'profile.json');
  fs.writeFileSync(profileFile, JSON.stringify(profile));
});

function writeJson(name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('measuring a device profile', () => {
  it('times the model, names every operator and gives each candidate head and tail times that add up', () => {
    assert.deepEqual(
      profile.operators.map((o) => o.opType),
      ['Add', 'Relu', 'Mul', 'Sigmoid'],
    );
    const sum = profile.operators.reduce((a, o) => a + o.ms, 0);
    assert.ok(
      Math.abs(sum - profile.latency.medianMs) < 1e-9 * Math.max(1, sum),
      'shares add up to the median',
    );
    assert.ok(profile.latency.runs >= 5 && profile.latency.runs <= 20);
    assert.ok(
      profile.latency.p10Ms <= profile.latency.medianMs && profile.latency.medianMs <= profile.latency.p90Ms,
    );
    assert.equal(profile.candidates.length, 2);
    for (const c of profile.candidates)
      assert.ok(Math.abs(c.headMs + c.tailMs - profile.latency.medianMs) < 1e-9, `${c.id} adds up`);
    // Heads grow from input to output.
    const heads = profile.candidates.map((c) => c.headMs);
    assert.deepEqual(
      heads,
      [...heads].sort((a, b) => a - b),
    );
  });

  it('checks the sums against the real parts of a sample of candidates', () => {
    assert.equal(profile.check.samples.length, 2);
    for (const s of profile.check.samples) assert.ok(s.measuredHeadMs > 0 && s.measuredTailMs > 0);
    assert.equal(typeof profile.check.meanAbsErrorPct, 'number');
  });

  it('records provenance and the model it fits', async () => {
    assert.equal(profile.provenance.executionProvider, 'cpu');
    assert.equal(profile.provenance.threads, 1);
    assert.match(profile.provenance.onnxruntime, /^\d+\.\d+/);
    assert.equal(profile.provenance.node, process.version);
    assert.equal(profile.model.sha256, modelContentHash((await loadForCutting(modelFile)).analysed.model));
    assert.deepEqual(profile.model.inputs, [{ name: 'x', dtype: 'float32', shape: [2, 3] }]);
    assert.equal(profile.synthetic, null);
  });

  it("gives a part the sum of its nodes' times", () => {
    const [a, b] = profile.operators;
    assert.equal(partMs(profile, [a!.name, b!.name, 'not-a-node']), a!.ms + b!.ms);
  });
});

describe('reading a device profile back', () => {
  it('reads what was written, with the hash of its bytes', () => {
    const loaded = loadDeviceProfile(profileFile);
    assert.deepEqual(loaded.profile, profile);
    assert.match(loaded.sha256, /^[0-9a-f]{64}$/);
  });

  it('refuses a corrupt file in one line', () => {
    const file = writeJson('corrupt.json', '{"format": "couper-device-profile/1", ');
    throwsNamed(
      () => loadDeviceProfile(file),
      ConfigError,
      /corrupt\.json: not valid JSON .*write it with couper profile$/,
    );
  });

  it('refuses a hand-edited file with every problem and its path', () => {
    const edited = structuredClone(profile) as unknown as Record<string, unknown> & DeviceProfile;
    const bad = {
      ...edited,
      latency: { ...edited.latency, medianMs: -1 },
      operators: [{ ...edited.operators[0], ms: 'fast' }],
      extra: true,
    };
    const file = writeJson('edited.json', bad);
    let message = '';
    try {
      loadDeviceProfile(file);
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      message = err.message;
    }
    const lines = message.split('\n').map((l) => l.trim());
    assert.match(lines[0]!, /edited\.json: 3 problems in the device profile$/);
    assert.deepEqual(lines.slice(1).sort(), [
      'profile.extra: unknown field',
      'profile.latency.medianMs: must be >= 0, not -1',
      'profile.operators[0].ms: must be a number, not "fast"',
    ]);
  });

  it('refuses a profile of another model or other input shapes in one line', () => {
    const loaded = loadDeviceProfile(profileFile);
    const inputs = [{ name: 'x', shape: [2, 3] }];
    checkProfileFits(loaded, { sha256: profile.model.sha256, inputs });
    throwsNamed(
      () => checkProfileFits(loaded, { sha256: 'f'.repeat(64), inputs }),
      ConfigError,
      /was measured on another model \(model\.onnx, sha256 [0-9a-f]{12}…, not ffffffffffff…\)/,
    );
    throwsNamed(
      () =>
        checkProfileFits(loaded, { sha256: profile.model.sha256, inputs: [{ name: 'x', shape: [4, 3] }] }),
      ConfigError,
      /measured with input shape x=2x3, not x=4x3: profile again with --input-shape$/,
    );
  });
});

describe('the published schema', () => {
  it('schema/device-profile.schema.json is what the loader checks with', () => {
    const file = path.join(repoRoot(), 'schema', 'device-profile.schema.json');
    assert.equal(fs.readFileSync(file, 'utf8'), jsonSchemaText(deviceProfileJsonSchema()));
  });
});

describe('a synthetic what-if', () => {
  it('divides every time by the speedup and names its label and measured source', () => {
    const loaded = loadDeviceProfile(profileFile);
    const derived = deriveProfile(loaded, 10, 'P100 guess');
    assert.equal(derived.latency.medianMs, profile.latency.medianMs / 10);
    assert.equal(derived.candidates[1]!.headMs, profile.candidates[1]!.headMs / 10);
    assert.deepEqual(derived.synthetic, {
      speedup: 10,
      label: 'P100 guess',
      source: { file: profileFile, sha256: loaded.sha256, provenance: profile.provenance },
    });
    assert.equal(derived.check.samples.length, 0);
    const again = deriveProfile({ file: 'd.json', sha256: 'a'.repeat(64), profile: derived }, 3, 'twice');
    assert.equal(again.synthetic?.speedup, 30);
    assert.equal(again.synthetic?.source.file, profileFile);
    assert.match(
      profileLabel({ file: 'd.json', sha256: 'a'.repeat(64), profile: derived }),
      /^synthetic: 'P100 guess', ×10 of a profile measured on /,
    );
  });

  it('is refused where --no-synthetic is given, and bad speedups and labels too', () => {
    const loaded = loadDeviceProfile(profileFile);
    refuseSynthetic(loaded, 'tier cloud');
    const derived: LoadedDeviceProfile = { ...loaded, profile: deriveProfile(loaded, 3, 'x3') };
    throwsNamed(
      () => refuseSynthetic(derived, 'tier cloud'),
      ConfigError,
      /^tier cloud: .* is synthetic \('x3', ×3\) and --no-synthetic was given/,
    );
    throwsNamed(() => deriveProfile(loaded, 0, 'x'), ConfigError, /--speedup must be a number above 0/);
    throwsNamed(() => deriveProfile(loaded, 2, '  '), ConfigError, /--label must say/);
  });
});

describe('the check', () => {
  it('samples candidates evenly, first and last included', () => {
    assert.deepEqual(sampleCandidates([1, 2, 3, 4, 5, 6, 7], 3), [1, 4, 7]);
    assert.deepEqual(sampleCandidates([1, 2], 3), [1, 2]);
    assert.deepEqual(sampleCandidates([1, 2, 3], 0), []);
  });

  it('reports the mean and largest error of heads and tails in percent', () => {
    const s = { id: 'c', predictedHeadMs: 11, measuredHeadMs: 10, predictedTailMs: 7, measuredTailMs: 10 };
    const { meanAbsErrorPct, maxAbsErrorPct } = errorSummary([s]);
    assert.ok(Math.abs(meanAbsErrorPct! - 20) < 1e-9 && Math.abs(maxAbsErrorPct! - 30) < 1e-9);
    assert.deepEqual(errorSummary([]), { meanAbsErrorPct: null, maxAbsErrorPct: null });
  });
});

describe('couper profile', () => {
  it('derives a what-if from the command line, and refuses one with --no-synthetic in one line', () => {
    const out = path.join(dir, 'x10.json');
    const r = couper(
      'profile',
      '--derive',
      profileFile,
      '--speedup',
      '10',
      '--label',
      'P100 guess',
      '--out',
      out,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /synthetic \('P100 guess', ×10\)/);
    const bad = couper(
      'profile',
      '--derive',
      out,
      '--speedup',
      '2',
      '--label',
      'y',
      '--no-synthetic',
      '--out',
      path.join(dir, 'y.json'),
    );
    assert.equal(bad.status, 1);
    assert.match(
      bad.stderr,
      /^couper: --derive: device profile '.*x10\.json' is synthetic \('P100 guess', ×10\)/,
    );
    assert.equal(bad.stderr.trim().split('\n').length, 1);
  });

  it('refuses an unknown execution provider in one line, exit 1', async () => {
    const r = couper('profile', modelFile, '--execution-provider', 'tpu', '--out', path.join(dir, 'p.json'));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^couper: unknown execution provider 'tpu' \(known: cpu, cuda/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    await rejectsNamed(
      measureDeviceProfile({
        model: modelFile,
        executionProvider: 'openvino',
        threads: 1,
        inputShapes: {},
        algorithm: 'articulation',
        maxTensors: 4,
        timing: { warmup: 0, minRuns: 1, maxRuns: 1 },
        profiledRuns: 1,
        checkSamples: 0,
      }),
      ConfigError,
      /^execution provider 'openvino' .* is not in this onnxruntime build/,
    );
  });
});
