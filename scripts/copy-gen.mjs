#!/usr/bin/env node
// tsc does not copy plain .js sources; the generated protobuf code is plain JS.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
for (const dir of ['src/onnx/gen', 'src/transport/gen']) {
  const from = path.join(root, dir);
  const to = path.join(root, 'dist', dir);
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from)) {
    if (name.endsWith('.js')) fs.copyFileSync(path.join(from, name), path.join(to, name));
  }
}
