/**
 * External data (onnx.proto TensorProto.external_data): weights that live in
 * side files. We only ever stat them here; the bytes stay on disk until a
 * runtime or a slice that needs them inline reads them.
 *
 * A location is a path relative to the model's folder and must resolve inside
 * it, as the ONNX spec and onnxruntime require: a model file is input from
 * elsewhere, and one naming '/etc/shadow' or '../../x' would otherwise have
 * that file read as weights and hard-linked beside the parts `slice` writes.
 * externalFile() is the one way to reach such a file: it refuses an absolute
 * path or one that climbs out by '..' without touching the file system, then
 * resolves symbolic links (realpath(3), the kernel's reading of '..' after a
 * link) and refuses a real path outside the folder's real path, or anything
 * but a regular file. Every reader (the size check, tensor values, the shape
 * cache's key, hard-linking into a slice folder) opens the path it returns.
 *
 * Hard links are accepted, as onnxruntime accepts them. A hard link is a name
 * inside the folder, indistinguishable by path from any other file there, and
 * `couper slice` itself writes parts whose weights are hard links (link count
 * above 1) to the source's, so refusing shared inodes would refuse our own
 * output. Unlike a path or a symbolic link, which any model file can name,
 * a hard link has to be made on the same file system by someone allowed to
 * (with Linux's default fs.protected_hardlinks, the file's owner or someone
 * who can read and write it): it shows the folder's readers nothing its maker
 * could not already read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describeError, ModelError } from '../core/errors.js';
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

const RULE = "external data must be a file inside the model's folder (ONNX spec; onnxruntime refuses it too)";

/**
 * The real path of the file holding external data at `location`, checked to
 * be a regular file inside `modelDir` (see the file comment); `owner` names
 * what keeps its data there in errors ("tensor 'w'").
 */
export function externalFile(modelDir: string, location: string, owner = 'a tensor'): string {
  const where = `${owner} keeps its data in '${location}'`;
  if (location.includes('\0')) throw new ModelError(`${where}, which holds a NUL byte; ${RULE}`);
  if (path.isAbsolute(location)) throw new ModelError(`${where}, an absolute path; ${RULE}`);
  const lexical = path.normalize(location);
  if (lexical === '..' || lexical.startsWith(`..${path.sep}`))
    throw new ModelError(`${where}, outside the model's folder ${modelDir}; ${RULE}`);
  const root = realPath(modelDir);
  let real: string;
  try {
    // Not path.join: it would fold 'link/..' away, where the kernel follows the link first.
    real = fs.realpathSync.native(`${root}${path.sep}${location}`);
  } catch {
    throw new ModelError(
      `${where}, which is missing (looked for ${path.join(modelDir, location)}); put it beside the model, or use a copy of the model that holds its weights`,
    );
  }
  if (!real.startsWith(`${root}${path.sep}`))
    throw new ModelError(`${where}, which leads to ${real}, outside the model's folder ${root}; ${RULE}`);
  if (!fs.statSync(real).isFile()) throw new ModelError(`${where}, which is not a regular file; ${RULE}`);
  return real;
}

function realPath(dir: string): string {
  try {
    return fs.realpathSync.native(dir);
  } catch (err) {
    throw new ModelError(`cannot resolve the model's folder ${dir}: ${describeError(err)}`);
  }
}

/**
 * Check that every external file is inside the model's folder, exists and is
 * long enough, without reading it. Every location is checked before any file
 * is stat'ed. `tensors` are all tensors of the model that may be external.
 */
export function checkExternalData(modelDir: string, tensors: Iterable<TensorProto>): void {
  const refs: { tensor: TensorProto; ref: ExternalRef; file: string }[] = [];
  const files = new Map<string, string>();
  for (const tensor of tensors) {
    const ref = externalRef(tensor);
    if (!ref) continue;
    let file = files.get(ref.location);
    if (file === undefined) {
      file = externalFile(modelDir, ref.location, `tensor '${tensor.name ?? ''}'`);
      files.set(ref.location, file);
    }
    refs.push({ tensor, ref, file });
  }
  const sizes = new Map<string, number>();
  for (const { tensor, ref, file } of refs) {
    let size = sizes.get(file);
    if (size === undefined) {
      size = fs.statSync(file).size;
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
    const source = externalFile(srcDir, location);
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
