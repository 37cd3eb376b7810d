/**
 * Device profiles as values: reading one back (bounded, schema-checked,
 * every problem with its path), checking that it fits the model in use,
 * the time it gives a part of that model, and deriving a labelled what-if
 * from a measured one. Measuring a profile is src/evaluate/device-profile-measure.ts.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { parseConfig } from '../core/config-schema.js';
import { ConfigError, describeError } from '../core/errors.js';
import { DeviceProfileFile, type DeviceProfile } from './device-profile-schema.js';

export { DEVICE_PROFILE_FORMAT, type DeviceProfile, type Provenance } from './device-profile-schema.js';

/** A profile of the largest models is a few MiB; anything far larger is not one. */
export const MAX_PROFILE_BYTES = 64 * 1024 * 1024;

export interface LoadedDeviceProfile {
  readonly file: string;
  /** SHA-256 of the file's bytes: a derived profile names its source by it. */
  readonly sha256: string;
  readonly profile: DeviceProfile;
}

/** Read and check a profile file; one ConfigError (every problem with its path) otherwise. */
export function loadDeviceProfile(file: string): LoadedDeviceProfile {
  let bytes: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_PROFILE_BYTES)
      throw new ConfigError(
        `${file}: ${size} bytes is too large for a device profile (at most ${MAX_PROFILE_BYTES})`,
      );
    bytes = fs.readFileSync(file);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`device profile '${file}' cannot be read: ${describeError(err).split('\n')[0]}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new ConfigError(
      `${file}: not valid JSON (${describeError(err).split('\n')[0]}); write it with couper profile`,
    );
  }
  const { $schema: _ignored, ...profile } = parseConfig(DeviceProfileFile, value, {
    source: file,
    root: 'profile',
    what: 'the device profile',
  });
  return { file, sha256: createHash('sha256').update(bytes).digest('hex'), profile };
}

/** The model a profile must fit: its content hash and the input shapes in use. */
export interface ModelIdentity {
  readonly sha256: string;
  readonly inputs: readonly { readonly name: string; readonly shape: readonly number[] }[];
}

/** Refuse a profile measured on another model or other input shapes (one line). */
export function checkProfileFits(loaded: LoadedDeviceProfile, model: ModelIdentity): void {
  const { profile, file } = loaded;
  if (profile.model.sha256 !== model.sha256)
    throw new ConfigError(
      `device profile '${file}' was measured on another model (${profile.model.file}, sha256 ${profile.model.sha256.slice(0, 12)}…, not ${model.sha256.slice(0, 12)}…): profile this model with couper profile`,
    );
  const shapes = (xs: ModelIdentity['inputs']): string =>
    xs.map((i) => `${i.name}=${i.shape.join('x')}`).join(',');
  const want = shapes(model.inputs);
  const got = shapes(profile.model.inputs);
  if (got !== want)
    throw new ConfigError(
      `device profile '${file}' was measured with input shape ${got}, not ${want}: profile again with --input-shape`,
    );
}

/**
 * The profile's time for the part of the model made of these ONNX nodes:
 * the sum of their operators' shares of the median latency. Nodes the
 * profile does not list (none, for parts cut from the profiled model) add nothing.
 */
export function partMs(profile: DeviceProfile, nodeNames: Iterable<string>): number {
  const byName = new Map(profile.operators.map((o) => [o.name, o.ms]));
  let sum = 0;
  for (const name of nodeNames) sum += byName.get(name) ?? 0;
  return sum;
}

/** What an output says of a profile: "synthetic" next to a what-if, and where it was measured. */
export function profileLabel(loaded: LoadedDeviceProfile): string {
  const p = loaded.profile;
  const where = `${p.provenance.device}, ${p.provenance.executionProvider}, ${p.provenance.threads} thread${p.provenance.threads === 1 ? '' : 's'}, ${p.provenance.date.slice(0, 10)}`;
  const s = p.synthetic;
  return s
    ? `synthetic: '${s.label}', ×${s.speedup} of a profile measured on ${where}`
    : `measured on ${where}`;
}

/** A what-if: every time of `from` divided by `speedup`, marked synthetic with its label and source. */
export function deriveProfile(from: LoadedDeviceProfile, speedup: number, label: string): DeviceProfile {
  if (!(speedup > 0) || !Number.isFinite(speedup) || speedup > 1e6)
    throw new ConfigError(`--speedup must be a number above 0 (at most 10⁶), not ${speedup}`);
  if (label.trim() === '' || label.length > 200)
    throw new ConfigError('--label must say what the what-if stands for, in 1 to 200 characters');
  const p = from.profile;
  // A what-if of a what-if multiplies, and still names the measured profile at its root.
  const root = p.synthetic?.source ?? { file: from.file, sha256: from.sha256, provenance: p.provenance };
  const total = speedup * (p.synthetic?.speedup ?? 1);
  const div = (x: number): number => x / speedup;
  return {
    ...p,
    latency: {
      ...p.latency,
      medianMs: div(p.latency.medianMs),
      p10Ms: div(p.latency.p10Ms),
      p90Ms: div(p.latency.p90Ms),
    },
    operators: p.operators.map((o) => ({ ...o, ms: div(o.ms), kernelMs: div(o.kernelMs) })),
    candidates: p.candidates.map((c) => ({ ...c, headMs: div(c.headMs), tailMs: div(c.tailMs) })),
    // The source's check measured its own machine; a what-if has nothing to check against.
    check: { samples: [], meanAbsErrorPct: null, maxAbsErrorPct: null },
    synthetic: { speedup: total, label: label.trim(), source: root },
  };
}

/** Refuse a what-if where the user asked for measured profiles only (--no-synthetic). */
export function refuseSynthetic(loaded: LoadedDeviceProfile, where: string): void {
  const s = loaded.profile.synthetic;
  if (s)
    throw new ConfigError(
      `${where}: device profile '${loaded.file}' is synthetic ('${s.label}', ×${s.speedup}) and --no-synthetic was given: use a measured profile`,
    );
}
