/**
 * What the kube play e2e test and `npm run bench:publish` share: a two-tier
 * infrastructure this 2-core machine holds with little scaling, and the
 * image names the bundle is built under (the same in both, so the bench can
 * reuse the test's images with --no-build), and playing a bundle on a
 * staging area of its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { playBundle, type PlayResult } from '../../src/publish/play/kube-play.js';
import { getDriver, type StagingPlan } from '../../src/staging/index.js';

/** Play the bundle in `dir` for `frames` (of which `warmup` left out) on a new area for `staging`, destroyed after. */
export async function playOnNewArea(
  dir: string,
  staging: StagingPlan,
  o: { frames: number; warmup: number; timeoutMs: number; handleSignals: boolean },
): Promise<PlayResult> {
  const area = await getDriver('local').create(staging, { handleSignals: o.handleSignals });
  try {
    return await playBundle(dir, area, { frames: o.frames, warmup: o.warmup, timeoutMs: o.timeoutMs });
  } finally {
    await area.destroy();
  }
}

/** Image names for a bundle of `model`'s split `split`. */
export function playImages(model: string, split: string): { image: string; partsImage: string } {
  const tag = `${path.basename(model, '.onnx')}-${split}`.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
  return {
    image: 'localhost/couper-runtime:kube-play',
    partsImage: `localhost/couper-parts:kube-play-${tag}`,
  };
}

/** A client (half a core) and a cloud (one core) at this host's clock, 20 ms and 100 Mbit/s apart; written to `dir`. */
export function twoTierInfra(dir: string, ghz: number): string {
  const text = [
    'name: two-tiers',
    'tiers:',
    `  - { name: client, cpus: 0.5, ghz: ${ghz.toFixed(2)}, memoryGb: 1 }`,
    `  - { name: cloud, cpus: 1, ghz: ${ghz.toFixed(2)}, memoryGb: 2 }`,
    'links:',
    '  - { between: [client, cloud], rttMs: 20, jitterMs: 0, mbps: 100 }',
    'placement: { camera: client, transformer: client, evaluator0: client }',
    '',
  ].join('\n');
  const file = path.join(dir, 'two-tiers.yaml');
  fs.writeFileSync(file, text);
  return file;
}
