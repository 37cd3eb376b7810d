#!/usr/bin/env node
// Run every compiled test file (dist/**/*.test.js) with Node's test runner.
// Node 20's runner takes no globs, so we list the files ourselves.
// Usage: node scripts/test.mjs [substring …]  (only files whose path contains one)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const filters = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.test.js')) files.push(path.relative(root, full));
  }
};
for (const top of ['dist/src', 'dist/test'])
  if (fs.existsSync(path.join(root, top))) walk(path.join(root, top));
const chosen = files.sort().filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (chosen.length === 0) {
  console.error('no test files found under dist/ (did the build run?)');
  process.exit(1);
}
// One file at a time: the end-to-end tests run onnxruntime on 2 cores and would only fight.
// Released receive buffers are filled with NaN, so a stage that reads a frame's
// tensors after giving them back fails the top-1 checks instead of passing by luck.
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...chosen], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, COUPER_POISON_RELEASED: '1' },
});
process.exit(result.status ?? 1);
