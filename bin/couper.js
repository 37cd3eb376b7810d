#!/usr/bin/env node
// The couper command. It runs the start-up bundle (dist/bundle/main.mjs, made
// by scripts/bundle.mjs in `npm run build`: the same code as dist/src in a
// score of files instead of a hundred-odd ES modules, which is most of a short
// command's time on Node 20) and dist/src/cli/main.js when there is none. In a
// checkout, a tsc run after the last bundle (dist/.tsbuildinfo newer than it)
// means the bundle may be older than the code, so dist/src runs then too.
// COUPER_NO_BUNDLE=1 runs dist/src always.
import fs from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
const bundle = new URL('bundle/main.mjs', dist);
// Written by tsc in a checkout only; the published package has none.
const built = new URL('.tsbuildinfo', dist);

function bundleIsCurrent() {
  if (process.env.COUPER_NO_BUNDLE === '1') return false;
  const made = fs.statSync(bundle, { throwIfNoEntry: false });
  if (made === undefined) return false;
  // Without one (the published package), the bundle and dist/src come from one build.
  const compiled = fs.statSync(built, { throwIfNoEntry: false });
  return compiled === undefined || compiled.mtimeMs <= made.mtimeMs;
}

const { main } = bundleIsCurrent() ? await import(bundle.href) : await import('../dist/src/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
