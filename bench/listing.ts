/**
 * `npm run bench:listing`: listing candidates of the 1,000-operator synthetic
 * graph with every built-in algorithm, timed as bench:slice times it (graph
 * build + algorithm + checking and describing every candidate, shapes known),
 * median of 7 warm runs against the 10 ms target, after one cold run and
 * WARMUP more. Warm means V8 has stopped optimising: functions called once a
 * listing (the graph build, the sweep's constructor, the layout) reach
 * TurboFan only after 15–20 listings (`--trace-opt`), and until then every run
 * shares the two cores with their compilation. The median of the runs after
 * ten warm-ups, the count used before, is printed beside it.
 *
 * `--reference FILE` also writes the listing digests of every model the
 * listing test compares (test/helpers/listing-reference.ts), so a change to
 * the algorithms can be checked for identical outputs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeModel } from '../src/onnx/model-file.js';
import { getAlgorithm } from '../src/slice/algorithms/registry.js';
import { analyse, findCandidates } from '../src/slice/candidates.js';
import { loadForCutting } from '../src/slice/load.js';
import { buildModelGraph } from '../src/slice/model-graph.js';
import { median } from '../src/core/stats.js';
import { table } from '../src/cli/format.js';
import { syntheticModel } from './synthetic.js';
import { listingDigests } from '../test/helpers/listing-reference.js';

const ALGORITHMS = ['articulation', 'all-ops', 'min-cut'];
const TARGET_MS = 10;
const RUNS = 7;
const WARMUP = Number(process.env['COUPER_BENCH_WARMUP'] ?? 30);
/** The warm-up count before (runs EARLY + 1 … EARLY + RUNS), shown for comparison. */
const EARLY = 10;

const args = process.argv.slice(2);
const refAt = args.indexOf('--reference');
const referenceFile = refAt >= 0 ? args[refAt + 1] : undefined;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-listing-'));
try {
  const file = path.join(dir, 'synthetic-1000.onnx');
  writeModel(file, syntheticModel(1000));
  const { analysed } = await loadForCutting(file, { cacheDir: null });
  const rows: string[][] = [];
  for (const name of ALGORITHMS) {
    const algo = await getAlgorithm(name);
    const times: number[] = [];
    const cpu: number[] = [];
    const early: number[] = [];
    let coldMs = 0;
    let count = 0;
    // A cold run (JIT compilation), WARMUP runs to let the optimising compiler
    // settle, then RUNS timed ones; CPU time (all threads, GC included) beside
    // wall time, as the machine is shared.
    for (let i = 0; i < 1 + WARMUP + RUNS; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const mg = buildModelGraph(analysed.model.proto);
      const found = await findCandidates(analyse(analysed.model, mg, analysed.shapes), algo, 4);
      const ms = performance.now() - t0;
      const used = process.cpuUsage(c0);
      if (i === 0) coldMs = ms;
      if (i > EARLY && i <= EARLY + RUNS) early.push(ms);
      if (i > WARMUP) {
        times.push(ms);
        cpu.push((used.user + used.system) / 1000);
      }
      count = found.length;
    }
    const ms = median(times);
    rows.push([
      name,
      String(count),
      ms.toFixed(2),
      Math.min(...times).toFixed(2),
      median(cpu).toFixed(2),
      coldMs.toFixed(1),
      median(early).toFixed(2),
      String(TARGET_MS),
      (TARGET_MS / ms).toFixed(2),
    ]);
  }
  console.log(
    `synthetic graph, ${analysed.mg.graph.ops.length} ops; load average ${os.loadavg()[0]!.toFixed(1)}\n`,
  );
  console.log(
    table(
      [
        'algorithm',
        'candidates',
        `median ms of ${RUNS}`,
        'min ms',
        'median CPU ms',
        'cold ms',
        `after ${EARLY} warm-ups`,
        'target ms',
        'target / median',
      ],
      rows,
    ),
  );
  if (referenceFile) {
    fs.writeFileSync(referenceFile, `${JSON.stringify(await listingDigests(), null, 2)}\n`);
    console.log(`\nreference digests written to ${referenceFile}`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
