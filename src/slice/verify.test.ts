/** Tests of verifying written parts against the original model. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { VerifyError } from '../core/errors.js';
import { silentLogger } from '../core/log.js';
import { encodeModel, readModel } from '../onnx/model-file.js';
import {
  CHAIN,
  ifModelSpec,
  RESIDUAL,
  saveModel,
  SHARED_CONSTANTS,
  SPLIT,
  tempDir,
  tinyGraph,
  wrap,
  type TinySpec,
} from '../../test/helpers/tiny-models.js';
import { buildModelGraph } from './model-graph.js';
import { planSlices } from './plan.js';
import { compareSlices, differences, verifySlices } from './verify.js';
import { writeSlices } from './write.js';

async function sliceAndVerify(spec: TinySpec, cuts: string[][]) {
  const model = saveModel(wrap(tinyGraph(spec)));
  const plan = planSlices(buildModelGraph(model.proto), model.proto, cuts);
  const out = tempDir();
  writeSlices(plan, model, out, silentLogger);
  return { model, plan, out, result: await verifySlices(model, plan, out, { seed: 3 }) };
}

describe('differences', () => {
  it('scales the largest error by the largest reference value', () => {
    assert.deepEqual(differences([0, -10, 5], [0.5, -10, 5]), { maxAbs: 0.5, maxRel: 0.05 });
    assert.deepEqual(differences([0, 0], [0, 0]), { maxAbs: 0, maxRel: 0 });
    assert.deepEqual(differences([0, 0], [0, 1e-9]), { maxAbs: 1e-9, maxRel: Infinity });
    assert.deepEqual(differences([NaN, 1], [NaN, 1]), { maxAbs: 0, maxRel: 0 });
    assert.equal(differences([1, 2], [NaN, 2]).maxAbs, Infinity);
  });
});

describe('verifySlices', () => {
  for (const [label, spec, cuts] of [
    ['a chain', CHAIN, [['b']]],
    [
      'a residual block in three parts',
      RESIDUAL,
      [
        ['a', 'b'],
        ['a', 'c'],
      ],
    ],
    ['constants on both sides', SHARED_CONSTANTS, [['b']]],
    ['an If reading outer tensors', ifModelSpec(), [['a', 'b']]],
    ['an output from the first part', SPLIT, [['t', 's1']]],
  ] as const) {
    it(`finds the parts equal to the model for ${label}`, async () => {
      const { result, plan } = await sliceAndVerify(
        spec,
        cuts.map((c) => [...c]),
      );
      assert.equal(result.ok, true);
      assert.equal(result.maxAbs, 0);
      assert.deepEqual(
        result.outputs.map((o) => [o.name, o.part]),
        Object.entries(plan.outputsFrom),
      );
      assert.equal(result.input, 'seed 3');
    });
  }

  it('fails with VerifyError when a part computes something else', async () => {
    const { model, plan, out } = await sliceAndVerify(CHAIN, [['b']]);
    const file = path.join(out, 'part1.onnx');
    const part = readModel(file).proto;
    part.graph!.initializer![0]!.floatData = [3, 0.25, -0.6];
    fs.writeFileSync(file, encodeModel(part));
    const result = await compareSlices(model, plan, out);
    assert.equal(result.ok, false);
    assert.ok(result.maxRel > 1e-3);
    await assert.rejects(verifySlices(model, plan, out), (err: unknown) => {
      assert.ok(err instanceof VerifyError);
      assert.match(
        err.message,
        /^slices differ from the model at output 'y': maxRel \S+ \(maxAbs \S+\) exceeds the tolerance 1\.00e-5$/,
      );
      return true;
    });
    // A loose enough tolerance accepts the same difference.
    assert.equal((await compareSlices(model, plan, out, { tolerance: 1 })).ok, true);
  });

  it('runs on the inputs it is given', async () => {
    const { model, plan, out } = await sliceAndVerify(CHAIN, [['b']]);
    const x = { dtype: 'float32' as const, shape: [2, 3], data: Float32Array.from([1, -2, 3, -4, 5, -6]) };
    const result = await verifySlices(model, plan, out, { inputs: { x } });
    assert.equal(result.input, 'given');
    assert.deepEqual(result.inputs, [{ name: 'x', dtype: 'float32', shape: [2, 3] }]);
    assert.equal(result.maxRel, 0);
  });
});
