/**
 * Candidates on every shared model and the three pretrained PaddleOCR models,
 * with each built-in algorithm, shapes resolved by a real onnxruntime run;
 * and the `candidates` / `inspect` commands end to end.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { elementCount } from '../../src/core/tensor.js';
import { byteSize } from '../../src/core/dtype.js';
import { getAlgorithm } from '../../src/slice/algorithms/registry.js';
import { findCandidates, type AnalysedModel, type Candidate } from '../../src/slice/candidates.js';
import { loadForCutting } from '../../src/slice/load.js';
import { ensureModel, ocrModel, repoRoot, modelsDir } from '../helpers/models.js';

const SHARED = [
  'squeezenet1_1',
  'mobilenet_v2',
  'resnet50',
  'googlenet',
  'inception_v3',
  'vgg16',
  'deeplabv3_mobilenet_v3_large',
];
const OCR: Record<string, Record<string, number[]>> = {
  'ch_PP-OCRv4_det_infer.onnx': { x: [1, 3, 640, 640] },
  'ch_PP-OCRv4_rec_infer.onnx': { x: [1, 3, 48, 320] },
  'ch_ppocr_mobile_v2.0_cls_infer.onnx': { x: [1, 3, 48, 192] },
};
const ALGORITHMS = ['all-ops', 'articulation', 'min-cut'];
const ID = /^c[0-9a-f]{7}$/;

function checkCandidates(analysed: AnalysedModel, algorithm: string, found: readonly Candidate[]): void {
  const ops = analysed.mg.graph.ops.length;
  const totalFlops = analysed.opFlops.reduce((a, b) => a + b, 0);
  assert.ok(found.length > 0, `${algorithm} found no candidate`);
  assert.equal(new Set(found.map((c) => c.id)).size, found.length, 'ids are unique');
  for (const c of found) {
    assert.match(c.id, ID);
    assert.equal(c.headOps + c.tailOps, ops);
    assert.ok(c.headOps >= 1 && c.tailOps >= 1, `${c.id} is a real split`);
    assert.equal(c.headFlops + c.tailFlops, totalFlops);
    let sum = 0;
    for (const t of c.tensors) {
      assert.equal(t.bytes, byteSize(t.dtype, elementCount(t.shape)), `bytes of ${t.name}`);
      assert.ok(t.bytes > 0);
      sum += t.bytes;
    }
    assert.equal(c.bytes, sum);
  }
  if (algorithm === 'articulation') assert.ok(found.every((c) => c.tensors.length === 1));
  if (algorithm === 'min-cut') {
    assert.ok(found.every((c) => c.tensors.length <= 4));
    for (let i = 1; i < found.length; i++)
      assert.ok(found[i - 1]!.bytes <= found[i]!.bytes, 'sorted by bytes');
  }
}

describe('candidates on real models', () => {
  const models = [
    ...SHARED.map((name) => ({ name, file: () => ensureModel(name), shapes: {} })),
    ...Object.entries(OCR).map(([name, shapes]) => ({ name, file: () => ocrModel(name), shapes })),
  ];
  for (const m of models) {
    it(`${m.name}: every algorithm gives valid, described candidates`, async () => {
      const { analysed } = await loadForCutting(m.file(), { inputShapes: m.shapes });
      for (const name of ALGORITHMS) {
        const rejected: string[] = [];
        const found = await findCandidates(analysed, await getAlgorithm(name), 4, rejected);
        checkCandidates(analysed, name, found);
        assert.deepEqual(rejected, [], `${name} proposed only valid cuts`);
      }
    });
  }

  it('resnet50: FLOPs and the first articulation cut match known facts', async () => {
    const { analysed } = await loadForCutting(ensureModel('resnet50'));
    const found = await findCandidates(analysed, await getAlgorithm('articulation'), 1);
    const total = found[0]!.headFlops + found[0]!.tailFlops;
    // torchvision ResNet-50: 4.09 G multiply-adds at 224×224, i.e. about 8.2 GFLOPs.
    assert.ok(total > 8.0e9 && total < 8.3e9, `total FLOPs ${total}`);
    assert.deepEqual(found[0]!.tensors, [
      { name: '/relu/Relu_output_0', dtype: 'float32', shape: [1, 64, 112, 112], bytes: 64 * 112 * 112 * 4 },
    ]);
    assert.equal(found.length, 36);
  });
});

describe('couper candidates and inspect', () => {
  const couper = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(repoRoot(), 'bin', 'couper.js'), ...args], { encoding: 'utf8' });

  it('prints the documented JSON', () => {
    const run = couper('candidates', ensureModel('squeezenet1_1'), '--algorithm', 'min-cut', '--json');
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Record<string, unknown> & {
      candidates: Candidate[];
      timing: Record<string, number>;
    };
    assert.deepEqual(Object.keys(report).sort(), [
      'algorithm',
      'candidates',
      'model',
      'operators',
      'rejected',
      'timing',
    ]);
    assert.equal(report.algorithm, 'min-cut');
    assert.equal(report.operators, 65);
    assert.ok(report.candidates.length > 10);
    assert.ok(typeof report.timing.analysisMs === 'number' && report.timing.analysisMs > 0);
  });

  it('runs a plug-in algorithm given as a path', () => {
    const plugin = path.join(repoRoot(), 'test/fixtures/plugins/widest-first.js');
    const run = couper('candidates', ensureModel('squeezenet1_1'), '--algorithm', plugin, '--json');
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { algorithm: string; candidates: Candidate[]; rejected: number };
    assert.equal(report.algorithm, 'widest-first');
    assert.ok(report.candidates.every((c) => c.tensors.length === 1));
    assert.ok(report.rejected > 0, 'the plug-in proposes cuts that do not separate the model');
    for (let i = 1; i < report.candidates.length; i++) {
      assert.ok(report.candidates[i - 1]!.bytes >= report.candidates[i]!.bytes, 'largest first');
    }
  });

  it('answers bad input with one line and the documented exit codes', () => {
    const missing = couper('candidates', 'no-such-model.onnx');
    assert.equal(missing.status, 1);
    assert.equal(missing.stderr.trim(), "couper: model file 'no-such-model.onnx' does not exist");
    const algo = couper('candidates', ensureModel('squeezenet1_1'), '--algorithm', 'nope');
    assert.equal(algo.status, 1);
    assert.match(algo.stderr, /unknown algorithm 'nope'/);
    assert.equal(algo.stderr.trim().split('\n').length, 1);
    const k = couper('candidates', ensureModel('squeezenet1_1'), '--max-tensors', 'zero');
    assert.equal(k.status, 2);
    assert.match(k.stderr, /--max-tensors must be a whole number/);
    const unknown = couper('frobnicate');
    assert.equal(unknown.status, 2);
  });

  it('inspect --json describes the model', () => {
    const run = couper('inspect', ensureModel('resnet50'), '--json');
    assert.equal(run.status, 0, run.stderr);
    const s = JSON.parse(run.stdout) as {
      operators: number;
      constantNodes: number;
      inputs: { name: string; shape: number[] }[];
      weights: { inlineBytes: number; externalBytes: number };
      externalFiles: string[];
    };
    assert.equal(s.operators, 122);
    assert.equal(s.constantNodes, 47);
    assert.deepEqual(s.inputs, [{ name: 'input', dtype: 'float32', shape: [1, 3, 224, 224] }]);
    assert.equal(s.weights.inlineBytes, 0);
    // The sum of the tensors' lengths, not the file size: the file pads between tensors.
    const manifest = JSON.parse(
      fs.readFileSync(path.join(modelsDir(), 'resnet50.manifest.json'), 'utf8'),
    ) as { tensors: { length: number }[] };
    assert.equal(
      s.weights.externalBytes,
      manifest.tensors.reduce((sum, t) => sum + t.length, 0),
    );
    assert.deepEqual(s.externalFiles, ['resnet50.weights']);
  });
});
