/**
 * The paper's setting, staged (issue 14): for `npm run bench:methods`, the
 * presets' cloud paced by this host's own device profile derived ×K (a
 * labelled, synthetic what-if standing in for the P100 cloud), so that the
 * cloud computes K times faster than this host's CPU, for real on staged runs
 * rather than as arithmetic on them (methods-whatif.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { measureDeviceProfile } from '../src/evaluate/device-profile-measure.js';
import {
  deriveProfile,
  loadDeviceProfile,
  type LoadedDeviceProfile,
} from '../src/pipeline/device-profile.js';
import type { Infra } from '../src/staging/infra.js';

/** This host's profile of `model` (one thread, as the staged evaluators run), written into `dir`. */
export async function hostProfile(model: string, name: string, dir: string): Promise<LoadedDeviceProfile> {
  const profile = await measureDeviceProfile({
    model,
    executionProvider: 'cpu',
    threads: 1,
    inputShapes: {},
    algorithm: 'auto',
    maxTensors: 4,
    timing: { warmup: 10, minRuns: 30, maxRuns: 200 },
    profiledRuns: 3,
    checkSamples: 0,
  });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-host.json`);
  fs.writeFileSync(file, `${JSON.stringify(profile, null, 2)}\n`);
  return loadDeviceProfile(file);
}

/** The host profile derived ×K, labelled as the presets' P100 cloud, written beside it. */
export function derivedProfile(host: LoadedDeviceProfile, speedup: number): LoadedDeviceProfile {
  const file = host.file.replace(/-host\.json$/, `-x${speedup}.json`);
  const derived = deriveProfile(host, speedup, `P100 cloud as this host ×${speedup}`);
  fs.writeFileSync(file, `${JSON.stringify(derived, null, 2)}\n`);
  return loadDeviceProfile(file);
}

/** The preset with its last (cloud) tier paced by `profile`; its name says synthetic. */
export function pacedCloud(infra: Infra, profile: LoadedDeviceProfile): Infra {
  const last = infra.tiers.length - 1;
  const k = profile.profile.synthetic?.speedup;
  return {
    ...infra,
    name: `${infra.name}, cloud paced ×${k} (synthetic)`,
    tiers: infra.tiers.map((t, i) => (i === last ? { ...t, profile: profile.file } : t)),
  };
}
