/**
 * Shapes learnt from onnxruntime runs, kept on disk so that `candidates`,
 * then `slice`, then `run` on the same model run the model once between
 * them. Only the run's results are kept: static inference takes a few
 * milliseconds, less than hashing a model whose weights are inline.
 *
 * An entry is found by a hash of everything its shapes depend on: the .onnx
 * file's bytes; the size and modification time of each external data file
 * (data-dependent shapes may depend on weights; hashing gigabytes of weights
 * would cost more than the run it saves); the input shapes; Couper's version
 * (which fixes the onnxruntime it runs) and the cache format. A changed model
 * gets a new key, so an entry is never wrong, only unused. Entries are read
 * as hostile: bounded in size, checked field by field, and a bad one is
 * ignored and rewritten. The folder holds at most MAX_ENTRIES; the least
 * recently used go first. `rm -rf <cache>/shapes` empties it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { cachePath, packageVersion } from '../core/assets.js';
import { isDType } from '../core/dtype.js';
import { externalFile, externalLocations } from '../onnx/external-data.js';
import { allTensors, type LoadedModel } from '../onnx/model-file.js';
import type { GraphProto } from '../onnx/proto.js';
import type { InputSpec } from './inputs.js';
import type { TensorType } from './static-shapes.js';

const FORMAT = 1;
export const MAX_ENTRIES = 256;
/** An entry larger than this is not ours (a model with a million unknown tensors would need 64 MiB). */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;
const MAX_RANK = 64;

export function shapeCacheDir(): string {
  return cachePath('shapes');
}

/** The key of a model's run shapes on these inputs (see the file comment for what it covers). */
export function shapeCacheKey(model: LoadedModel, specs: readonly InputSpec[]): string {
  const hash = createHash('sha256');
  hash.update(`couper-shapes/${FORMAT}/${packageVersion()}\n`);
  hash.update(fs.readFileSync(model.file));
  const locations = [...externalLocations(allTensors(model.proto.graph as GraphProto))].sort();
  for (const location of locations) {
    const stat = fs.statSync(externalFile(model.dir, location));
    hash.update(`\n${JSON.stringify([location, stat.size, stat.mtimeMs])}`);
  }
  hash.update(`\n${JSON.stringify(specs.map((s) => [s.name, s.dtype, s.shape]))}`);
  return hash.digest('hex');
}

/** The cached types of every one of `names`, or undefined when any is missing or the entry is bad. */
export function readCachedShapes(
  dir: string,
  key: string,
  names: readonly string[],
): Map<string, TensorType> | undefined {
  const file = path.join(dir, `${key}.json`);
  const entry = readEntry(file, key);
  if (!entry || !names.every((n) => entry.has(n))) return undefined;
  // Mark it recently used: pruning removes the entries least recently read or written.
  const now = new Date();
  tryQuietly(() => fs.utimesSync(file, now, now));
  return new Map(names.map((n) => [n, entry.get(n)!]));
}

/** Write an entry (atomically: a reader sees the old file or the new one), then prune the folder. */
export function writeCachedShapes(dir: string, key: string, types: ReadonlyMap<string, TensorType>): void {
  const tensors = Object.fromEntries([...types].map(([n, t]) => [n, { dtype: t.dtype, shape: t.shape }]));
  const text = JSON.stringify({ format: FORMAT, key, tensors });
  if (text.length > MAX_ENTRY_BYTES) return;
  tryQuietly(() => {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${key}.json`);
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, file);
    prune(dir);
  });
}

function readEntry(file: string, key: string): Map<string, TensorType> | undefined {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_ENTRY_BYTES) return undefined;
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  return checkedEntry(json, key);
}

/** The entry's types when it is an entry of this format for this key, field by field; else undefined. */
export function checkedEntry(json: unknown, key: string): Map<string, TensorType> | undefined {
  if (!isRecord(json) || json.format !== FORMAT || json.key !== key || !isRecord(json.tensors))
    return undefined;
  const out = new Map<string, TensorType>();
  for (const [name, value] of Object.entries(json.tensors)) {
    if (!isRecord(value) || typeof value.dtype !== 'string' || !isDType(value.dtype)) return undefined;
    const shape = value.shape;
    if (!Array.isArray(shape) || shape.length > MAX_RANK) return undefined;
    if (!shape.every((d): d is number => Number.isSafeInteger(d) && (d as number) >= 0)) return undefined;
    out.set(name, { dtype: value.dtype, shape });
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keep the MAX_ENTRIES most recently used entries; remove what a killed writer left (temp files an hour old). */
function prune(dir: string): void {
  const names = fs.readdirSync(dir);
  for (const f of names.filter((n) => n.endsWith('.tmp'))) {
    tryQuietly(() => {
      if (Date.now() - fs.statSync(path.join(dir, f)).mtimeMs > 3600_000) fs.rmSync(path.join(dir, f));
    });
  }
  const entries = names.filter((f) => f.endsWith('.json'));
  if (entries.length <= MAX_ENTRIES) return;
  const byAge = entries
    .map((f) => ({ f, mtime: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => a.mtime - b.mtime);
  for (const { f } of byAge.slice(0, entries.length - MAX_ENTRIES))
    fs.rmSync(path.join(dir, f), { force: true });
}

/** The cache only saves time: a folder that cannot be written or an entry another process removed is no error. */
function tryQuietly(fn: () => void): void {
  try {
    fn();
  } catch {
    // Nothing to do: the next run computes the shapes again.
  }
}
