/**
 * Publishing from a decision: an evaluation (squeezenet1_1 on mid-end, with
 * the test profiler standing in for staged runs) writes a real
 * decision.json, which records what publish needs, and publish rebuilds the
 * chosen split from it alone; a foreign, older, undecided or stale decision
 * is one line each and writes nothing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ConfigError } from '../core/errors.js';
import { sha256File } from '../core/file-hash.js';
import { runJob } from '../evaluate/job.js';
import { fakeFor, squeezenetFixture } from '../../test/helpers/evaluation.js';
import { rejectsNamed } from '../../test/helpers/errors.js';
import { ensureModel } from '../../test/helpers/models.js';
import { publish, type PublishRequest } from './publish.js';

let tmp = '';
let model = '';
let decisionFile = '';

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-decision-'));
  model = path.join(tmp, 'squeezenet1_1.onnx');
  const original = ensureModel('squeezenet1_1');
  fs.copyFileSync(original, model);
  fs.copyFileSync(original.replace(/\.onnx$/, '.weights'), path.join(tmp, 'squeezenet1_1.weights'));
  const fixture = await squeezenetFixture();
  const result = await runJob(
    {
      model,
      infra: 'mid-end',
      method: 'hybrid',
      objective: 'latency',
      constraints: {},
      out: path.join(tmp, 'eval'),
      resume: false,
      frames: 20,
      warmup: 2,
      fps: 24,
      minFrames: 5,
      algorithm: 'articulation',
      maxTensors: 1,
    },
    { profiler: fakeFor(fixture) },
  );
  decisionFile = result.files.decision;
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const fromDecision = (file: string, out: string): PublishRequest => ({
  source: { kind: 'decision', file },
  out: path.join(tmp, out),
  target: 'kustomize',
  tierLabel: 'couper.io/tier',
  tolerations: false,
  tls: false,
});

/** A copy of the decision with `edit` applied, as another file. */
function edited(name: string, edit: (d: Record<string, unknown>) => unknown): string {
  const d = JSON.parse(fs.readFileSync(decisionFile, 'utf8')) as Record<string, unknown>;
  const file = path.join(tmp, name);
  fs.writeFileSync(file, JSON.stringify(edit(d)));
  return file;
}

void test('decision.json records its format, the model hash, the infrastructure and the chosen split', () => {
  const d = JSON.parse(fs.readFileSync(decisionFile, 'utf8')) as {
    formatVersion: number;
    subject: { modelPath: string; modelSha256: string; infra: { name: string }; profile: string };
    chosen: { key: string; kind: string; split: string[]; placement: Record<string, string> };
  };
  assert.equal(d.formatVersion, 2);
  assert.equal(d.subject.modelPath, model);
  assert.equal(d.subject.modelSha256, sha256File(model));
  assert.equal(d.subject.infra.name, 'mid-end');
  assert.deepEqual(d.chosen.split, d.chosen.kind === 'baseline' ? ['none'] : [d.chosen.key]);
  assert.equal(d.chosen.placement['camera'], 'client');
});

void test('publish --decision rebuilds the chosen split with the placement it was measured with', async () => {
  const d = JSON.parse(fs.readFileSync(decisionFile, 'utf8')) as {
    chosen: { split: string[]; placement: Record<string, string> };
  };
  const { plan, dir } = await publish(fromDecision(decisionFile, 'bundle'));
  assert.equal(plan.name, 'squeezenet1-1');
  assert.deepEqual(plan.split, d.chosen.split);
  assert.deepEqual(Object.fromEntries(plan.stages.map((s) => [s.name, s.tier])), d.chosen.placement);
  assert.ok(fs.existsSync(path.join(dir, 'k8s', 'kustomization.yaml')));
});

void test('a foreign, missing, older-format or undecided decision is one line and writes nothing', async () => {
  const cases: [string, RegExp][] = [
    [edited('foreign.json', () => ({ hello: 'world' })), /is not a Couper decision\.json/],
    [path.join(tmp, 'nope.json'), /cannot be read.*give DIR\/decision\.json/],
    [edited('old.json', ({ formatVersion: _v, subject: _s, ...rest }) => rest), /older format \(version 1\)/],
    [
      edited('new.json', (d) => ({ ...d, formatVersion: 9 })),
      /format version 9; this Couper reads version 2/,
    ],
    [edited('none.json', (d) => ({ ...d, chosen: null })), /chose no split/],
    [
      edited('hand.json', (d) => ({ ...d, subject: { ...(d['subject'] as object), modelSha256: 'xyz' } })),
      /subject\.modelSha256/,
    ],
  ];
  for (const [file, pattern] of cases) {
    await rejectsNamed(publish(fromDecision(file, 'never')), ConfigError, pattern);
  }
  assert.equal(fs.existsSync(path.join(tmp, 'never')), false);
  const text = 'not json';
  fs.writeFileSync(path.join(tmp, 'text.json'), text);
  await rejectsNamed(publish(fromDecision(path.join(tmp, 'text.json'), 'never')), ConfigError, /is not JSON/);
});

void test('a model whose bytes changed since the decision is refused', async () => {
  fs.appendFileSync(model, Buffer.from([0]));
  await rejectsNamed(
    publish(fromDecision(decisionFile, 'stale')),
    ConfigError,
    /model '.*squeezenet1_1\.onnx' has changed since --decision .* \(its SHA-256 differs\)/,
  );
  assert.equal(fs.existsSync(path.join(tmp, 'stale')), false);
});
