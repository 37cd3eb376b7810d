/**
 * Slice real models at cuts spread over their length, write the parts and
 * check each chain against the original with onnxruntime (maxRel ≤ 1e-5,
 * maxRel = max|diff| / max|original| per output).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/core/log.js';
import { checkCut, crossingTensors } from '../../src/graph/cut.js';
import { topologicalOrder } from '../../src/graph/topo.js';
import { externalRef, isExternal } from '../../src/onnx/external-data.js';
import { allTensors, readModel, type LoadedModel } from '../../src/onnx/model-file.js';
import { int64, type GraphProto } from '../../src/onnx/proto.js';
import { getRuntime } from '../../src/runtime/registry.js';
import type { TensorMap } from '../../src/runtime/runtime.js';
import { modelInputSpecs, seededInputs } from '../../src/slice/inputs.js';
import { buildModelGraph, type ModelGraph } from '../../src/slice/model-graph.js';
import { nodeReads, tensorProtoBytes } from '../../src/slice/part-contents.js';
import { planSlices, type SlicePlan } from '../../src/slice/plan.js';
import { resolveShapes, type ShapeTable } from '../../src/slice/shapes.js';
import { compareSlices, runModel } from '../../src/slice/verify.js';
import { writeSlices } from '../../src/slice/write.js';
import { FLOAT, model, node, valueInfo } from '../helpers/build-model.js';
import { DATA_LOCATION_EXTERNAL, toLong } from '../../src/onnx/proto.js';
import { writeModel } from '../../src/onnx/model-file.js';
import { ensureModel, ocrModel, repoRoot } from '../helpers/models.js';

const TOLERANCE = 1e-5;
const SINGLE_CUTS = 5;

const MODELS: readonly { name: string; file: () => string }[] = [
  ...[
    'squeezenet1_1',
    'mobilenet_v2',
    'resnet50',
    'googlenet',
    'inception_v3',
    'deeplabv3_mobilenet_v3_large',
    'vgg16',
  ].map((name) => ({ name, file: () => ensureModel(name) })),
  ...['ch_ppocr_mobile_v2.0_cls_infer', 'ch_PP-OCRv4_det_infer', 'ch_PP-OCRv4_rec_infer'].map((name) => ({
    name,
    file: () => ocrModel(name),
  })),
];

/**
 * The cut after the op at `position` of a topological order: the tensors
 * crossing from that prefix to the rest. A prefix whose crossing set does not
 * form a valid cut (an op off every path to it) moves one op later.
 */
function cutAt(mg: ModelGraph, order: readonly number[], position: number): string[] {
  for (let p = position; p < order.length - 1; p++) {
    const head = new Uint8Array(mg.graph.ops.length);
    for (const i of order.slice(0, p + 1)) head[i] = 1;
    const tensors = crossingTensors(mg.graph, head);
    if (tensors.length > 0 && checkCut(mg.graph, tensors).ok) return tensors;
  }
  throw new Error(`no valid cut at or after position ${position}`);
}

/** Five single cuts at 1/6 … 5/6 of the model, and one pair at 1/3 and 2/3. */
function chooseCuts(mg: ModelGraph): string[][][] {
  const sorted = topologicalOrder(mg.graph);
  assert.ok(sorted.ok);
  const n = sorted.order.length;
  const at = (f: number) => cutAt(mg, sorted.order, Math.floor(n * f));
  const singles = Array.from({ length: SINGLE_CUTS }, (_, j) => [at((j + 1) / (SINGLE_CUTS + 1))]);
  return [...singles, [at(1 / 3), at(2 / 3)]];
}

/** Bytes of every stored weight of the original: initializers and tensors in nodes. */
function originalWeightBytes(model: LoadedModel): number {
  let sum = 0;
  for (const t of allTensors(model.proto.graph as GraphProto)) sum += tensorProtoBytes(t);
  return sum;
}

/** Weight bytes counted more than once across parts (an initializer or constant node copied into several). */
function sharedWeightBytes(model: LoadedModel, plan: SlicePlan): number {
  const graph = model.proto.graph as GraphProto;
  const count = new Map<string, number>();
  for (const part of plan.parts) {
    for (const name of part.initializers) count.set(`i:${name}`, (count.get(`i:${name}`) ?? 0) + 1);
    for (const i of part.nodeIndices) count.set(`n:${i}`, (count.get(`n:${i}`) ?? 0) + 1);
  }
  let shared = 0;
  for (const [key, copies] of count) {
    if (copies < 2) continue;
    const bytes = key.startsWith('i:')
      ? tensorProtoBytes((graph.initializer ?? []).find((t) => t.name === key.slice(2))!)
      : [...allTensors({ node: [graph.node![Number(key.slice(2))]!] })].reduce(
          (s, t) => s + tensorProtoBytes(t),
          0,
        );
    shared += (copies - 1) * bytes;
  }
  return shared;
}

function checkPartFiles(model: LoadedModel, plan: SlicePlan, dir: string): void {
  const external = [...allTensors(model.proto.graph as GraphProto)].some(isExternal);
  for (const part of plan.parts) {
    const file = path.join(dir, part.file);
    const loaded = readModel(file);
    assert.equal(int64(loaded.proto.irVersion), int64(model.proto.irVersion), `${part.file} IR version`);
    assert.deepEqual(
      loaded.proto.opsetImport.map((o) => [o.domain, int64(o.version)]),
      model.proto.opsetImport.map((o) => [o.domain, int64(o.version)]),
      `${part.file} opsets`,
    );
    const graph = loaded.proto.graph as GraphProto;
    const reads = new Set((graph.node ?? []).flatMap(nodeReads));
    for (const t of graph.initializer ?? [])
      assert.ok(reads.has(t.name ?? ''), `${part.file} holds unused '${t.name}'`);
    if (!external) continue;
    for (const t of graph.initializer ?? []) {
      assert.equal(t.rawData?.length ?? 0, 0, `${part.file}: '${t.name}' copied inline`);
      assert.ok(externalRef(t)?.location && !externalRef(t)!.location.includes('/'));
    }
    // Weights stay in the linked file: a part is a piece of the graph, no bigger than the original graph file.
    assert.ok(loaded.fileBytes < model.fileBytes + 16384, `${part.file} is ${loaded.fileBytes} bytes`);
  }
  if (!external) return;
  for (const location of new Set(plan.parts.flatMap((p) => p.externalFiles))) {
    const linked = fs.statSync(path.join(dir, path.basename(location)));
    assert.equal(
      linked.ino,
      fs.statSync(path.join(model.dir, location)).ino,
      `${location} is not a hard link`,
    );
  }
}

let scratch = '';
before(() => {
  fs.mkdirSync(path.join(repoRoot(), '.cache'), { recursive: true });
  // Inside .cache, on the models' file system, so external weights can be hard-linked.
  scratch = fs.mkdtempSync(path.join(repoRoot(), '.cache', 'slice-e2e-'));
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

for (const entry of MODELS) {
  describe(`slice ${entry.name}`, () => {
    let model: LoadedModel;
    let mg: ModelGraph;
    let shapes: ShapeTable;
    let inputs: TensorMap;
    let reference: TensorMap;

    before(async () => {
      model = readModel(entry.file());
      mg = buildModelGraph(model.proto);
      shapes = await resolveShapes(model, mg);
      inputs = seededInputs(modelInputSpecs(model.proto), 1);
      reference = await runModel(getRuntime(), model.file, inputs);
    });

    it('computes the same outputs in parts as whole, at six cuts', async (t) => {
      const cutLists = chooseCuts(mg);
      const total = originalWeightBytes(model);
      for (const [i, cuts] of cutLists.entries()) {
        const started = performance.now();
        const plan = planSlices(mg, model.proto, cuts, shapes);
        assert.equal(plan.parts.length, cuts.length + 1);
        const dir = path.join(scratch, `${entry.name}-${i}`);
        writeSlices(plan, model, dir, silentLogger);
        const result = await compareSlices(model, plan, dir, { inputs, reference });
        const where = `cut ${cuts.map((c) => c.join(',')).join(' | ')}`;
        assert.ok(result.ok, `${where}: maxRel ${result.maxRel}`);
        assert.ok(result.maxRel <= TOLERANCE);
        const sum = plan.parts.reduce((s, p) => s + p.weightsBytes, 0);
        assert.equal(sum - sharedWeightBytes(model, plan), total, `${where}: weight bytes`);
        checkPartFiles(model, plan, dir);
        fs.rmSync(dir, { recursive: true, force: true });
        t.diagnostic(
          `${plan.parts.map((p) => p.nodes).join('+')} ops, maxRel ${result.maxRel.toExponential(2)}, ${(performance.now() - started).toFixed(0)} ms`,
        );
      }
    });
  });
}

describe('couper slice', () => {
  const couper = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(repoRoot(), 'bin', 'couper.js'), 'slice', ...args], {
      encoding: 'utf8',
    });
  const first = '/features/features.2/MaxPool_output_0';
  const second = '/features/features.4/Concat_output_0';

  it('writes and verifies three parts of squeezenet and prints the plan as JSON', () => {
    const out = path.join(scratch, 'cli');
    const run = couper(
      ensureModel('squeezenet1_1'),
      '--at',
      first,
      '--at',
      second,
      '--out',
      out,
      '--verify',
      '--json',
    );
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as {
      plan: { parts: { file: string; inputs: string[]; outputs: string[] }[] };
      verify: { ok: boolean; maxRel: number; input: string };
    };
    assert.deepEqual(
      report.plan.parts.map((p) => [p.file, p.inputs, p.outputs]),
      [
        ['part0.onnx', ['input'], [first]],
        ['part1.onnx', [first], [second]],
        ['part2.onnx', [second], ['output']],
      ],
    );
    assert.deepEqual([report.verify.ok, report.verify.input], [true, 'seed 1']);
    assert.ok(report.verify.maxRel <= TOLERANCE);
    assert.deepEqual(fs.readdirSync(out).sort(), [
      'part0.onnx',
      'part1.onnx',
      'part2.onnx',
      'slice.json',
      'squeezenet1_1.weights',
    ]);
  });

  it('exits 1 with one line when the cuts are out of order', () => {
    const run = couper(
      ensureModel('squeezenet1_1'),
      '--at',
      second,
      '--at',
      first,
      '--out',
      path.join(scratch, 'bad'),
    );
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /^couper: cut 2 \('\/features\/features.2\/MaxPool_output_0'\) is not after cut 1 .*\n$/,
    );
    assert.equal(fs.existsSync(path.join(scratch, 'bad')), false);
  });

  it('exits 1 with one line, and writes nothing, when a weights location leads out of the model folder', () => {
    // The outside test's case: 'slice' hard-linked a system file beside part0.onnx.
    const dir = path.join(scratch, 'escape');
    fs.mkdirSync(dir, { recursive: true });
    const weights = path.join(scratch, 'outside.bin');
    fs.writeFileSync(weights, Buffer.alloc(16));
    for (const location of [weights, '../outside.bin']) {
      writeModel(
        path.join(dir, 'm.onnx'),
        model({
          input: [valueInfo('x', [4])],
          output: [valueInfo('z', [4])],
          node: [node('Add', ['x', 'w'], ['y']), node('Relu', ['y'], ['z'])],
          initializer: [
            {
              name: 'w',
              dataType: FLOAT,
              dims: [toLong(4)],
              dataLocation: DATA_LOCATION_EXTERNAL,
              externalData: [{ key: 'location', value: location }],
            },
          ],
        }),
      );
      const out = path.join(scratch, 'escape-out');
      const run = couper(path.join(dir, 'm.onnx'), '--at', 'y', '--out', out);
      assert.equal(run.status, 1, run.stderr);
      assert.match(
        run.stderr,
        /^couper: tensor 'w' keeps its data in '.*outside\.bin', .*inside the model's folder.*\n$/,
      );
      assert.equal(fs.existsSync(out), false);
      assert.equal(fs.statSync(weights).nlink, 1);
    }
  });
});
