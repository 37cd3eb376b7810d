/**
 * A published bundle's stages run as the runtime image runs them (one
 * pod-main.js process per stage, configured from the bundle's own plan, no
 * orchestrator), here as plain processes on this machine with the hop
 * addresses pointed at 127.0.0.1 as an overlay would point them: the frames
 * play through, the camera prints the run's summary (the drop identity
 * holds, p50 > 0), the probes the manifests use answer, every stage stops on SIGTERM with its one JSON line, and
 * no process is left behind.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { StageConfig } from '../../src/pipeline/messages.js';
import type { RunSummary } from '../../src/pipeline/metrics.js';
import { publish, type Published } from '../../src/publish/publish.js';
import { ensureModel, repoRoot } from '../helpers/models.js';

const SPLIT = 'c6acb20c';
const FRAMES = 16;
const WARMUP = 2;
let tmp = '';
let bundle: Published;
const children: ChildProcess[] = [];

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-e2e-publish-'));
  bundle = await publish({
    source: { kind: 'split', model: ensureModel('mobilenet_v2'), split: [SPLIT], infra: 'mid-end' },
    out: path.join(tmp, 'bundle'),
    target: 'kustomize',
    tierLabel: 'couper.io/tier',
    tolerations: false,
    tls: false,
    fps: 8,
  });
});
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The stage's config from the bundle, with the parts where this machine has them and a finite camera. */
function localConfig(config: StageConfig): StageConfig {
  const evaluator = config.evaluator && {
    ...config.evaluator,
    file: path.join(bundle.dir, 'parts', path.basename(config.evaluator.file)),
    // The cloud tier's evaluator runs on CUDA in production (it holds a GPU); this host has none.
    executionProvider: 'cpu',
  };
  const camera = config.camera && { ...config.camera, frames: FRAMES + WARMUP, warmup: WARMUP };
  // The labels file a pod finds in its ConfigMap, written where this machine finds it.
  const labelsFile = path.join(tmp, 'labels.txt');
  fs.writeFileSync(labelsFile, bundle.plan.labels ?? '');
  const classifier = config.classifier && {
    profile: {
      ...config.classifier.profile,
      output: { ...config.classifier.profile.output, labels: labelsFile },
    },
  };
  return {
    ...config,
    ...(evaluator && { evaluator }),
    ...(camera && { camera }),
    ...(classifier && { classifier }),
  };
}

interface Ended {
  readonly code: number | null;
  readonly line: string;
  readonly stderr: string;
}

function started(child: ChildProcess): Promise<Ended> {
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) =>
    child.once('exit', (code) => resolve({ code, line: out.trim(), stderr: err })),
  );
}

// A stage that fails leaves the chain unready and the camera waiting: the timeout ends the test, and after() the processes.
void test(
  'the published stages play the frames through and the camera reports the run',
  { timeout: 120_000 },
  async () => {
    const stages = bundle.plan.stages;
    const ports = new Map<string, number>();
    for (const s of stages) ports.set(s.object, await freePort());
    const main = path.join(repoRoot(), 'dist', 'src', 'pipeline', 'pod-main.js');
    const ends = new Map<string, Promise<Ended>>();
    for (const s of stages) {
      const file = path.join(tmp, `${s.name}.json`);
      fs.writeFileSync(file, JSON.stringify(localConfig(s.config)));
      const next = `127.0.0.1:${ports.get(s.next.split(':')[0]!)}`;
      const args = [main, s.role, '--config', file, '--port', String(ports.get(s.object)), '--next', next];
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      ends.set(s.name, started(child));
    }
    const camera = await ends.get('camera')!;
    assert.equal(camera.code, 0, camera.stderr);
    const { summary } = JSON.parse(camera.line) as { summary: RunSummary };
    assert.equal(summary.framesProduced, FRAMES);
    assert.equal(summary.framesProcessed + summary.framesDropped, summary.framesProduced);
    assert.ok(summary.framesProcessed > 0, `no frame came back: ${camera.line} ${camera.stderr}`);
    assert.ok((summary.latencyMs?.p50 ?? 0) > 0);
    // The probes the manifests give each stage, asked of the running transformer, and of nothing.
    const probe = path.join(repoRoot(), 'dist', 'src', 'pipeline', 'probe-main.js');
    const ask = (...args: string[]): number | null => spawnSync(process.execPath, [probe, ...args]).status;
    const transformer = `127.0.0.1:${ports.get(stages[1]!.object)}`;
    assert.equal(ask(transformer), 0, 'ready');
    assert.equal(ask('--live', transformer), 0, 'live');
    assert.equal(ask(`127.0.0.1:${await freePort()}`), 1, 'nothing there');
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    for (const s of stages.filter((s) => s.role !== 'camera')) {
      const end = await ends.get(s.name)!;
      assert.equal(end.code, 0, `${s.name}: ${end.stderr}`);
      const line = JSON.parse(end.line) as { stage: string; processed: number };
      assert.equal(line.stage, s.name);
      assert.ok(line.processed > 0, `${s.name} processed frames`);
    }
    assert.ok(
      children.every((c) => c.exitCode !== null || c.signalCode !== null),
      'no stage left running',
    );
  },
);
