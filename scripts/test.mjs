#!/usr/bin/env node
// `npm test`: the build (which is the type check), then lint, the layer rules
// (dependency-cruiser) and the format check side by side, then the unit tests in parallel, then the end-to-end tests one
// file at a time (they run pipelines and staging areas on the machine's few
// cores and would only fight), and a summary of the time each phase took and
// of every skipped test with the reason it gave.
//
// Usage: node scripts/test.mjs             everything
//        node scripts/test.mjs NAME ...    build, then only the test files whose path contains a NAME
// COUPER_TEST_STRICT=1 (CI, which installs everything): a test skipped because
// something it needs is missing fails the run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const filters = process.argv.slice(2);
const strict = process.env.COUPER_TEST_STRICT === '1';
const phases = [];
// `npm run lint:deps` runs the same.
const DEPCRUISE_ARGS = [
  'src',
  'test',
  'bench',
  '--config',
  '.dependency-cruiser.cjs',
  '--output-type',
  'err',
];

/** Run a command; its output is passed through, or held and printed whole when `quiet`. */
function run(cmd, args, { env, quiet = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    child.on('error', (err) => resolve({ ok: false, out: `${cmd}: ${err.message}\n` }));
    child.on('close', (code) => resolve({ ok: code === 0, out }));
  });
}

async function phase(name, fn) {
  const t = performance.now();
  const ok = await fn();
  phases.push({ name, ok, seconds: (performance.now() - t) / 1000 });
  return ok;
}

function testFiles() {
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
  return files.sort().filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
}

const skipFiles = [];

/** node --test over `files`, `concurrency` files at a time, skipped tests gathered into a JSON file. */
function nodeTest(files, concurrency) {
  const skips = path.join(os.tmpdir(), `couper-skips-${process.pid}-${skipFiles.length}.json`);
  skipFiles.push(skips);
  const reporter = pathToFileURL(path.join(root, 'scripts/lib/skip-reporter.mjs')).href;
  const args = [
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${reporter}`,
    `--test-reporter-destination=${skips}`,
    ...files,
  ];
  // Released receive buffers are filled with NaN, so a stage that reads a frame's
  // tensors after giving them back fails the top-1 checks instead of passing by luck.
  return run(process.execPath, args, { env: { COUPER_POISON_RELEASED: '1' } }).then((r) => r.ok);
}

function readSkips() {
  const all = [];
  for (const file of skipFiles) {
    try {
      all.push(...JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch {
      // A run that crashed before its reporter finished: its failure is reported already.
    }
    fs.rmSync(file, { force: true });
  }
  return all;
}

function summary(skipped) {
  const lines = ['', 'phase            time      result'];
  for (const p of phases)
    lines.push(`${p.name.padEnd(15)}  ${`${p.seconds.toFixed(1)} s`.padEnd(8)}  ${p.ok ? 'ok' : 'FAILED'}`);
  const total = phases.reduce((s, p) => s + p.seconds, 0);
  lines.push(`${'total'.padEnd(15)}  ${total.toFixed(1)} s`);
  const byReason = new Map();
  for (const s of skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s]);
  if (skipped.length === 0) lines.push('', 'skipped: none');
  else {
    lines.push('', `skipped: ${skipped.length} test${skipped.length > 1 ? 's' : ''}`);
    for (const [reason, list] of byReason) {
      const where = list.map((s) => `${path.basename(s.file ?? '?', '.js')} › ${s.name}`);
      lines.push(`  ${reason}`, ...where.map((w) => `      ${w}`));
    }
  }
  return lines.join('\n');
}

async function main() {
  let ok = await phase('build', async () => {
    const tsc = await run(bin('tsc'), ['-p', 'tsconfig.json']);
    // The bundle too: the end-to-end tests run bin/couper.js, which runs it (scripts/bundle.mjs).
    return (
      tsc.ok &&
      (await run(process.execPath, ['scripts/copy-gen.mjs'])).ok &&
      (await run(process.execPath, ['scripts/bundle.mjs'])).ok
    );
  });
  if (!ok) {
    console.error('\nnpm test: the build failed; no tests ran');
    return 1;
  }
  if (filters.length === 0) {
    ok = await phase('lint + format', async () => {
      const [lint, layers, format] = await Promise.all([
        run(bin('eslint'), ['.'], { quiet: true }),
        run(bin('depcruise'), DEPCRUISE_ARGS, { quiet: true }),
        run(bin('prettier'), ['--check', '.', '--log-level', 'warn'], { quiet: true }),
      ]);
      process.stdout.write(lint.out + layers.out + format.out);
      if (!lint.ok) console.error('eslint found problems (above)');
      if (!layers.ok) console.error('imports break the layer table of docs/ARCHITECTURE.md (above)');
      if (!format.ok) console.error("prettier: files above are not formatted ('npm run format' fixes them)");
      return lint.ok && layers.ok && format.ok;
    });
  }
  const files = testFiles();
  if (files.length === 0) {
    console.error(`no test files under dist/ match ${filters.join(', ')}`);
    return 1;
  }
  const e2e = files.filter((f) => f.startsWith(path.join('dist', 'test', 'e2e')));
  const unit = files.filter((f) => !e2e.includes(f));
  if (unit.length > 0) ok = (await phase('unit', () => nodeTest(unit, os.availableParallelism()))) && ok;
  if (e2e.length > 0) ok = (await phase('end-to-end', () => nodeTest(e2e, 1))) && ok;

  const skipped = readSkips();
  console.log(summary(skipped));
  const missing = skipped.filter((s) => s.reason.startsWith('needs '));
  if (strict && missing.length > 0) {
    console.error(
      `\nnpm test: ${missing.length} test(s) skipped for something missing, and COUPER_TEST_STRICT=1 says nothing may be`,
    );
    return 1;
  }
  return ok ? 0 : 1;
}

process.exitCode = await main();
