/**
 * Static shape inference against the onnxruntime run it replaces: on every
 * model of the ONNX backend test suite that onnxruntime runs, and on every
 * real model the tests use, each tensor both know must have the same dtype
 * and shape. Prints how many tensors each needed the run for.
 *
 * Backend models feed shape operands (Reshape's shape, TopK's K) as inputs,
 * known only at run time; for those models the check runs again with those
 * inputs made initializers holding the data set's values, as an exporter
 * would write them, so the folding of constants is checked too.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { describeError } from '../../src/core/errors.js';
import { decodeModel, readModel, type LoadedModel } from '../../src/onnx/model-file.js';
import type { GraphProto, ModelProto } from '../../src/onnx/proto.js';
import { onnxRuntime } from '../../src/runtime/onnxruntime.js';
import type { TensorMap } from '../../src/runtime/runtime.js';
import { modelInputSpecs, seededInputs, type InputSpec } from '../../src/slice/inputs.js';
import { buildModelGraph } from '../../src/slice/model-graph.js';
import { runShapes } from '../../src/slice/run-shapes.js';
import { resolveShapes } from '../../src/slice/shapes.js';
import { inferStaticShapes, type StaticShapes, type TensorType } from '../../src/slice/static-shapes.js';
import { silentLogger } from '../../src/core/log.js';
import { writeWideMlp } from '../../bench/wide-mlp.js';
import { getAlgorithm } from '../../src/slice/algorithms/registry.js';
import { findCandidates } from '../../src/slice/candidates.js';
import { loadForCutting } from '../../src/slice/load.js';
import { planSlices } from '../../src/slice/plan.js';
import { writeSlices } from '../../src/slice/write.js';
import { tempDir } from '../helpers/build-model.js';
import { ensureModel, ocrModel } from '../helpers/models.js';
import { skipUnless } from '../helpers/needs.js';
import {
  backendCases,
  dataInputs,
  isRunnableTensor,
  readFeedProtos,
  readFeeds,
  type BackendCase,
} from '../helpers/testdata.js';

interface Tally {
  models: number;
  checked: number;
  tensors: number;
  fallback: number;
  fallbackModels: number;
  constantChecked: number;
  constantFallback: number;
  notRun: Map<string, number>;
  fallbackByOp: Map<string, number>;
  differ: string[];
  ruleErrors: string[];
}

function newTally(): Tally {
  return {
    models: 0,
    checked: 0,
    tensors: 0,
    fallback: 0,
    fallbackModels: 0,
    constantChecked: 0,
    constantFallback: 0,
    notRun: new Map(),
    fallbackByOp: new Map(),
    differ: [],
    ruleErrors: [],
  };
}

/**
 * Measured with onnxruntime-node 1.30 on Debian's libonnx-testdata: 962
 * models checked; 208 tensors needed the run (37 with inputs as constants),
 * every one data-dependent or of an operator without a rule (docs/SHAPES.md).
 * The floor on models checked, about 90% of that, catches a harness that
 * silently stops comparing.
 */
const MIN_CHECKED = 860;
const MAX_FALLBACK = 208;
const MAX_CONSTANT_FALLBACK = 37;

/** Inputs of at most this many elements become constants in the second check (shape operands are this small). */
const SMALL_INPUT = 64;

/** STATIC_SHAPES_VERBOSE=1 prints each model's fallback tensors and why. */
const VERBOSE = process.env['STATIC_SHAPES_VERBOSE'] === '1';

const format = (t: TensorType): string => `${t.dtype}[${t.shape.join(',')}]`;

/** Tensors both know, and those whose dtype or shape differ. */
function compare(
  id: string,
  inferred: StaticShapes,
  run: ReadonlyMap<string, TensorType>,
): { both: number; differ: string[] } {
  let both = 0;
  const differ: string[] = [];
  for (const [name, r] of run) {
    const s = inferred.types.get(name);
    if (!s) continue;
    both++;
    if (s.dtype !== r.dtype || s.shape.join(',') !== r.shape.join(','))
      differ.push(`${id}: '${name}' static ${format(s)}, run ${format(r)}`);
  }
  return { both, differ };
}

function nodeOutputs(proto: ModelProto): string[] {
  return [
    ...new Set(
      ((proto.graph as GraphProto).node ?? []).flatMap((n) => (n.output ?? []).filter((t) => t !== '')),
    ),
  ];
}

function specsOf(proto: ModelProto, feeds: TensorMap): InputSpec[] {
  return dataInputs(proto.graph as GraphProto).map((v) => {
    const t = feeds[v.name ?? '']!;
    return { name: v.name ?? '', dtype: t.dtype, shape: t.shape, defaulted: [] };
  });
}

/** One comparison; a string says why onnxruntime could not run it. */
async function checkOnce(
  id: string,
  model: LoadedModel,
  feeds: TensorMap,
  tally: Tally,
): Promise<StaticShapes | string> {
  const inferred = inferStaticShapes(model.proto, model.dir, specsOf(model.proto, feeds), {
    useDeclared: false,
  });
  let run: Map<string, TensorType>;
  try {
    run = await runShapes(model, nodeOutputs(model.proto), feeds, onnxRuntime);
  } catch (err) {
    if (VERBOSE) console.log(`# ${id}: onnxruntime cannot run: ${describeError(err).split('\n')[0]}`);
    return 'onnxruntime cannot run';
  }
  const { both, differ } = compare(id, inferred, run);
  tally.tensors += both;
  tally.differ.push(...differ);
  for (const u of inferred.unknown)
    if (u.reason.includes('shape rule failed')) tally.ruleErrors.push(`${id}: ${u.reason}`);
  return inferred;
}

async function checkBackendCase(c: BackendCase, tally: Tally): Promise<void> {
  tally.models++;
  const proto = decodeModel(new Uint8Array(fs.readFileSync(c.model)), c.id);
  const graph = proto.graph as GraphProto;
  const inputs = dataInputs(graph);
  const why =
    c.dataSets.length === 0
      ? 'no data set'
      : ![...inputs, ...(graph.output ?? [])].every(isRunnableTensor)
        ? 'non-tensor or string type'
        : undefined;
  if (why) return count(tally.notRun, why);
  const feeds = readFeeds(c.dataSets[0]!, inputs);
  if (!inputs.every((v) => feeds[v.name ?? ''])) return count(tally.notRun, 'data set lacks an input');
  const model: LoadedModel = { file: c.model, dir: path.dirname(c.model), proto, fileBytes: 0 };
  const first = await checkOnce(c.id, model, feeds, tally);
  if (typeof first === 'string') return count(tally.notRun, first);
  tally.checked++;
  record(c.id, first, tally);
  if (first.unknown.length === 0) return;
  await checkWithConstants(c, model, feeds, first, tally);
}

/**
 * Check again with the inputs some rule wanted the values of, and every small
 * input, made initializers (their values from the data set); again while rules
 * want more.
 */
async function checkWithConstants(
  c: BackendCase,
  model: LoadedModel,
  feeds: TensorMap,
  first: StaticShapes,
  tally: Tally,
): Promise<void> {
  const graph = model.proto.graph as GraphProto;
  const stored = readFeedProtos(c.dataSets[0]!, dataInputs(graph));
  const small = Object.keys(feeds).filter((n) => feeds[n]!.shape.reduce((a, b) => a * b, 1) <= SMALL_INPUT);
  let constant = new Set([...first.valueWanted, ...small]);
  for (let round = 0; round < 4; round++) {
    const initializer = [
      ...(graph.initializer ?? []),
      ...[...constant].map((n) => ({ ...stored.get(n)!, name: n })),
    ];
    const variant = { ...model, proto: { ...model.proto, graph: { ...graph, initializer } } as ModelProto };
    const rest = Object.fromEntries(Object.entries(feeds).filter(([n]) => !constant.has(n)));
    const result = await checkOnce(`${c.id} (inputs as constants)`, variant, rest, tally);
    if (typeof result === 'string') return;
    const more = [...result.valueWanted].filter((n) => !constant.has(n));
    if (more.length === 0 || round === 3) {
      tally.constantChecked++;
      tally.constantFallback += result.unknown.length;
      if (VERBOSE && result.unknown.length > 0)
        console.log(`# ${c.id} (constants): ${result.unknown[0]!.reason}`);
      return;
    }
    constant = new Set([...constant, ...more]);
  }
}

function record(id: string, inferred: StaticShapes, tally: Tally): void {
  if (inferred.unknown.length === 0) return;
  tally.fallback += inferred.unknown.length;
  tally.fallbackModels++;
  for (const u of inferred.unknown) count(tally.fallbackByOp, u.op);
  if (VERBOSE)
    console.log(`# ${id}: ${inferred.unknown.length} fallback, first ${inferred.unknown[0]!.reason}`);
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

const skip = skipUnless('onnxTestdata');

test('static shapes equal the onnxruntime run on the ONNX backend test suite', { skip }, async () => {
  const tally = newTally();
  for (const c of backendCases()) await checkBackendCase(c, tally);
  const byOp = [...tally.fallbackByOp].sort((a, b) => b[1] - a[1]).map(([op, n]) => `${op} ${n}`);
  const notRun = [...tally.notRun].map(([why, n]) => `${why} ${n}`).join(', ');
  console.log(
    `# static shapes, backend suite: ${tally.models} models, ${tally.checked} checked against onnxruntime ` +
      `(not run: ${notRun}), ${tally.tensors} tensors compared, ${tally.differ.length} differ; ` +
      `${tally.fallback} tensors in ${tally.fallbackModels} models needed the run (${byOp.join(', ')}); ` +
      `with data-dependent inputs as constants: ${tally.constantChecked} models, ${tally.constantFallback} tensors needed the run`,
  );
  assert.deepEqual(tally.differ.slice(0, 20), []);
  assert.deepEqual(tally.ruleErrors.slice(0, 20), []);
  assert.ok(
    tally.checked >= MIN_CHECKED,
    `only ${tally.checked} models checked, expected at least ${MIN_CHECKED}`,
  );
  // More tensors needing the run than measured is a regression; fewer, an improvement to record here.
  assert.ok(
    tally.fallback <= MAX_FALLBACK,
    `${tally.fallback} tensors needed the run, measured ${MAX_FALLBACK}`,
  );
  assert.ok(
    tally.constantFallback <= MAX_CONSTANT_FALLBACK,
    `${tally.constantFallback} tensors needed the run with inputs as constants, measured ${MAX_CONSTANT_FALLBACK}`,
  );
});

/** Every real model the tests use, with the input shapes the tests give the PaddleOCR ones. */
const REAL_MODELS: readonly { name: string; file: () => string; shapes?: Record<string, number[]> }[] = [
  ...[
    'squeezenet1_1',
    'resnet50',
    'mobilenet_v2',
    'googlenet',
    'inception_v3',
    'deeplabv3_mobilenet_v3_large',
    'vgg16',
  ].map((name) => ({ name, file: () => ensureModel(name) })),
  { name: 'PP-OCRv4 det', file: () => ocrModel('ch_PP-OCRv4_det_infer'), shapes: { x: [1, 3, 640, 640] } },
  { name: 'PP-OCRv4 rec', file: () => ocrModel('ch_PP-OCRv4_rec_infer'), shapes: { x: [1, 3, 48, 320] } },
  {
    name: 'PP-OCR cls',
    file: () => ocrModel('ch_ppocr_mobile_v2.0_cls_infer'),
    shapes: { x: [1, 3, 48, 192] },
  },
  // Other sizes: a wide frame, the defaults (224) for dynamic dimensions, an odd text-line width.
  {
    name: 'PP-OCRv4 det 736x1280',
    file: () => ocrModel('ch_PP-OCRv4_det_infer'),
    shapes: { x: [1, 3, 736, 1280] },
  },
  { name: 'PP-OCRv4 det (defaults)', file: () => ocrModel('ch_PP-OCRv4_det_infer') },
  {
    name: 'PP-OCRv4 rec 48x99',
    file: () => ocrModel('ch_PP-OCRv4_rec_infer'),
    shapes: { x: [1, 3, 48, 99] },
  },
];

for (const m of REAL_MODELS) {
  test(`static shapes of ${m.name} equal the onnxruntime run's, none needing the run`, async () => {
    const model = readModel(m.file());
    const specs = modelInputSpecs(model.proto, m.shapes);
    const inferred = inferStaticShapes(model.proto, model.dir, specs);
    const run = await runShapes(model, nodeOutputs(model.proto), seededInputs(specs), onnxRuntime);
    const { both, differ } = compare(m.name, inferred, run);
    console.log(
      `# static shapes, ${m.name}: ${both} of ${run.size} run tensors compared, ${differ.length} differ, ${inferred.unknown.length} needed the run`,
    );
    assert.deepEqual(differ, []);
    assert.deepEqual(inferred.unknown, []);
    assert.equal(both, run.size);
    // Shapes the file declares would hide a missing rule: these models declare none inside.
    assert.deepEqual(inferred.declared, []);
  });
}

test('resolveShapes gives the same table statically as from the run, for resnet50', async () => {
  const model = readModel(ensureModel('resnet50'));
  const mg = buildModelGraph(model.proto);
  const fromRun = await resolveShapes(model, mg, { source: 'run', log: silentLogger });
  const fromStatic = await resolveShapes(model, mg, { source: 'static', log: silentLogger });
  assert.deepEqual([...fromStatic].sort(), [...fromRun].sort());
});

test('candidates and slice of a model with external weights read none of them', async (t) => {
  const dir = tempDir(t);
  const mlp = writeWideMlp(dir, 256, 4);
  // Access time a day back and equal to the modification time: under relatime any read moves it.
  const past = new Date(Date.now() - 86_400_000);
  fs.utimesSync(mlp.weightsFile, past, past);
  const atime = (): bigint => fs.statSync(mlp.weightsFile, { bigint: true }).atimeNs;
  const before = atime();
  const { analysed } = await loadForCutting(mlp.file, { source: 'static', log: silentLogger });
  const candidates = await findCandidates(analysed, await getAlgorithm('articulation'), 1);
  const cut = candidates[Math.floor(candidates.length / 2)]!.tensors.map((x) => x.name);
  const plan = planSlices(analysed.mg, analysed.model.proto, [cut], analysed.shapes);
  writeSlices(plan, analysed.model, path.join(dir, 'out'), silentLogger);
  assert.equal(atime(), before, 'the weights were read');
  // The check can fail: reading one byte moves the access time (skipped where the file system keeps none).
  const fd = fs.openSync(mlp.weightsFile, 'r');
  fs.readSync(fd, Buffer.alloc(1), 0, 1, 0);
  fs.closeSync(fd);
  if (fs.statSync(mlp.weightsFile).atimeMs === past.getTime())
    t.skip('this file system does not record access times');
});
