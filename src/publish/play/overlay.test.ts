/**
 * The kube play overlay on a real bundle (MobileNetV2 split on mid-end): one
 * document set per tier holding only that tier's Deployments, hops pointed at
 * the given link addresses, distinct ports within a tier, the staging area's
 * resources, a finite camera, host networking (the tier's namespace), and
 * the bundle's own objects left unchanged.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ensureModel } from '../../../test/helpers/models.js';
import { publish, type Published } from '../publish.js';
import { readBundle } from './kube-play.js';
import { INIT_TYPE, playDocuments, tierPorts, type KubeObject, type PlayOverlay } from './overlay.js';

let tmp = '';
let bundle: Published;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-overlay-'));
  bundle = await publish({
    source: { kind: 'split', model: ensureModel('mobilenet_v2'), split: ['c6acb20c'], infra: 'mid-end' },
    out: path.join(tmp, 'bundle'),
    target: 'kustomize',
    tierLabel: 'couper.io/tier',
    tolerations: false,
    tls: false,
  });
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Container {
  name: string;
  volumeMounts?: { name: string }[];
  args: string[];
  resources: { limits: Record<string, string> };
  ports?: unknown;
  livenessProbe?: unknown;
}
type Deployment = KubeObject & {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    template: {
      spec: {
        hostNetwork?: boolean;
        nodeSelector?: unknown;
        restartPolicy?: string;
        containers: Container[];
        initContainers?: Container[];
        volumes: { name: string; emptyDir?: unknown }[];
      };
    };
  };
};

function overlayFor(): PlayOverlay {
  const { plan } = bundle;
  const next: Record<string, string> = {};
  const resources: Record<string, { cpuMillis: number; memoryMi: number }> = {};
  plan.stages.forEach((s, k) => {
    next[s.name] = `10.0.0.${k + 1}:${9000 + k}`;
    resources[s.name] = { cpuMillis: 100 + k, memoryMi: 200 + k };
  });
  return { ports: tierPorts(plan), next, resources, frames: 7, warmup: 2 };
}

void test('each tier gets the ConfigMap and its own Deployments, overlaid', () => {
  const { plan, docs } = readBundle(bundle.dir);
  const before = JSON.stringify(docs);
  const overlay = overlayFor();
  const byTier = playDocuments(docs, plan, overlay);
  assert.deepEqual(
    [...byTier.keys()],
    plan.tiers.map((t) => t.name),
  );
  for (const t of plan.tiers) {
    const [cm, ...deployments] = byTier.get(t.name)! as [KubeObject, ...Deployment[]];
    assert.equal(cm.kind, 'ConfigMap');
    const data = cm['data'] as Record<string, string>;
    for (const s of plan.stages) assert.equal(data[`${s.name}.next`], overlay.next[s.name]);
    const camera = JSON.parse(data['camera.json']!) as { camera: { frames: number; warmup: number } };
    assert.deepEqual([camera.camera.frames, camera.camera.warmup], [7, 2]);
    assert.deepEqual(
      deployments.map((d) => d.metadata.name),
      plan.stages.filter((s) => s.tier === t.name).map((s) => s.object),
    );
    const ports = new Set<string>();
    for (const d of deployments) {
      const stage = plan.stages.find((s) => s.object === d.metadata.name)!;
      const pod = d.spec.template.spec;
      assert.equal(pod.hostNetwork, true);
      assert.equal(d.metadata.annotations?.[INIT_TYPE], 'always');
      assert.equal(pod.restartPolicy, 'Never');
      // Each evaluator pod its own emptyDir volume, mounted by both its containers under the new name.
      const empty = pod.volumes.filter((v) => v.emptyDir !== undefined).map((v) => v.name);
      assert.deepEqual(empty, stage.role === 'evaluator' ? [`${stage.object}-models`] : []);
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])])
        for (const m of c.volumeMounts ?? []) assert.notEqual(m.name, 'models');
      assert.equal(pod.nodeSelector, undefined);
      const c = pod.containers.find((x) => x.name === 'stage')!;
      const port = c.args[c.args.indexOf('--port') + 1]!;
      assert.equal(port, String(overlay.ports[stage.name]));
      ports.add(port);
      const r = overlay.resources[stage.name]!;
      assert.deepEqual(c.resources.limits, { cpu: `${r.cpuMillis}m`, memory: `${r.memoryMi}Mi` });
      assert.equal(c.ports, undefined);
      assert.equal(c.livenessProbe, undefined);
    }
    assert.equal(ports.size, deployments.length, 'distinct ports within a tier');
  }
  assert.equal(JSON.stringify(docs), before, "the bundle's objects are not changed");
});

void test('a hop without an address is refused by name', () => {
  const { plan, docs } = readBundle(bundle.dir);
  const overlay = overlayFor();
  const next = { ...overlay.next };
  delete next['transformer'];
  assert.throws(
    () => playDocuments(docs, plan, { ...overlay, next }),
    /no hop address for stage transformer/,
  );
});
