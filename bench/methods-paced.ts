/**
 * The paper's setting, staged (issue 14): for `npm run bench:methods`, the
 * presets' cloud paced by this host's own device profile derived ×K (a
 * labelled, synthetic what-if standing in for the P100 cloud), so that the
 * cloud computes K times faster than this host's CPU, for real on staged runs
 * rather than as arithmetic on them (methods-whatif.ts).
 */
import path from 'node:path';
import { measureDeviceProfile } from '../src/evaluate/device-profile-measure.js';
import {
  deriveProfile,
  type DeviceProfile,
  type LoadedDeviceProfile,
} from '../src/pipeline/device-profile.js';
import type { Infra } from '../src/staging/infra.js';
import { hostProfileFile, hostProfileKey, readCachedProfile, writeProfile } from './host-profile-cache.js';

/** This host's profile of `model`: one thread, as the staged evaluators run. */
function measureHostProfile(model: string): Promise<DeviceProfile> {
  return measureDeviceProfile({
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
}

/** This host's profile of `model`, measured now and written into `dir` as NAME-host.json. */
export async function hostProfile(model: string, name: string, dir: string): Promise<LoadedDeviceProfile> {
  return writeProfile(path.join(dir, `${name}-host.json`), await measureHostProfile(model));
}

/**
 * This host's profile of `model`, measured the first time and read back from
 * `dir` after that (host-profile-cache.ts); `fresh` measures again and
 * replaces it. Says on stderr which it did, since every paced figure rests on it.
 */
export async function cachedHostProfile(
  model: string,
  name: string,
  dir: string,
  fresh: boolean,
): Promise<LoadedDeviceProfile> {
  const key = await hostProfileKey(model);
  const file = hostProfileFile(dir, name, key);
  const cached = fresh ? null : readCachedProfile(file, key);
  if (cached) {
    process.stderr.write(
      `host profile of ${name}: reused ${file} (measured ${cached.profile.provenance.date})\n`,
    );
    return cached;
  }
  const loaded = writeProfile(file, await measureHostProfile(model));
  process.stderr.write(
    `host profile of ${name}: measured, ${loaded.profile.latency.medianMs.toFixed(2)} ms, ${file}\n`,
  );
  return loaded;
}

/**
 * The host profile derived ×K, labelled as the presets' P100 cloud, written
 * beside it. Derived from the same host profile, it is the same file, byte for
 * byte, so the run-cache keys that hold its hash stay the same.
 */
export function derivedProfile(host: LoadedDeviceProfile, speedup: number): LoadedDeviceProfile {
  const file = host.file.replace(/(-host)?\.json$/, `-x${speedup}.json`);
  return writeProfile(file, deriveProfile(host, speedup, `P100 cloud as this host ×${speedup}`));
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
