#!/usr/bin/env node
// The start-up bundle that bin/couper.js runs: dist/src/cli/main.js and every
// module it reaches, Couper's own and protobufjs, long, zod and yaml, bundled
// by esbuild into dist/bundle/ (main.mjs and the chunks the commands share,
// split where a command is imported lazily, so `couper slice` loads about 20
// files, not the hundred-odd ES modules of dist/src). Node 20 resolves, reads,
// compiles and links each ES module on its own and keeps no compile cache for
// them; that per-module work was most of a short command (docs/BENCHMARKS.md).
//
// What stays outside, loaded from node_modules as before: packages with native
// code or large and loaded late (onnxruntime-node, sharp, gRPC, vega,
// kubernetes-models, ffmpeg). Each bundled module keeps its own
// `import.meta.url` (its file under dist/src/), so the paths found from it
// (the package root and assets, the stage process's entry point, which runs
// unbundled from dist/src) are the same with or without the bundle.
//
// Run after tsc (`npm run build`); dist/src is what it reads.
import esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const out = path.join(dist, 'bundle');
/** Pure JavaScript, needed by the light commands, and no larger than they are worth. */
const BUNDLED = new Set(['protobufjs', 'long', 'zod', 'yaml']);

/** The package a bare specifier names (`@grpc/grpc-js/x` → `@grpc/grpc-js`). */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const couper = {
  name: 'couper',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      !args.path.startsWith('node:') && BUNDLED.has(packageOf(args.path))
        ? undefined
        : { path: args.path, external: true },
    );
    build.onLoad({ filter: /[\\/]dist[\\/]src[\\/].*\.js$/ }, async (args) => {
      const code = await fs.promises.readFile(args.path, 'utf8');
      if (!code.includes('import.meta.url')) return { contents: code, loader: 'js' };
      // Every chunk lies in dist/bundle/, so the module's own file is this URL from any of them.
      const rel = path.relative(out, args.path).split(path.sep).join('/');
      const own = `new URL(${JSON.stringify(rel)}, import.meta.url).href`;
      return { contents: code.replaceAll('import.meta.url', own), loader: 'js' };
    });
  },
};

fs.rmSync(out, { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: [path.join(dist, 'src/cli/main.js')],
  outdir: out,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [couper],
  // protobufjs is CommonJS and requires Node's built-ins (and, through eval, its optional modules).
  banner: {
    js: "import { createRequire as __couperRequire } from 'node:module';\nconst require = __couperRequire(import.meta.url);",
  },
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
const outputs = Object.entries(result.metafile.outputs);
const bytes = outputs.reduce((sum, [, o]) => sum + o.bytes, 0);
const modules = Object.keys(result.metafile.inputs).length;
console.log(`dist/bundle: ${modules} modules in ${outputs.length} files, ${(bytes / 1024).toFixed(0)} KiB`);
