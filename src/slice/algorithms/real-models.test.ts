/**
 * The built-in algorithms on real models (shapes are not resolved at this
 * layer, so every tensor counts as one byte unless a test says otherwise).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCut, crossingTensors } from '../../graph/cut.js';
import type { DataflowGraph } from '../../graph/graph.js';
import { topologicalOrder } from '../../graph/topo.js';
import { readModel } from '../../onnx/model-file.js';
import { buildModelGraph } from '../model-graph.js';
import type { AlgorithmContext } from '../algorithm.js';
import { prefixCuts } from './all-ops.js';
import { articulationTensors } from './articulation.js';
import { minCutTensors } from './min-cut.js';
import { ensureModel, ocrModel } from '../../../test/helpers/models.js';

// Resolved lazily: ensureModel inflates a model from models/ on first use.
const MODELS = {
  resnet50: () => ensureModel('resnet50'),
  squeezenet: () => ensureModel('squeezenet1_1'),
  ocrDet: () => ocrModel('ch_PP-OCRv4_det_infer.onnx'),
};

function contextFor(file: string, bytesOf: (t: string) => number = () => 1): AlgorithmContext {
  const { graph } = buildModelGraph(readModel(file).proto);
  const sorted = topologicalOrder(graph);
  assert.ok(sorted.ok);
  return { graph, order: sorted.order, bytesOf, maxTensors: 4 };
}

const count = (graph: DataflowGraph, opType: string): number =>
  graph.ops.filter((o) => o.opType === opType).length;

/** Single tensors checkCut accepts, less graph outputs and what ops reading only graph inputs write. */
function bruteArticulation(graph: DataflowGraph): string[] {
  return [...graph.producer.entries()]
    .filter(([t, p]) => !graph.outputs.includes(t) && graph.ops[p]!.inputs.some((i) => graph.producer.has(i)))
    .filter(([t]) => checkCut(graph, [t]).ok)
    .map(([t]) => t)
    .sort();
}

test('resnet50: two articulation tensors per residual block (Add, Relu) plus stem and head', () => {
  const ctx = contextFor(MODELS.resnet50());
  const found = articulationTensors(ctx);
  // Stem Relu and MaxPool, then each block's Add and Relu, then GlobalAveragePool and Flatten.
  assert.equal(count(ctx.graph, 'Add'), 16);
  assert.equal(found.length, 2 * 16 + 4);
  assert.deepEqual([...found].sort(), bruteArticulation(ctx.graph));
});

test('squeezenet1_1: three articulation tensors per fire module plus the pools and the classifier', () => {
  const ctx = contextFor(MODELS.squeezenet());
  const found = articulationTensors(ctx);
  // Per fire module: squeeze Conv, its Relu, the Concat; stem Relu; classifier Conv, Relu, GlobalAveragePool.
  assert.equal(found.length, 3 * count(ctx.graph, 'Concat') + count(ctx.graph, 'MaxPool') + 4);
  assert.deepEqual([...found].sort(), bruteArticulation(ctx.graph));
});

test('PaddleOCR det: articulation matches brute force; all-ops has one cut per prefix', () => {
  const ctx = contextFor(MODELS.ocrDet());
  assert.deepEqual([...articulationTensors(ctx)].sort(), bruteArticulation(ctx.graph));
  const cuts = prefixCuts(ctx);
  const head = new Uint8Array(ctx.graph.ops.length);
  let nonEmpty = 0;
  ctx.order.slice(0, -1).forEach((op, i) => {
    head[op] = 1;
    const crossing = crossingTensors(ctx.graph, head);
    if (crossing.length > 0)
      assert.deepEqual([...cuts[nonEmpty++]!].sort(), crossing.sort(), `prefix ${i + 1}`);
  });
  assert.equal(cuts.length, nonEmpty);
  assert.ok(cuts.every((c) => checkCut(ctx.graph, c).ok));
});

test('PaddleOCR det (FPN): min-cut cuts are valid, within K, sorted by bytes, and include multi-tensor ones', () => {
  // A stand-in size: the length of the name, so sizes differ between tensors.
  const ctx = contextFor(MODELS.ocrDet(), (t) => t.length);
  const cuts = minCutTensors(ctx);
  const bytes = cuts.map((c) => c.reduce((s, t) => s + t.length, 0));
  assert.ok(cuts.every((c) => c.length >= 1 && c.length <= 4 && checkCut(ctx.graph, c).ok));
  assert.deepEqual(
    bytes,
    [...bytes].sort((a, b) => a - b),
  );
  assert.ok(cuts.some((c) => c.length > 1));
  const singles = cuts.filter((c) => c.length === 1).map((c) => c[0]!);
  // A one-tensor cut is a valid single-tensor cut: an articulation tensor unless written by a first op.
  const articulation = new Set(articulationTensors(ctx));
  for (const t of singles) {
    const producer = ctx.graph.ops[ctx.graph.producer.get(t)!]!;
    assert.ok(articulation.has(t) || producer.inputs.every((i) => ctx.graph.inputs.includes(i)), t);
  }
});

test('resnet50: with equal sizes, min-cut gives every articulation tensor alone and a skip pair inside each block', () => {
  const ctx = contextFor(MODELS.resnet50());
  const cuts = minCutTensors(ctx);
  const first = ctx.graph.ops[ctx.order[0]!]!.outputs[0]!;
  const singles = cuts.filter((c) => c.length === 1).map((c) => c[0]!);
  assert.deepEqual(singles.sort(), [first, ...articulationTensors(ctx)].sort());
  assert.ok(cuts.every((c) => c.length <= 2 && checkCut(ctx.graph, c).ok));
  // One distinct cut after every op but the last (Gemm).
  assert.equal(cuts.length, ctx.graph.ops.length - 1);
});
