/**
 * External data (onnx.proto TensorProto.external_data): weights that live in
 * side files. We only ever stat them here; the bytes stay on disk until a
 * runtime or a slice that needs them inline reads them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ModelError } from '../core/errors.js';
import { DATA_LOCATION_EXTERNAL, type TensorProto } from './proto.js';

export interface ExternalRef {
  /** Path relative to the model's folder, as written in the file. */
  readonly location: string;
  readonly offset: number;
  /** Bytes, or null when the entry says "to the end of the file". */
  readonly length: number | null;
}

export function isExternal(tensor: TensorProto): boolean {
  return tensor.dataLocation === DATA_LOCATION_EXTERNAL;
}

export function externalRef(tensor: TensorProto): ExternalRef | null {
  if (!isExternal(tensor)) return null;
  const entries = new Map((tensor.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
  const location = entries.get('location');
  if (!location) throw new ModelError(`tensor '${tensor.name}' is external but names no location`);
  const offset = Number(entries.get('offset') ?? 0);
  const lengthText = entries.get('length');
  const length = lengthText === undefined ? null : Number(lengthText);
  if (!Number.isSafeInteger(offset) || offset < 0 || (length !== null && !Number.isSafeInteger(length))) {
    throw new ModelError(`tensor '${tensor.name}' has a bad external data offset or length`);
  }
  return { location, offset, length };
}

/**
 * Check that every external file exists and is long enough, without reading it.
 * `tensors` are all tensors of the model that may be external.
 */
export function checkExternalData(modelDir: string, tensors: Iterable<TensorProto>): void {
  const sizes = new Map<string, number>();
  for (const tensor of tensors) {
    const ref = externalRef(tensor);
    if (!ref) continue;
    const file = path.resolve(modelDir, ref.location);
    let size = sizes.get(file);
    if (size === undefined) {
      try {
        size = fs.statSync(file).size;
      } catch {
        throw new ModelError(
          `tensor '${tensor.name}' keeps its data in '${ref.location}', which is missing (looked for ${file}); put it beside the model, or use a copy of the model that holds its weights`,
        );
      }
      sizes.set(file, size);
    }
    const end = ref.offset + (ref.length ?? 0);
    if (end > size) {
      throw new ModelError(
        `tensor '${tensor.name}' needs bytes ${ref.offset}..${end} of '${ref.location}', which has only ${size}`,
      );
    }
  }
}

/** The external files a set of tensors uses, relative to the model's folder. */
export function externalLocations(tensors: Iterable<TensorProto>): Set<string> {
  const out = new Set<string>();
  for (const tensor of tensors) {
    const ref = externalRef(tensor);
    if (ref) out.add(ref.location);
  }
  return out;
}

/**
 * Make the external files `locations` (relative to srcDir) available inside
 * destDir under their base names, without copying where possible.
 * onnxruntime refuses external data outside a model's own folder, symbolic
 * links included, so we hard-link; across file systems we must copy.
 * Returns the new location for each old one and whether any file was copied.
 */
export function linkExternalFiles(
  srcDir: string,
  locations: Iterable<string>,
  destDir: string,
): { renamed: Map<string, string>; copied: string[] } {
  const renamed = new Map<string, string>();
  const copied: string[] = [];
  const taken = new Map<string, string>();
  for (const location of locations) {
    const source = path.resolve(srcDir, location);
    let base = path.basename(location);
    // Two files with one base name (a/w.bin, b/w.bin) must not collide.
    for (let i = 1; taken.has(base) && taken.get(base) !== source; i++)
      base = `${i}-${path.basename(location)}`;
    taken.set(base, source);
    renamed.set(location, base);
    const target = path.join(destDir, base);
    if (sameFile(source, target)) continue;
    fs.rmSync(target, { force: true });
    try {
      fs.linkSync(source, target);
    } catch {
      fs.copyFileSync(source, target);
      copied.push(base);
    }
  }
  return { renamed, copied };
}

function sameFile(a: string, b: string): boolean {
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.ino === sb.ino && sa.dev === sb.dev;
  } catch {
    return false;
  }
}

/** A copy of `tensor` whose external data points at its new location (see linkExternalFiles). */
export function relocated(tensor: TensorProto, renamed: ReadonlyMap<string, string>): TensorProto {
  if (!isExternal(tensor)) return tensor;
  const externalData = (tensor.externalData ?? []).map((entry) =>
    entry.key === 'location' && entry.value && renamed.has(entry.value)
      ? { key: entry.key, value: renamed.get(entry.value)! }
      : entry,
  );
  return { ...tensor, externalData };
}
