/**
 * `npm run bench:report`: the report of a 1,000-candidate evaluation (issue
 * 16, "Performance": under 1 s to write, under 2 MB). The evaluation is the
 * real evaluation loop (strongman: every candidate staged, so every chart is
 * at its largest) over 1,000 synthetic candidates on the mid-end preset,
 * with the deterministic test profiler standing in for staged runs, written
 * by the evaluator's own writeResults; its operator view is the largest a
 * report draws. Then, medians of several:
 *   - writing report.html in-process (read, check, build, render, write),
 *     the first write (which imports Vega) apart;
 *   - `couper report DIR` as a whole command, process start included, beside
 *     `couper --help` (what any command costs before it does anything).
 *
 *   npm run bench:report -- [--candidates N] [--runs N] [--keep]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../src/core/stats.js';
import { makeDecision } from '../src/evaluate/decision.js';
import { evaluate, flopsShare } from '../src/evaluate/evaluate.js';
import { inputSideOrder } from '../src/evaluate/methods/method.js';
import { getMethod } from '../src/evaluate/methods/registry.js';
import { writeResults } from '../src/evaluate/results.js';
import { candidateRows, MAX_OPERATOR_VIEW, type EvaluationSetup } from '../src/evaluate/setup.js';
import type { Candidate } from '../src/slice/candidates.js';
import { loadInfra } from '../src/staging/load.js';
import { writeEvaluationReport } from '../src/report/write.js';
import { FakeProfiler } from '../test/helpers/fake-profiler.js';
import { SPEEDS } from '../test/helpers/evaluation.js';
import { benchArgs, benchNumber, RUNS } from './args.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOTAL_FLOPS = 2e9;

/** A chain of `n` cuts from input to output: head FLOPs grow, bytes swell then shrink as in a CNN. */
export function syntheticCandidates(n: number): Candidate[] {
  return Array.from({ length: n }, (_, i) => {
    const share = (i + 1) / (n + 1);
    const bytes = Math.round(4 * 64 * 56 * 56 * (1.5 + Math.sin(i * 0.37)) * (1 - share) ** 2 + 4000);
    const headFlops = TOTAL_FLOPS * share;
    return {
      id: `c${(0x1000000 + i).toString(16).slice(1)}`,
      tensors: [{ name: `block${i}/out`, dtype: 'float32', shape: [1, bytes / 4], bytes }],
      bytes,
      headOps: i + 1,
      tailOps: n - i,
      headFlops,
      tailFlops: TOTAL_FLOPS - headFlops,
    };
  });
}

async function synthesise(dir: string, n: number): Promise<void> {
  const infra = loadInfra('mid-end');
  const candidates = inputSideOrder(syntheticCandidates(n));
  const settings = { frames: 30, warmup: 5, fps: 24, minFrames: 8, algorithm: 'all-ops' };
  const profiler = new FakeProfiler({ infra, totalFlops: TOTAL_FLOPS, speed: SPEEDS });
  const method = await getMethod('strongman');
  const { algorithm: _, ...loop } = settings;
  const ev = await evaluate(
    { candidates, infra, method, objective: 'latency', constraints: {}, ...loop },
    { profiler },
  );
  const context = {
    model: 'synthetic-1000.onnx',
    infra: infra.name,
    method: method.name,
    objective: 'latency' as const,
  };
  const decision = makeDecision({ ...context, constraints: {}, listed: n }, ev);
  const ops = Array.from({ length: MAX_OPERATOR_VIEW }, (_, i) => ({
    name: `op${i}`,
    type: ['Conv', 'Relu', 'Add'][i % 3]!,
  }));
  const setup: EvaluationSetup = {
    settings,
    infra,
    staging: null,
    shareBasis: 'flops',
    candidates: candidateRows(candidates, flopsShare),
    operators: {
      ops,
      cut: { key: decision.chosen?.key ?? '', head: ops.slice(0, MAX_OPERATOR_VIEW / 3).map((_, i) => i) },
    },
  };
  writeResults(dir, ev, decision, setup);
}

async function main(): Promise<void> {
  const values = benchArgs('bench:report', {
    candidates: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '7' },
    keep: { type: 'boolean', default: false },
  });
  const n = benchNumber('bench:report', 'candidates', values.candidates, {
    min: 1,
    max: 1_000_000,
    integer: true,
  });
  const runs = benchNumber('bench:report', 'runs', values.runs, RUNS);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-bench-report-'));
  await synthesise(dir, n);
  const inProcess: number[] = [];
  let written = { bytes: 0, charts: 0, file: '' };
  for (let i = 0; i < runs + 1; i++) {
    const t0 = performance.now();
    written = await writeEvaluationReport(dir);
    inProcess.push(performance.now() - t0);
  }
  const [first, ...warm] = inProcess;
  const command: number[] = [];
  for (let i = 0; i < Math.max(3, Math.ceil(runs / 2)); i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'couper.js'), 'report', dir], {
      encoding: 'utf8',
    });
    command.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`couper report failed: ${r.stderr}`);
  }
  // What any couper command costs before it does anything: node's start and the CLI's modules.
  const help: number[] = [];
  for (let i = 0; i < command.length; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, [path.join(root, 'bin', 'couper.js'), '--help'], { encoding: 'utf8' });
    help.push(performance.now() - t0);
  }
  const resultsBytes = fs.statSync(path.join(dir, 'results.json')).size;
  console.log(
    `evaluation: ${n} candidates, all staged (strongman), ${MAX_OPERATOR_VIEW}-operator view; results.json ${(resultsBytes / 1024).toFixed(0)} KiB`,
  );
  console.log(
    `report.html: ${(written.bytes / 1024 / 1024).toFixed(2)} MiB (${written.bytes} bytes), ${written.charts} charts (target: under 2 MB)`,
  );
  console.log(
    `write in-process: median ${median(warm).toFixed(0)} ms of ${warm.length} (min ${Math.min(...warm).toFixed(0)}, max ${Math.max(...warm).toFixed(0)}); first, importing Vega: ${first!.toFixed(0)} ms (target: under 1 s)`,
  );
  console.log(
    `couper report DIR (process start included): median ${median(command).toFixed(0)} ms of ${command.length} (min ${Math.min(...command).toFixed(0)}, max ${Math.max(...command).toFixed(0)})`,
  );
  console.log(
    `couper --help for comparison (node's start and the CLI's modules): median ${median(help).toFixed(0)} ms`,
  );
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores`,
  );
  if (values.keep) console.log(`kept: ${written.file}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}

await main();
