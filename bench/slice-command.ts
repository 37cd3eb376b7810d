/**
 * `npm run bench:slice-command`: slicing as the user meets it, whole
 * commands in fresh processes (process start included on both sides).
 *
 * 1. `couper slice MODEL --at CUT --out DIR` against the reference
 *    (bench/py/extract.py: onnx.utils.extract_model writing the same head
 *    and tail) at the middle articulation cut of every model in models/;
 *    median of RUNS runs each. `couper slice --shapes run` (shapes from an
 *    onnxruntime run, as before static inference) and the same command
 *    unbundled (bin/couper.js running dist/src, COUPER_NO_BUNDLE=1) beside
 *    them; and what process start alone costs on each side (`node -e 0`,
 *    `couper --version` both ways, `python3 -c pass`, `import onnx`); wall
 *    time, and CPU time (user + system), which other sessions' load sways less.
 * 2. Peak RSS (max resident set, /usr/bin/time) of `couper slice` on vgg16:
 *    with its weights external (the parts reference them), the same with
 *    `--shapes run`, and with its weights inline (the parts hold them; RSS
 *    over the weights written).
 * 3. `couper candidates` and `couper slice` on a generated MLP with over
 *    2 GiB of external weights: wall time, peak RSS, bytes the process read
 *    (rchar of /proc/self/io, taken at exit) and whether the weight file's
 *    access time moved.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { table } from '../src/cli/format.js';
import { silentLogger } from '../src/core/log.js';
import { median } from '../src/core/stats.js';
import { getAlgorithm } from '../src/slice/algorithms/registry.js';
import { findCandidates } from '../src/slice/candidates.js';
import { loadForCutting } from '../src/slice/load.js';
import { writeWideMlp } from './wide-mlp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const couper = path.join(root, 'bin/couper.js');
const PYTHON = '/usr/bin/python3';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PY_RUNS = Number(process.env.BENCH_PY_RUNS ?? 3);

/**
 * Set here (and on many CI and corporate machines) to trust a proxy's CA:
 * Node then parses its whole CA bundle before running any script, about
 * 50 ms of every start on these machines, which Python does not pay. A user's
 * machine with only Node installed has no such variable, so the commands are
 * measured without it; the start-up table shows what it costs where it is set.
 */
const EXTRA_CA = 'NODE_EXTRA_CA_CERTS';
const extraCa = process.env[EXTRA_CA];
const commandEnv: NodeJS.ProcessEnv = { ...process.env };
delete commandEnv[EXTRA_CA];

interface Measured {
  readonly ms: number;
  /** CPU time, user and system: what the command itself costs, less swayed than `ms` by other load. */
  readonly cpuMs: number;
  readonly maxRssKiB: number;
  /** Bytes read by read(2) and friends, where the probe was loaded. */
  readonly rchar?: number;
}

/** Run a command to the end under /usr/bin/time; fail loudly if it fails. */
function measure(
  cmd: string,
  args: readonly string[],
  tmp: string,
  probe?: string,
  env: NodeJS.ProcessEnv = {},
): Measured {
  const timeFile = path.join(tmp, 'time.txt');
  const ioFile = path.join(tmp, 'io.txt');
  fs.rmSync(ioFile, { force: true });
  const argv = probe ? ['--import', probe, ...args] : args;
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', timeFile, cmd, ...argv], {
    encoding: 'utf8',
    env: { ...commandEnv, ...env, COUPER_BENCH_IO: ioFile },
    maxBuffer: 1 << 26,
  });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const [rss, user, sys] = (fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '').split(' ');
  const maxRssKiB = Number(rss);
  const cpuMs = (Number(user) + Number(sys)) * 1000;
  const rchar = fs.existsSync(ioFile)
    ? Number(/rchar: (\d+)/.exec(fs.readFileSync(ioFile, 'utf8'))?.[1])
    : undefined;
  return { ms, cpuMs, maxRssKiB, ...(rchar !== undefined && { rchar }) };
}

async function middleCut(file: string): Promise<{ cut: string[]; inputs: string[]; outputs: string[] }> {
  const { analysed } = await loadForCutting(file, { log: silentLogger });
  const candidates = await findCandidates(analysed, await getAlgorithm('articulation'), 1);
  const middle = candidates[Math.floor(candidates.length / 2)]!;
  const { inputs, outputs } = analysed.mg.graph;
  return { cut: middle.tensors.map((t) => t.name), inputs: [...inputs], outputs: [...outputs] };
}

function sliceArgs(file: string, cut: readonly string[], out: string, extra: string[] = []): string[] {
  return [couper, 'slice', file, '--at', cut.join(','), '--out', out, ...extra];
}

/** Commands of one model, run in turn RUNS times so that a change in the machine's load hits them all. */
function interleaved(
  runs: Record<string, { n: number; run: () => Measured }>,
): Record<string, { ms: number; cpuMs: number }> {
  const all: Record<string, Measured[]> = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
  const most = Math.max(...Object.values(runs).map((r) => r.n));
  for (let i = 0; i < most; i++) {
    for (const [k, r] of Object.entries(runs)) if (i < r.n) all[k]!.push(r.run());
  }
  return Object.fromEntries(
    Object.entries(all).map(([k, m]) => [
      k,
      { ms: median(m.map((x) => x.ms)), cpuMs: median(m.map((x) => x.cpuMs)) },
    ]),
  );
}

/** bin/couper.js runs dist/src rather than the start-up bundle (scripts/bundle.mjs). */
const UNBUNDLED = { COUPER_NO_BUNDLE: '1' };

/** What starting a process costs on each side, before any work: the floor of each column. */
function startTimes(tmp: string): Record<string, { ms: number; cpuMs: number }> {
  const node = process.execPath;
  const withCa = extraCa === undefined ? undefined : { [EXTRA_CA]: extraCa };
  return interleaved({
    'node -e 0': { n: RUNS, run: () => measure(node, ['-e', '0'], tmp) },
    'couper --version': { n: RUNS, run: () => measure(node, [couper, '--version'], tmp) },
    'couper --version, unbundled': {
      n: RUNS,
      run: () => measure(node, [couper, '--version'], tmp, undefined, UNBUNDLED),
    },
    ...(withCa && {
      [`node -e 0, ${EXTRA_CA} as set here`]: {
        n: RUNS,
        run: () => measure(node, ['-e', '0'], tmp, undefined, withCa),
      },
      [`couper --version, ${EXTRA_CA} as set here`]: {
        n: RUNS,
        run: () => measure(node, [couper, '--version'], tmp, undefined, withCa),
      },
    }),
    'python3 -c pass': { n: RUNS, run: () => measure(PYTHON, ['-c', 'pass'], tmp) },
    'python3 -c "import onnx"': { n: RUNS, run: () => measure(PYTHON, ['-c', 'import onnx'], tmp) },
  });
}

async function benchModels(tmp: string): Promise<void> {
  const dir = path.join(root, '.cache/models');
  const models = fs.readdirSync(path.join(root, 'models')).filter((f) => f.endsWith('.manifest.json'));
  const rows: string[][] = [];
  const cpuRows: string[][] = [];
  const start = startTimes(tmp);
  for (const name of models.map((f) => f.replace('.manifest.json', '')).sort()) {
    const file = path.join(dir, `${name}.onnx`);
    const { cut, inputs, outputs } = await middleCut(file);
    const out = path.join(tmp, 'out');
    const extract = [path.join(root, 'bench/py/extract.py'), file, path.join(tmp, 'ref')];
    const m = interleaved({
      ours: { n: RUNS, run: () => measure(process.execPath, sliceArgs(file, cut, out), tmp) },
      unbundled: {
        n: RUNS,
        run: () => measure(process.execPath, sliceArgs(file, cut, out), tmp, undefined, UNBUNDLED),
      },
      run: {
        n: Math.min(RUNS, 3),
        run: () => measure(process.execPath, sliceArgs(file, cut, out, ['--shapes', 'run']), tmp),
      },
      ref: {
        n: PY_RUNS,
        run: () =>
          measure(PYTHON, [...extract, ...[inputs, outputs, cut].map((x) => JSON.stringify(x))], tmp),
      },
    });
    const ms = (k: string): number => m[k]!.ms;
    const cpu = (k: string): number => m[k]!.cpuMs;
    rows.push([
      name,
      cut.join(',').slice(0, 38),
      ms('ours').toFixed(0),
      ms('unbundled').toFixed(0),
      ms('run').toFixed(0),
      ms('ref').toFixed(0),
      `${(ms('ref') / ms('ours')).toFixed(1)}x`,
    ]);
    cpuRows.push([
      name,
      cpu('ours').toFixed(0),
      cpu('unbundled').toFixed(0),
      cpu('ref').toFixed(0),
      `${(cpu('ref') / cpu('ours')).toFixed(1)}x`,
    ]);
    process.stderr.write(`  ${name} done\n`);
  }
  console.log(
    `\n1. Whole commands, median ms of ${RUNS} (couper) and ${PY_RUNS} (python) runs taken in turn, process start included\n`,
  );
  const head = ['model', 'cut', 'couper slice', 'unbundled', '--shapes run', 'extract_model', 'speed-up'];
  console.log(table(head, rows));
  console.log('\nthe same commands, median CPU ms (user + system) of the same runs\n');
  console.log(table(['model', 'couper slice', 'unbundled', 'extract_model', 'ratio'], cpuRows));
  console.log(`\nprocess start alone, median of ${RUNS} taken in turn:\n`);
  const startRows = Object.entries(start).map(([what, t]) => [what, t.ms.toFixed(0), t.cpuMs.toFixed(0)]);
  console.log(table(['command', 'ms', 'CPU ms'], startRows));
  console.log(
    "unbundled: bin/couper.js running dist/src's ES modules (COUPER_NO_BUNDLE=1), as before the bundle",
  );
  console.log('target: couper slice at least 10x faster than the extract_model command on every model');
}

/** vgg16 with its weights inline, made by onnx (load resolves external data, save writes it inline). */
function inlineVgg16(tmp: string): string {
  const file = path.join(tmp, 'vgg16-inline.onnx');
  const script = 'import onnx, sys\nonnx.save(onnx.load(sys.argv[1]), sys.argv[2])';
  const r = spawnSync(PYTHON, ['-c', script, path.join(root, '.cache/models/vgg16.onnx'), file], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`could not make an inline vgg16: ${r.stderr}`);
  return file;
}

/** Weights the parts of a slice hold, from its slice.json. */
function weightsWritten(out: string): number {
  const plan = JSON.parse(fs.readFileSync(path.join(out, 'slice.json'), 'utf8')) as {
    parts: { weightsBytes: number }[];
  };
  return plan.parts.reduce((sum, p) => sum + p.weightsBytes, 0);
}

async function benchMemory(tmp: string): Promise<void> {
  const file = path.join(root, '.cache/models/vgg16.onnx');
  const { cut } = await middleCut(file);
  const out = path.join(tmp, 'mem');
  const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
  const rows = [
    ['external weights, referenced', file, []],
    ['external weights, --shapes run', file, ['--shapes', 'run']],
    ['inline weights, written', inlineVgg16(tmp), []],
  ].map(([label, model, extra]) => {
    fs.rmSync(out, { recursive: true, force: true });
    const m = measure(process.execPath, sliceArgs(model as string, cut, out, extra as string[]), tmp);
    const written = String(label).startsWith('inline') ? weightsWritten(out) : 0;
    const rss = m.maxRssKiB * 1024;
    return [
      label as string,
      mib(rss),
      written ? mib(written) : '-',
      written ? `${(rss / written).toFixed(2)}x` : '-',
      m.ms.toFixed(0),
    ];
  });
  console.log(`\n2. Peak RSS of couper slice on vgg16 at ${cut.join(',')}\n`);
  console.log(table(['weights', 'max RSS MiB', 'weights written MiB', 'RSS / written', 'ms'], rows));
  console.log(
    '\ntarget: under 300 MB when the slices reference external data, under 1.2x the weights written when inline',
  );
}

async function benchLargeExternal(tmp: string): Promise<void> {
  const mlp = writeWideMlp(tmp);
  const probe = path.join(tmp, 'io-probe.mjs');
  fs.writeFileSync(
    probe,
    "import fs from 'node:fs';\nprocess.on('exit', () => fs.writeFileSync(process.env.COUPER_BENCH_IO, fs.readFileSync('/proc/self/io')));\n",
  );
  const { cut } = await middleCut(mlp.file);
  const rows = [
    ['couper candidates', [couper, 'candidates', mlp.file, '--json']],
    ['couper slice', sliceArgs(mlp.file, cut, path.join(tmp, 'mlp-out'))],
  ].map(([label, args]) => {
    // Access time back a day and equal to the modification time: any read moves it (relatime).
    const past = new Date(Date.now() - 86_400_000);
    fs.utimesSync(mlp.weightsFile, past, past);
    const atime = (): bigint => fs.statSync(mlp.weightsFile, { bigint: true }).atimeNs;
    const before = atime();
    const runs = Array.from({ length: 3 }, () => measure(process.execPath, args as string[], tmp, probe));
    const touched = atime() !== before;
    return [
      label as string,
      median(runs.map((m) => m.ms)).toFixed(0),
      (Math.max(...runs.map((m) => m.maxRssKiB)) / 1024).toFixed(0),
      (Math.max(...runs.map((m) => m.rchar ?? NaN)) / 2 ** 20).toFixed(1),
      touched ? 'moved' : 'unchanged',
    ];
  });
  console.log(
    `\n3. A wide MLP with ${(mlp.weightsBytes / 2 ** 30).toFixed(2)} GiB of external weights (median of 3 runs; largest RSS and read)\n`,
  );
  console.log(table(['command', 'ms', 'max RSS MiB', 'read MiB (rchar)', 'weights atime'], rows));
  console.log('\ntarget: no weight bytes read, peak RSS under 300 MB, under 1 s');
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-bench-'));
  try {
    console.log(
      `couper bench:slice-command on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    if (extraCa !== undefined) {
      console.log(
        `${EXTRA_CA} is set here: commands run without it, as on a machine with only Node (see start-up)`,
      );
    }
    const only = process.argv[2];
    if (!only || only === 'models') await benchModels(tmp);
    if (!only || only === 'memory') await benchMemory(tmp);
    if (!only || only === 'large') await benchLargeExternal(tmp);
    console.log(
      `\nload average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
