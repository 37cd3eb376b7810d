/**
 * `couper run --infra`: the pipeline's stages on the tiers of a real staging
 * area (root and `ip` needed). Frames cross the emulated links, so transfers
 * and latency carry the configured delays and bandwidths; a dilated preset
 * reports undilated figures; nothing is left behind after success, a failing
 * stage, or SIGINT. Every case runs for each backend: `local` (processes)
 * and `podman` (containers; skipped with the reason printed where podman or
 * runc is missing).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RuntimeError } from '../../src/core/errors.js';
import { stagedSite } from '../../src/run/sites/staged.js';
import { prepareRun, type PreparedRun, type RunRequest } from '../../src/run/prepare.js';
import { applyRun } from '../../src/run/run.js';
import type { RunSettings } from '../../src/run/run-plan.js';
import {
  makeStagingPlan,
  newRunId,
  parseInfra,
  probeHost,
  type StagingPlan,
} from '../../src/staging/index.js';
import { assertNoLeftovers, isAlive as alive } from '../helpers/leftovers.js';
import { skipUnless } from '../helpers/needs.js';
import { runSettings } from '../helpers/run-settings.js';
import { ensureModel, repoRoot } from '../helpers/models.js';

const host = probeHost();
const BACKENDS = ['local', 'podman'] as const;

function skipFor(backend: string): string | false {
  return skipUnless('root', 'netns', 'cgroups', ...(backend === 'podman' ? (['podman'] as const) : []));
}

const COUPER = path.join(repoRoot(), 'bin', 'couper.js');
const SPLIT = 'c2177880'; // an articulation candidate of squeezenet1_1
// Low GHz so that the three tiers fit the host without dilation: figures are real time.
const INFRA = `
name: tiny
tiers:
  - { name: client, cpus: 1, ghz: 0.5, memoryGb: 1 }
  - { name: edge, cpus: 1, ghz: 0.5, memoryGb: 1 }
  - { name: cloud, cpus: 1, ghz: 0.5, memoryGb: 1 }
links:
  - { between: [client, edge], rttMs: 20, jitterMs: 0, mbps: 50 }
  - { between: [edge, cloud], rttMs: 40, jitterMs: 0, mbps: 20 }
  - { between: [client, cloud], rttMs: 60, jitterMs: 0, mbps: 20 }
`;
/** One-way delays on the frame's path client → edge → cloud → back to the client. */
const PATH_ONE_WAY_MS = 10 + 20 + 30;

function settings(over: Partial<RunSettings> = {}): RunSettings {
  return runSettings({ fps: 4, frames: 30, ...over });
}

function request(model: string, plan: StagingPlan): RunRequest {
  return {
    model,
    split: [SPLIT],
    source: { kind: 'synthetic', width: 320, height: 240 },
    settings: settings({ staged: { tiers: plan.tiers.map((t) => t.name), placement: plan.placement } }),
  };
}

/** Nothing of run `id` left, and none of its stage processes alive. */
function assertClean(id: string, pids: readonly number[] = []): void {
  assertNoLeftovers(id);
  assert.deepEqual(pids.filter(alive), [], 'stage processes left');
}

for (const backend of BACKENDS)
  describe(
    `couper run --infra (stages on staged tiers, ${backend} backend)`,
    { skip: skipFor(backend) },
    () => {
      let model = '';
      let dir = '';
      let infraFile = '';
      /** `couper run` of the test's split on `infra` with this backend. */
      const runArgs = (infra: string): string[] => [
        COUPER,
        'run',
        '--model',
        model,
        '--split',
        SPLIT,
        '--infra',
        infra,
        '--backend',
        backend,
      ];
      before(() => {
        model = ensureModel('squeezenet1_1');
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-staged-run-test-'));
        infraFile = path.join(dir, 'tiny.yaml');
        fs.writeFileSync(infraFile, INFRA);
      });
      after(() => fs.rmSync(dir, { recursive: true, force: true }));

      const stagingPlan = (): StagingPlan => makeStagingPlan(parseInfra(INFRA, infraFile), host, newRunId());

      it('places the stages on their tiers and every hop pays its link', async () => {
        const plan = stagingPlan();
        const prepared = await prepareRun(request(model, plan));
        const report = await applyRun(prepared, { site: () => stagedSite(plan, prepared.plan, backend) });
        const s = report.summary;
        assert.deepEqual(report.staging?.placement, {
          camera: 'client',
          transformer: 'client',
          evaluator0: 'edge',
          evaluator1: 'cloud',
          classifier: 'cloud',
        });
        assert.equal(report.staging?.dilation, 1);
        assert.equal(report.staging?.fidelity.network, 'kernel-netns');
        assert.equal(s.framesProduced, 30);
        assert.equal(s.framesProcessed + s.framesDropped, s.framesProduced);
        assert.ok(s.framesProcessed > 0, 'no frame came back');
        // evaluator0 (edge) → evaluator1 (cloud): the call's round trip holds at least the one-way delay and the bytes at 20 Mbit/s.
        const edgeCloud = s.stages['evaluator0']!;
        const floor = 20 + (edgeCloud.bytes * 8) / 20e3;
        process.stdout.write(
          `# ${backend} edge→cloud transfer ${edgeCloud.transferMs.toFixed(1)} ms (floor ${floor.toFixed(1)})\n`,
        );
        assert.ok(
          edgeCloud.transferMs >= 0.95 * floor,
          `edge→cloud ${edgeCloud.transferMs} ms < ${floor} ms`,
        );
        for (const f of report.frames.filter((x) => x.status === 'processed'))
          assert.ok(f.latencyMs! >= PATH_ONE_WAY_MS, `frame ${f.frameId}: latency ${f.latencyMs} ms`);
        assertClean(plan.runId, report.pids);
      });

      it('fails with the stage named when a staged stage fails, and leaves nothing behind', async () => {
        const plan = stagingPlan();
        const bad = path.join(dir, 'broken.onnx');
        fs.writeFileSync(bad, 'not an onnx model');
        const prepared = await prepareRun({ ...request(model, plan), split: ['none'] });
        const stages = prepared.plan.stages.map((s) =>
          s.part ? { ...s, part: { ...s.part, file: bad } } : s,
        );
        const broken: PreparedRun = { plan: { ...prepared.plan, stages }, slice: null };
        await assert.rejects(
          applyRun(broken, { site: () => stagedSite(plan, broken.plan, backend) }),
          (err: unknown) => {
            assert.ok(err instanceof RuntimeError, String(err));
            assert.match(err.message, /^stage evaluator0: /);
            return true;
          },
        );
        assertClean(plan.runId);
      });

      it('cleans everything up when `couper run --infra` gets SIGINT', async () => {
        const args = [...runArgs(infraFile), '--synthetic'];
        const child = spawn(process.execPath, [...args, '--camera-size', '160x120', '--fps', '4'], {
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        const id = await new Promise<string>((resolve, reject) => {
          child.stderr.on('data', (d: Buffer) => {
            stderr += d.toString();
            const m = /couper-([a-z0-9]{4})[\s\S]*frames: [1-9]/.exec(stderr);
            if (m) resolve(m[1]!);
          });
          child.once('exit', () => reject(new Error(`exited before running: ${stderr}`)));
        });
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill('SIGINT');
        assert.equal(await exited, 130, stderr);
        assertClean(id);
      });

      it('runs a dilated preset and reports undilated figures', () => {
        const args = runArgs('mid-end');
        // One emulated core per tier keeps the dilation moderate on a small host.
        const opts = [
          '--gpu-substitute',
          'cpu',
          '--max-tier-cores',
          '1',
          '--synthetic',
          '--camera-size',
          '160x120',
        ];
        const r = spawnSync(
          process.execPath,
          [...args, ...opts, '--fps', '2', '--frames', '8', '--warmup', '2', '--json'],
          {
            encoding: 'utf8',
          },
        );
        assert.equal(r.status, 0, r.stderr);
        const out = JSON.parse(r.stdout) as {
          summary: {
            fpsIn: number;
            framesProduced: number;
            stages: Record<string, { transferMs: number; bytes: number }>;
          };
          staging: {
            dilation: number;
            scale: number;
            cameraFps: number;
            gpuSubstitute: string;
            fidelity: { network: string };
          };
        };
        const st = out.staging;
        process.stdout.write(
          `# ${backend} mid-end: dilation ${st.dilation.toFixed(2)}, scale ${st.scale.toFixed(3)}\n`,
        );
        assert.ok(st.dilation > 1, `dilation ${st.dilation}`);
        assert.equal(st.gpuSubstitute, 'cpu');
        assert.ok(Math.abs(st.cameraFps - 2 / st.dilation) < 0.05, `camera ran at ${st.cameraFps} fps`);
        assert.equal(out.summary.framesProduced, 8);
        // Undilated: the camera's production rate, not the slowed one.
        assert.ok(Math.abs(out.summary.fpsIn - 2) / 2 < 0.15, `fpsIn ${out.summary.fpsIn}`);
        // transformer (client) → evaluator0 (edge), 15 ms RTT at 89.9 Mbit/s, in production time.
        const t = out.summary.stages['transformer']!;
        const floor = 7.5 + (t.bytes * 8) / 89.9e3;
        assert.ok(t.transferMs >= 0.95 * floor, `client→edge ${t.transferMs} ms < ${floor} ms`);
        const id = /couper-([a-z0-9]{4})/.exec(r.stderr)?.[1];
        assert.ok(id, r.stderr);
        assertClean(id);
      });
    },
  );
