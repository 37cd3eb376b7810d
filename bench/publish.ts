/**
 * `npm run bench:publish`: the same split run by `couper run --infra` and by
 * its published bundle under `podman kube play`, on one staging plan (the
 * same namespaces, cgroups and emulated links, made afresh for each run),
 * side by side: latency and drops, and their ratios. Target (issue 13):
 * latency and drops within 10% of each other. The bundle's images are built
 * first (minutes; `--no-build` reuses the images the e2e test or an
 * earlier bench built under the same names).
 *
 *   npm run bench:publish -- [--model mobilenet_v2] [--split c6acb20c] [--frames 40] [--fps 4] [--no-build]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { table } from '../src/cli/format.js';
import { packageRoot } from '../src/core/assets.js';
import { stderrLogger } from '../src/core/log.js';
import type { RunSummary } from '../src/pipeline/metrics.js';
import { buildBundle } from '../src/publish/build.js';
import { publish } from '../src/publish/publish.js';
import { prepareRun } from '../src/run/prepare.js';
import { applyRun } from '../src/run/run.js';
import { stagedSettings, stagedSite } from '../src/run/sites/staged.js';
import { loadInfra, makeStagingPlan, newRunId, probeHost } from '../src/staging/index.js';
import { playImages, playOnNewArea, twoTierInfra } from '../test/helpers/kube-play.js';
import { ensureModel } from '../test/helpers/models.js';
import { runSettings } from '../test/helpers/run-settings.js';
import { benchArgs, benchNumber, FPS, FRAMES as FRAME_COUNT } from './args.js';

const values = benchArgs('bench:publish', {
  model: { type: 'string', default: 'mobilenet_v2' },
  split: { type: 'string', default: 'c6acb20c' },
  frames: { type: 'string', default: '40' },
  fps: { type: 'string', default: '4' },
  'no-build': { type: 'boolean', default: false },
});
const FRAMES = benchNumber('bench:publish', 'frames', values.frames, FRAME_COUNT);
const WARMUP = 3;
const host = probeHost();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-bench-publish-'));

async function main(): Promise<void> {
  const model = ensureModel(values.model);
  const infraPath = twoTierInfra(dir, host.ghz);
  const infra = loadInfra(infraPath);
  const staging = makeStagingPlan(infra, host, newRunId());
  const fps = benchNumber('bench:publish', 'fps', values.fps, FPS) * staging.frameRateFactor;
  const prepared = await prepareRun({
    model,
    split: [values.split],
    source: { kind: 'synthetic', width: 640, height: 480 },
    settings: runSettings({ frames: FRAMES, warmup: WARMUP, fps, staged: stagedSettings(staging) }),
  });
  const run = await applyRun(prepared, { site: () => stagedSite(staging, prepared.plan) });
  const bundle = await publish({
    source: { kind: 'split', model, split: [values.split], infra: infraPath },
    out: path.join(dir, 'bundle'),
    target: 'kustomize',
    name: 'bench-publish',
    ...playImages(model, values.split),
    tierLabel: 'couper.io/tier',
    tolerations: false,
    tls: false,
    fps,
  });
  if (!values['no-build']) buildBundle(bundle.dir, bundle.plan, packageRoot(), { log: stderrLogger });
  const played = await playOnNewArea(bundle.dir, staging, {
    frames: FRAMES + WARMUP,
    warmup: WARMUP,
    timeoutMs: 600_000,
    handleSignals: true,
  });
  report(run.summary, played.summary, staging.scaling.dilation);
}

function report(run: RunSummary, pod: RunSummary, dilation: number): void {
  const row = (name: string, s: RunSummary): string[] => [
    name,
    (s.latencyMs?.mean ?? NaN).toFixed(1),
    (s.latencyMs?.p50 ?? NaN).toFixed(1),
    (s.latencyMs?.p90 ?? NaN).toFixed(1),
    String(s.framesProcessed),
    String(s.framesDropped),
  ];
  console.log(
    `${values.model} split ${values.split}, ${FRAMES} frames (+${WARMUP} warm-up) at ${values.fps} fps, two tiers (0.5 + 1 core, 20 ms, 100 Mbit/s), dilation ×${dilation.toFixed(2)}`,
  );
  console.log(
    table(
      ['run', 'latency mean ms', 'p50 ms', 'p90 ms', 'processed', 'dropped'],
      [row('couper run --infra', run), row('bundle under podman kube play', pod)],
    ),
  );
  const ratio = (pod.latencyMs?.mean ?? NaN) / (run.latencyMs?.mean ?? NaN);
  const p50 = (pod.latencyMs?.p50 ?? NaN) / (run.latencyMs?.p50 ?? NaN);
  const dropGap = Math.abs(pod.framesDropped - run.framesDropped) / run.framesProduced;
  const within = (x: number): string => (Math.abs(x - 1) <= 0.1 ? 'met' : 'not met');
  console.log(
    `bundle / run latency: mean ${ratio.toFixed(3)}, p50 ${p50.toFixed(3)} (target within 10%: ${within(ratio)})`,
  );
  console.log(
    `drops: ${run.framesDropped} against ${pod.framesDropped} of ${run.framesProduced} frames, a gap of ${(dropGap * 100).toFixed(1)}% of the frames (target within 10%: ${dropGap <= 0.1 ? 'met' : 'not met'})`,
  );
}

try {
  await main();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
