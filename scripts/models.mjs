#!/usr/bin/env node
// Inflate the shared model architectures into .cache/models (git-ignored).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const shared = path.resolve(root, '../shared/models');
const out = path.join(root, '.cache/models');
const names = fs
  .readdirSync(shared)
  .filter((f) => f.endsWith('.onnx'))
  .map((f) => f.slice(0, -5))
  .filter((n) => !fs.existsSync(path.join(out, `${n}.onnx`)));
if (names.length > 0)
  execFileSync(process.execPath, [path.join(shared, 'inflate.mjs'), '--out', out, ...names], {
    stdio: 'inherit',
  });
console.log(
  `models in ${path.relative(root, out)}: ${fs
    .readdirSync(out)
    .filter((f) => f.endsWith('.onnx'))
    .join(', ')}`,
);
