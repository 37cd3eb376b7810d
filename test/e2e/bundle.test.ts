/**
 * The start-up bundle (scripts/bundle.mjs writes dist/bundle/, which
 * bin/couper.js runs in place of dist/src's ES modules): every kind of
 * command answers through it exactly as through dist/src, the bin picks it
 * only when it is current, and every path a bundled module finds from its own
 * location (assets, the stage process's entry point) is that module's file.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ensureModel, repoRoot } from '../helpers/models.js';
import { tempDir } from '../helpers/tiny-models.js';

const ROOT = repoRoot();
const BIN = path.join(ROOT, 'bin', 'couper.js');
const BUNDLE = path.join(ROOT, 'dist', 'bundle');
const CACHE = tempDir('couper-bundle-cache-');

interface Answer {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** JSON output without what differs from run to run: timings (`analysisMs`, `readMs`…) and the run id. */
function untimed(stdout: string): string {
  if (!stdout.startsWith('{')) return stdout;
  const zeroed = (key: string, value: unknown): unknown =>
    key.endsWith('Ms') && typeof value === 'number' ? 0 : value;
  const json = JSON.parse(stdout, zeroed) as { runId?: unknown };
  const text = JSON.stringify(json, null, 2);
  return typeof json.runId === 'string' ? text.replaceAll(json.runId, '<run>') : text;
}

/** The couper command in `cwd`, through the bundle or (unbundled) through dist/src; `cwd` reads as <cwd>. */
function couper(args: readonly string[], cwd: string, unbundled: boolean): Answer {
  const env: NodeJS.ProcessEnv = { ...process.env, COUPER_CACHE_DIR: CACHE };
  if (unbundled) env.COUPER_NO_BUNDLE = '1';
  else delete env.COUPER_NO_BUNDLE;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  const here = (s: string): string => s.replaceAll(cwd, '<cwd>');
  return { status: r.status, stdout: untimed(here(r.stdout)), stderr: here(r.stderr) };
}

/** Run `args` both ways, each in a fresh folder; the answers and the folders after, for comparing. */
function bothWays(args: readonly string[], setup: (dir: string) => void = () => {}) {
  const dirs = [tempDir('couper-bundled-'), tempDir('couper-unbundled-')] as const;
  for (const d of dirs) setup(d);
  const [bundled, unbundled] = [couper(args, dirs[0], false), couper(args, dirs[1], true)];
  return { bundled, unbundled, dirs };
}

describe('the start-up bundle', () => {
  it('is current: npm run build made it after the last tsc run', () => {
    const made = fs.statSync(path.join(BUNDLE, 'main.mjs')).mtimeMs;
    const compiled = fs.statSync(path.join(ROOT, 'dist', '.tsbuildinfo')).mtimeMs;
    assert.ok(compiled <= made, 'dist/bundle is older than dist/src: run npm run build, not tsc alone');
  });

  it('answers every kind of command as dist/src does', () => {
    const model = ensureModel('squeezenet1_1');
    const cases: { args: string[]; status: number; setup?: (dir: string) => void }[] = [
      { args: ['--version'], status: 0 },
      { args: ['--help'], status: 0 },
      { args: ['help', 'publish'], status: 0 },
      { args: ['nope'], status: 2 },
      { args: ['slice', model, '--nope'], status: 2 },
      { args: ['inspect', model, '--json'], status: 0 },
      { args: ['candidates', model, '--algorithm', 'min-cut', '--json'], status: 0 },
      { args: ['slice', 'missing.onnx', '--at', 'x', '--out', 'o'], status: 1 },
      // Reads a preset from assets/ (found from core/assets.js's own location) through yaml and zod.
      { args: ['staging', 'plan', '--infra', 'mid-end', '--gpu-substitute', 'cpu', '--json'], status: 0 },
      {
        args: ['staging', 'plan', '--infra', 'bad.yaml'],
        status: 1,
        setup: (dir) => fs.writeFileSync(path.join(dir, 'bad.yaml'), 'tiers: 3\nlinks: [{ mbps: -3 }]\n'),
      },
    ];
    for (const { args, status, setup } of cases) {
      const { bundled, unbundled } = bothWays(args, setup);
      assert.equal(bundled.status, status, `couper ${args.join(' ')}: ${bundled.stderr}`);
      assert.deepEqual(bundled, unbundled, `couper ${args.join(' ')}`);
    }
  });

  it('slices a model into the same files as dist/src', () => {
    const model = ensureModel('squeezenet1_1');
    const listed = JSON.parse(couper(['candidates', model, '--json'], ROOT, false).stdout) as {
      candidates: { id: string }[];
    };
    const cut = listed.candidates[Math.floor(listed.candidates.length / 2)]!.id;
    const { bundled, unbundled, dirs } = bothWays(['slice', model, '--at', cut, '--out', 'parts', '--json']);
    assert.equal(bundled.status, 0, bundled.stderr);
    assert.deepEqual(bundled, unbundled);
    const [a, b] = dirs.map((d) => path.join(d, 'parts'));
    const files = fs.readdirSync(a!).sort();
    assert.deepEqual(files, ['part0.onnx', 'part1.onnx', 'slice.json', 'squeezenet1_1.weights']);
    assert.deepEqual(fs.readdirSync(b!).sort(), files);
    for (const f of files.filter((f) => f !== 'squeezenet1_1.weights'))
      assert.ok(fs.readFileSync(path.join(a!, f)).equals(fs.readFileSync(path.join(b!, f))), `${f} differs`);
  });

  it("points every bundled module's own location at its file under dist/src", () => {
    const chunks = fs.readdirSync(BUNDLE).filter((f) => f.endsWith('.mjs'));
    assert.ok(chunks.includes('main.mjs'));
    const owned: string[] = [];
    for (const chunk of chunks) {
      const code = fs.readFileSync(path.join(BUNDLE, chunk), 'utf8');
      // The banner's createRequire(import.meta.url) is the chunk's own; every other use names a file.
      const bare = code.match(/import\.meta\.url/g)?.length ?? 0;
      const named = [...code.matchAll(/new URL\("([^"]+)", import\.meta\.url\)\.href/g)].map((m) => m[1]!);
      assert.equal(bare, named.length + 1, `${chunk}: every import.meta.url but the banner's is rewritten`);
      owned.push(...named);
    }
    const files = owned.map((rel) => path.resolve(BUNDLE, rel));
    for (const f of files) {
      assert.ok(f.startsWith(path.join(ROOT, 'dist', 'src') + path.sep), `${f} is under dist/src`);
      assert.ok(fs.existsSync(f), `${f} exists`);
    }
    // core/assets.js (the package root) and run/processes.js (the stage's entry point) among them.
    for (const m of ['core/assets.js', 'run/processes.js'])
      assert.ok(files.includes(path.join(ROOT, 'dist', 'src', m)), `${m} is bundled with its location`);
  });
});

describe('bin/couper.js', () => {
  /** A package with the real bin whose bundle and dist/src each answer with their name. */
  function layout(files: { bundle: boolean; tsbuildinfo?: 'older' | 'newer' }): string {
    const dir = tempDir('couper-bin-');
    const write = (rel: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    write('package.json', '{ "type": "module" }\n');
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(BIN, path.join(dir, 'bin', 'couper.js'));
    const answer = (name: string): string =>
      `export async function main(argv) { process.stdout.write('${name} ' + argv.join(' ')); return 7; }\n`;
    write('dist/src/cli/main.js', answer('dist/src'));
    if (files.bundle) write('dist/bundle/main.mjs', answer('bundle'));
    if (files.tsbuildinfo) {
      write('dist/.tsbuildinfo', '{}');
      const bundleTime = new Date('2026-01-01T00:00:00Z');
      const other = new Date(bundleTime.getTime() + (files.tsbuildinfo === 'newer' ? 60_000 : -60_000));
      fs.utimesSync(path.join(dir, 'dist/.tsbuildinfo'), other, other);
      if (files.bundle) fs.utimesSync(path.join(dir, 'dist/bundle/main.mjs'), bundleTime, bundleTime);
    }
    return dir;
  }

  function run(dir: string, env: NodeJS.ProcessEnv = {}): Answer {
    const clean = { ...process.env, ...env };
    if (!('COUPER_NO_BUNDLE' in env)) delete clean.COUPER_NO_BUNDLE;
    const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'couper.js'), 'slice', '-x'], {
      env: clean,
      encoding: 'utf8',
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('runs the bundle when it is there and no tsc ran after it', () => {
    for (const tsbuildinfo of [undefined, 'older'] as const) {
      const r = run(layout({ bundle: true, ...(tsbuildinfo && { tsbuildinfo }) }));
      assert.deepEqual(r, { status: 7, stdout: 'bundle slice -x', stderr: '' }, `tsbuildinfo ${tsbuildinfo}`);
    }
  });

  it('runs dist/src without a bundle, after a later tsc run, or when told to', () => {
    const expected = { status: 7, stdout: 'dist/src slice -x', stderr: '' };
    assert.deepEqual(run(layout({ bundle: false })), expected);
    assert.deepEqual(run(layout({ bundle: true, tsbuildinfo: 'newer' })), expected);
    assert.deepEqual(run(layout({ bundle: true }), { COUPER_NO_BUNDLE: '1' }), expected);
  });
});
