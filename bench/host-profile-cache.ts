/**
 * This host's device profile of a model, measured once and reused: the paced
 * cloud of `npm run bench:methods` is this profile derived ×K, and its hash is
 * part of every run-cache key, so a profile measured afresh on each invocation
 * (a new median, a new date) would make every staged run a cache miss and no
 * paced run could be resumed or repeated. The file is keyed by what changes
 * the measurement (model content, input shapes, host, engine) and lives under
 * the cache folder; delete it, or pass --fresh-profiles, to measure again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../src/core/errors.js';
import { modelContentHash } from '../src/onnx/content-hash.js';
import { readModel } from '../src/onnx/model-file.js';
import {
  checkProfileFits,
  loadDeviceProfile,
  type DeviceProfile,
  type LoadedDeviceProfile,
  type ModelIdentity,
} from '../src/pipeline/device-profile.js';
import { getRuntime } from '../src/runtime/registry.js';
import { modelInputSpecs } from '../src/slice/inputs.js';

export interface HostProfileKey {
  /** The model as a profile names it: content hash and input shapes. */
  readonly model: ModelIdentity;
  /** What of the host and engine changes a measurement, hashed into the file name. */
  readonly host: string;
}

/** The key of `model` on this host, measured with one thread on the CPU. */
export async function hostProfileKey(model: string): Promise<HostProfileKey> {
  const loaded = readModel(model);
  const inputs = modelInputSpecs(loaded.proto).map((s) => ({ name: s.name, shape: [...s.shape] }));
  const engine = (await getRuntime().version?.()) ?? 'unknown';
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return {
    model: { sha256: modelContentHash(loaded), inputs },
    host: [os.hostname(), cpu, os.availableParallelism(), `onnxruntime ${engine}`, 'cpu', '1 thread'].join(
      '|',
    ),
  };
}

/** The cache file for `name` under `dir`: readable, and different for every key. */
export function hostProfileFile(dir: string, name: string, key: HostProfileKey): string {
  const shape = key.model.inputs.map((i) => i.shape.join('x')).join('-');
  const host = createHash('sha256').update(key.host).digest('hex').slice(0, 12);
  return path.join(dir, `${name}-${key.model.sha256.slice(0, 12)}-${shape}-${host}.json`);
}

/**
 * The cached profile at `file` when it is there and still fits the model;
 * null when it is missing or stale (a model changed under the same name, a
 * hand-edited file), so that the caller measures again.
 */
export function readCachedProfile(file: string, key: HostProfileKey): LoadedDeviceProfile | null {
  if (!fs.existsSync(file)) return null;
  try {
    const loaded = loadDeviceProfile(file);
    checkProfileFits(loaded, key.model);
    return loaded;
  } catch (err) {
    if (err instanceof ConfigError) return null;
    throw err;
  }
}

/** Write the profile so that a reader never sees half of it (an interrupted bench, a parallel one). */
export function writeProfile(file: string, profile: DeviceProfile): LoadedDeviceProfile {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(profile, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return loadDeviceProfile(file);
}
