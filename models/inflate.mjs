#!/usr/bin/env node
/**
 * Weights for the model graphs in this folder.
 *
 * Each NAME.onnx here is a real architecture (exported by PyTorch) whose
 * weights are external data in NAME.weights, which is not in the repository:
 * NAME.manifest.json describes every weight tensor (name, dtype, shape, byte
 * offset and length in the weights file, and how to fill it). This module
 * writes NAME.onnx and a filled NAME.weights into an output folder, so the
 * tests and benchmarks have runnable models without downloading anything.
 *
 * The values are pseudo-random with sane statistics (`normal` with a std
 * chosen for the layer's fan-in, `uniform` in [lo, hi), `copy` for values
 * that must be exact), and deterministic: the same seed gives the same bytes
 * on every machine. Each tensor has its own stream, seeded from the run's
 * seed and the tensor's name, so one tensor's values do not depend on the
 * others'. The generator is xoshiro128** (Blackman & Vigna); normals come
 * from the Box–Muller transform, whose log/cos V8 computes the same way on
 * every platform.
 *
 * Usage: node models/inflate.mjs [--out DIR] [--seed N] [--force] [NAME ...]
 *   (default: every model here, into .cache/models of the repository; models
 *   already inflated and up to date are left alone)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MODELS_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_OUT = path.join(MODELS_DIR, '..', '.cache', 'models');
export const DEFAULT_SEED = 1;

const ARRAYS = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  int64: BigInt64Array,
  int8: Int8Array,
  uint8: Uint8Array,
};

/** The models this folder holds (names of NAME.manifest.json files). */
export function modelNames() {
  return fs
    .readdirSync(MODELS_DIR)
    .filter((f) => f.endsWith('.manifest.json'))
    .map((f) => f.slice(0, -'.manifest.json'.length))
    .sort();
}

/** NAME's manifest, checked: every tensor inside the weights file, with a known dtype and fill. */
export function readManifest(name) {
  const file = path.join(MODELS_DIR, `${name}.manifest.json`);
  if (!fs.existsSync(file))
    throw new Error(`no model '${name}' in ${MODELS_DIR} (have: ${modelNames().join(', ')})`);
  const m = JSON.parse(fs.readFileSync(file, 'utf8'));
  const total = m.weights_bytes;
  if (!Number.isSafeInteger(total) || total < 0 || total > 8 * 1024 ** 3)
    throw new Error(`${file}: weights_bytes ${total} is not a size up to 8 GiB`);
  if (typeof m.weights_file !== 'string' || path.basename(m.weights_file) !== m.weights_file)
    throw new Error(`${file}: weights_file must be a plain file name, not ${JSON.stringify(m.weights_file)}`);
  for (const t of m.tensors) {
    const Arr = ARRAYS[t.dtype];
    const where = `${file}: tensor '${t.name}'`;
    if (!Arr) throw new Error(`${where} has dtype ${t.dtype} (known: ${Object.keys(ARRAYS).join(', ')})`);
    if (!(t.offset >= 0 && t.length >= 0 && t.offset + t.length <= total))
      throw new Error(`${where} lies outside the ${total}-byte weights file`);
    if (t.offset % Arr.BYTES_PER_ELEMENT !== 0 || t.length % Arr.BYTES_PER_ELEMENT !== 0)
      throw new Error(`${where} is not aligned to its ${Arr.BYTES_PER_ELEMENT}-byte elements`);
    if (!['normal', 'uniform', 'copy'].includes(t.init)) throw new Error(`${where} has fill '${t.init}'`);
  }
  return m;
}

/** xoshiro128**: 32-bit state words, a uniform in [0, 1) per call. */
function generator(seedText) {
  const h = crypto.createHash('sha256').update(seedText).digest();
  const s = new Uint32Array([h.readUInt32LE(0), h.readUInt32LE(4), h.readUInt32LE(8), h.readUInt32LE(12)]);
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1; // the all-zero state never leaves zero
  return () => {
    const r = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return r / 4294967296;
  };
}

function rotl(x, k) {
  return (x << k) | (x >>> (32 - k));
}

function fill(view, t, seed) {
  if (t.init === 'copy') {
    t.values.forEach((v, i) => {
      view[i] = view instanceof BigInt64Array ? BigInt(v) : v;
    });
    return;
  }
  const next = generator(`${seed}:${t.name}`);
  if (t.init === 'uniform') {
    for (let i = 0; i < view.length; i++) view[i] = t.lo + (t.hi - t.lo) * next();
    return;
  }
  // Box–Muller gives two normals per pair of uniforms; 1 - u keeps log away from 0.
  for (let i = 0; i < view.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - next())) * t.std;
    const a = 2 * Math.PI * next();
    view[i] = r * Math.cos(a);
    if (i + 1 < view.length) view[i + 1] = r * Math.sin(a);
  }
}

/** Whether OUT already holds NAME as this folder has it (the graph byte for byte, the weights at full size). */
export function upToDate(name, out = DEFAULT_OUT) {
  const m = readManifest(name);
  const graph = path.join(out, `${name}.onnx`);
  const weights = path.join(out, m.weights_file);
  if (!fs.existsSync(graph) || !fs.existsSync(weights)) return false;
  if (fs.statSync(weights).size !== m.weights_bytes) return false;
  return fs.readFileSync(graph).equals(fs.readFileSync(path.join(MODELS_DIR, `${name}.onnx`)));
}

/**
 * Write NAME.onnx and its weights into OUT; returns the graph's path. Both
 * files are written under temporary names and renamed, weights first, so a
 * concurrent reader (tests run in parallel) never sees half a file.
 */
export function inflate(name, { out = DEFAULT_OUT, seed = DEFAULT_SEED } = {}) {
  const m = readManifest(name);
  const buf = Buffer.alloc(m.weights_bytes);
  for (const t of m.tensors) {
    const Arr = ARRAYS[t.dtype];
    fill(new Arr(buf.buffer, buf.byteOffset + t.offset, t.length / Arr.BYTES_PER_ELEMENT), t, seed);
  }
  fs.mkdirSync(out, { recursive: true });
  const tmp = `.${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  const place = (file, write) => {
    write(path.join(out, file + tmp));
    fs.renameSync(path.join(out, file + tmp), path.join(out, file));
  };
  place(m.weights_file, (f) => fs.writeFileSync(f, buf));
  place(`${name}.onnx`, (f) => fs.copyFileSync(path.join(MODELS_DIR, `${name}.onnx`), f));
  return path.join(out, `${name}.onnx`);
}

function main(argv) {
  let out = DEFAULT_OUT;
  let seed = DEFAULT_SEED;
  let force = false;
  const names = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') out = path.resolve(argv[++i] ?? '');
    else if (a === '--seed') seed = Number(argv[++i]);
    else if (a === '--force') force = true;
    else if (a.startsWith('-')) {
      console.error(
        `inflate: unknown option '${a}'\nusage: node models/inflate.mjs [--out DIR] [--seed N] [--force] [NAME ...]`,
      );
      return 2;
    } else names.push(a);
  }
  if (!Number.isSafeInteger(seed)) {
    console.error(`inflate: --seed must be a whole number`);
    return 2;
  }
  const fresh = seed !== DEFAULT_SEED || force;
  for (const name of names.length > 0 ? names : modelNames()) {
    if (!fresh && upToDate(name, out)) continue;
    const file = inflate(name, { out, seed });
    console.log(
      `${name}: ${path.relative(process.cwd(), file) || file} (${(readManifest(name).weights_bytes / 1e6).toFixed(1)} MB of weights, seed ${seed})`,
    );
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    console.error(`inflate: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
