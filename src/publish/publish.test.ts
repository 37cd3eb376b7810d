/**
 * couper publish's bundle from a real split of MobileNetV2 on the mid-end
 * preset: what the plan places where, every manifest against the official
 * Kubernetes schemas, kubectl kustomize on the base and an overlay, TLS by
 * Secret, and the out folder's rules (nothing half-written, nothing else
 * overwritten).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, Namespace, Service } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { ensureModel } from '../../test/helpers/models.js';
import { rejectsNamed } from '../../test/helpers/errors.js';
import { skipUnless } from '../../test/helpers/needs.js';
import { publish, type Published, type PublishRequest } from './publish.js';

/** Early, cheap cut of MobileNetV2 (a 784 KiB tensor), as `couper candidates` lists it. */
const SPLIT = 'c6acb20c';
let tmp = '';
let model = '';
let bundle: Published;

const request = (out: string, extra: Partial<PublishRequest> = {}): PublishRequest => ({
  source: { kind: 'split', model, split: [SPLIT], infra: 'mid-end' },
  out,
  target: 'kustomize',
  tierLabel: 'couper.io/tier',
  tolerations: false,
  tls: false,
  ...extra,
});

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-publish-'));
  model = ensureModel('mobilenet_v2');
  bundle = await publish(request(path.join(tmp, 'bundle')));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Every object of every YAML file under k8s/. */
function objects(dir: string): { file: string; doc: { kind?: string; metadata?: { name?: string } } }[] {
  return fs
    .readdirSync(path.join(dir, 'k8s'))
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((file) =>
      parseAllDocuments(fs.readFileSync(path.join(dir, 'k8s', file), 'utf8')).map((d) => ({
        file,
        doc: d.toJS() as { kind?: string },
      })),
    );
}

void test('the plan puts each stage on its tier with its share of the tier, and the GPU tier asks for one', () => {
  const { plan } = bundle;
  assert.equal(plan.name, 'mobilenet-v2');
  assert.deepEqual(
    plan.stages.map((s) => [s.name, s.tier, s.cpuMillis, s.gpus]),
    [
      ['camera', 'client', 1000, 0],
      ['transformer', 'client', 1000, 0],
      ['evaluator0', 'edge', 8000, 0],
      ['evaluator1', 'cloud', 24000, 1],
      ['classifier', 'cloud', 24000, 0],
    ],
  );
  assert.equal(plan.stages[2]?.next, 'mobilenet-v2-evaluator1:8001');
  assert.equal(plan.stages[4]?.next, 'mobilenet-v2-camera:8001');
  assert.equal(plan.stages[2]?.config.evaluator?.file, '/models/part0.onnx');
  // The GPU tier's evaluator runs on CUDA in production; the CPU tier's on what the run planned.
  assert.deepEqual(
    plan.stages.filter((s) => s.role === 'evaluator').map((s) => s.config.evaluator?.executionProvider),
    ['cpu', 'cuda'],
  );
  assert.equal(plan.model.sha256.length, 64);
  assert.deepEqual(plan.parts, ['part0.onnx', 'part1.onnx']);
  // No path of this machine reaches a pod: the labels travel in the ConfigMap.
  assert.equal(plan.stages[4]?.config.classifier?.profile.output.labels, '/etc/couper/stages/labels.txt');
  assert.match(plan.labels ?? '', /^tench/);
  const configMap = fs.readFileSync(path.join(bundle.dir, 'k8s', 'configmap.yaml'), 'utf8');
  assert.equal(configMap.includes(path.dirname(model)), false);
  assert.equal(configMap.includes(process.cwd()), false);
});

void test('the bundle holds the parts as couper slice writes them, the Containerfiles, app/ and the README', () => {
  const dir = bundle.dir;
  for (const f of [
    'parts/part0.onnx',
    'parts/part1.onnx',
    'parts/slice.json',
    'Containerfile',
    'Containerfile.parts',
  ])
    assert.ok(fs.existsSync(path.join(dir, f)), f);
  assert.ok(fs.existsSync(path.join(dir, 'app/dist/src/pipeline/pod-main.js')));
  assert.ok(fs.existsSync(path.join(dir, 'app/dist/src/pipeline/probe-main.js')));
  assert.equal(
    fs.existsSync(path.join(dir, 'app/dist/src/publish/names.test.js')),
    false,
    'no tests in the image',
  );
  const containerfile = fs.readFileSync(path.join(dir, 'Containerfile'), 'utf8');
  assert.match(containerfile, /^ARG BASE_IMAGE=docker\.io\/library\/node:20-[a-z]+-slim$/m);
  assert.match(containerfile, /npm ci --omit=dev/);
  const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
  assert.match(readme, /kubectl label node NODE-OF-EDGE couper\.io\/tier=edge/);
  assert.match(readme, /kubectl apply -k k8s\//);
  assert.match(
    readme,
    /\| `cloud` \| evaluator1, classifier \| 48000m CPU, 98304Mi memory, 1 nvidia\.com\/gpu/,
  );
  assert.deepEqual(fs.readdirSync(tmp), ['bundle'], 'no temporary sibling left behind');
});

void test('every manifest validates against the official Kubernetes OpenAPI schemas', () => {
  const models = { Namespace, ConfigMap, Deployment, Service } as const;
  const all = objects(bundle.dir);
  assert.deepEqual(
    all.map((o) => o.doc.kind).sort(),
    [
      'ConfigMap',
      'Namespace',
      ...Array<string>(5).fill('Deployment'),
      ...Array<string>(5).fill('Service'),
    ].sort(),
  );
  for (const { file, doc } of all) {
    const Model = models[doc.kind as keyof typeof models];
    assert.ok(Model, `${file}: unexpected kind ${doc.kind}`);
    new Model(doc).validate();
  }
  // The check can fail: a bad quantity is refused.
  const evaluator = all.find(
    (o) => o.doc.kind === 'Deployment' && o.doc.metadata?.name?.endsWith('evaluator1'),
  );
  const broken = structuredClone(evaluator!.doc) as {
    spec: { template: { spec: { containers: { resources: { limits: Record<string, string> } }[] } } };
  };
  broken.spec.template.spec.containers[0]!.resources.limits['cpu'] = 'lots';
  assert.throws(() => new Deployment(broken as never).validate(), /quantity/);
});

void test('the GPU tier’s evaluator asks for nvidia.com/gpu; pods are placed by the tier label', () => {
  const deployments = objects(bundle.dir).filter((o) => o.doc.kind === 'Deployment');
  const spec = (
    name: string,
  ): {
    nodeSelector: Record<string, string>;
    containers: { resources: { limits: Record<string, string> } }[];
  } =>
    (
      deployments.find((d) => d.doc.metadata?.name === `mobilenet-v2-${name}`)!.doc as never as {
        spec: { template: { spec: never } };
      }
    ).spec.template.spec;
  assert.equal(spec('evaluator1').containers[0]?.resources.limits['nvidia.com/gpu'], '1');
  assert.equal(spec('evaluator0').containers[0]?.resources.limits['nvidia.com/gpu'], undefined);
  assert.deepEqual(spec('evaluator0').nodeSelector, { 'couper.io/tier': 'edge' });
  assert.deepEqual(spec('camera').nodeSelector, { 'couper.io/tier': 'client' });
});

void test(
  'kubectl kustomize renders the base and an overlay that moves a hop',
  { skip: skipUnless('kubectl') },
  () => {
    const base = spawnSync('kubectl', ['kustomize', path.join(bundle.dir, 'k8s')], { encoding: 'utf8' });
    assert.equal(base.status, 0, base.stderr);
    assert.equal(parseAllDocuments(base.stdout).length, 12);
    const overlay = path.join(tmp, 'overlay');
    fs.mkdirSync(overlay);
    fs.cpSync(path.join(bundle.dir, 'k8s'), path.join(overlay, 'base'), { recursive: true });
    fs.writeFileSync(
      path.join(overlay, 'kustomization.yaml'),
      [
        'resources: [base]',
        'namespace: staging-test',
        'patches:',
        '  - target: { kind: ConfigMap, name: mobilenet-v2-plan }',
        '    patch: |-',
        '      - op: replace',
        '        path: /data/evaluator0.next',
        '        value: 10.0.0.7:8001',
        '',
      ].join('\n'),
    );
    const out = spawnSync('kubectl', ['kustomize', overlay], { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    const docs = parseAllDocuments(out.stdout).map(
      (d) => d.toJS() as { kind: string; metadata: { namespace?: string }; data?: Record<string, string> },
    );
    const cm = docs.find((d) => d.kind === 'ConfigMap');
    assert.equal(cm?.data?.['evaluator0.next'], '10.0.0.7:8001');
    assert.equal(cm?.metadata.namespace, 'staging-test');
  },
);

void test('with --tls every stage mounts its tier’s Secret and gets the transport’s TLS flags', async () => {
  const { plan, dir } = await publish(request(path.join(tmp, 'tls'), { tls: true, tolerations: true }));
  assert.deepEqual(
    plan.tiers.map((t) => t.tlsSecret),
    ['couper-tls-client', 'couper-tls-edge', 'couper-tls-cloud'],
  );
  const text = fs.readFileSync(path.join(dir, 'k8s', 'evaluator0.yaml'), 'utf8');
  assert.match(text, /secretName: couper-tls-edge/);
  assert.match(text, /- --tls-ca\n\s+- \/etc\/couper\/tls\/ca\.crt/);
  assert.match(text, /effect: NoSchedule/);
  assert.doesNotMatch(fs.readFileSync(path.join(dir, 'k8s', 'configmap.yaml'), 'utf8'), /BEGIN/);
});

void test('an out folder holding something else is refused and left as it was; an earlier bundle is replaced', async () => {
  const other = path.join(tmp, 'other');
  fs.mkdirSync(other);
  fs.writeFileSync(path.join(other, 'notes.txt'), 'mine');
  await rejectsNamed(
    publish(request(other)),
    ConfigError,
    /--out '.*other' holds other files \(notes\.txt\)/,
  );
  assert.deepEqual(fs.readdirSync(other), ['notes.txt']);
  const again = await publish(request(bundle.dir, { name: 'again' }));
  assert.equal(again.plan.name, 'again');
  assert.match(fs.readFileSync(path.join(bundle.dir, 'plan.json'), 'utf8'), /"name": "again"/);
});

void test('names and labels Kubernetes would reject are one line each, and nothing is written', async () => {
  const out = path.join(tmp, 'bad');
  await rejectsNamed(
    publish(request(out, { name: 'Bad_Name' })),
    ConfigError,
    /--name 'Bad_Name' is not a Kubernetes name/,
  );
  await rejectsNamed(
    publish(request(out, { tierLabel: 'no spaces' })),
    ConfigError,
    /--tier-label 'no spaces'/,
  );
  await rejectsNamed(
    publish(request(out, { target: 'helm' })),
    ConfigError,
    /unknown publish target 'helm' \(known: kustomize\)/,
  );
  assert.equal(fs.existsSync(out), false);
});
