/**
 * The published bundle run for real: its images built with podman (no
 * registry), its manifests played with `podman kube play`, each tier's
 * Deployments inside that tier of a staging area (its network namespace,
 * its share of the tier's CPU and memory, hops through the emulated links).
 * The frames play through, the camera's summary holds the drop identity
 * with p50 > 0, and kube down plus the staging cleanup leave no pod,
 * container, volume, namespace or cgroup behind.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { packageRoot } from '../../src/core/assets.js';
import { silentLogger } from '../../src/core/log.js';
import { buildBundle } from '../../src/publish/build.js';
import { podName } from '../../src/publish/play/kube-play.js';
import { publish } from '../../src/publish/publish.js';
import { loadInfra, makeStagingPlan, newRunId, podmanEnv, probeHost } from '../../src/staging/index.js';
import { assertNoLeftovers } from '../helpers/leftovers.js';
import { playImages, playOnNewArea, twoTierInfra } from '../helpers/kube-play.js';
import { ensureModel } from '../helpers/models.js';
import { skipUnless } from '../helpers/needs.js';

const SPLIT = 'c6acb20c';
const FRAMES = 12;
const WARMUP = 2;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-e2e-kube-play-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

void test(
  'the bundle plays under podman kube play, each tier in its tier of the staging area',
  { skip: skipUnless('root', 'netns', 'cgroups', 'podman'), timeout: 900_000 },
  async () => {
    const model = ensureModel('mobilenet_v2');
    const host = probeHost();
    const infra = twoTierInfra(tmp, host.ghz);
    const staging = makeStagingPlan(loadInfra(infra), host, newRunId());
    const bundle = await publish({
      source: { kind: 'split', model, split: [SPLIT], infra },
      out: path.join(tmp, 'bundle'),
      target: 'kustomize',
      name: 'e2e-kube-play',
      ...playImages(model, SPLIT),
      tierLabel: 'couper.io/tier',
      tolerations: false,
      tls: false,
      // The frame rate couper run would use on this staging area (it slows time where it scales tiers down).
      fps: 4 * staging.frameRateFactor,
    });
    // The one slow step (minutes): both images, from a local base, no registry.
    buildBundle(bundle.dir, bundle.plan, packageRoot(), { log: silentLogger });
    const result = await playOnNewArea(bundle.dir, staging, {
      frames: FRAMES + WARMUP,
      warmup: WARMUP,
      timeoutMs: 300_000,
      handleSignals: false,
    });
    const { summary, stages } = result;
    assert.equal(summary.framesProduced, FRAMES);
    assert.equal(summary.framesProcessed + summary.framesDropped, summary.framesProduced);
    assert.ok(summary.framesProcessed > 0, `no frame came back: ${JSON.stringify(summary)}`);
    assert.ok((summary.latencyMs?.p50 ?? 0) > 0);
    for (const s of bundle.plan.stages.filter((x) => x.role !== 'camera'))
      assert.ok(
        (stages[s.name]?.processed ?? 0) > 0,
        `${s.name} processed frames: ${JSON.stringify(stages)}`,
      );
    // Nothing of the play is left: no pod, no container, and nothing of the area.
    const pods = spawnSync('podman', ['pod', 'ps', '--format', '{{.Name}}'], {
      env: podmanEnv(),
      encoding: 'utf8',
    });
    for (const s of bundle.plan.stages)
      assert.equal(pods.stdout.includes(podName(s.object)), false, `${s.name}'s pod left`);
    const containers = spawnSync('podman', ['ps', '-a', '--format', '{{.Names}}'], {
      env: podmanEnv(),
      encoding: 'utf8',
    });
    assert.equal(containers.stdout.includes('e2e-kube-play'), false, 'containers left');
    const volumes = spawnSync('podman', ['volume', 'ls', '-q'], { env: podmanEnv(), encoding: 'utf8' });
    assert.equal(volumes.stdout.includes('e2e-kube-play'), false, 'volumes left');
    assertNoLeftovers(staging.runId);
  },
);
