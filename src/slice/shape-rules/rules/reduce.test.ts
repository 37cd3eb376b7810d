/**
 * Tests of the reduction shape rules: axes by attribute or input, ArgMax,
 * normalisation statistics and losses.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attr, inferNode, shapeOf } from '../../../../test/helpers/shape-infer.js';

const x = (...shape: number[]) => ({ shape });
const ints = (...values: number[]) => ({ shape: [values.length], values });

test('reduce axes: an attribute before opset 18 (13 for ReduceSum), an input after', () => {
  assert.deepEqual(
    shapeOf('ReduceMean', [x(2, 3, 4)], { opset: 13, attrs: [attr.ints('axes', [-1])] }),
    [2, 3, 1],
  );
  assert.deepEqual(shapeOf('ReduceMean', [x(2, 3, 4), ints(1)], { opset: 18 }), [2, 1, 4]);
  assert.deepEqual(
    shapeOf('ReduceSum', [x(2, 3, 4), ints(0, 2)], { opset: 13, attrs: [attr.int('keepdims', 0)] }),
    [3],
  );
});

test('reduce without axes reduces all, unless noop_with_empty_axes', () => {
  assert.deepEqual(shapeOf('ReduceMax', [x(2, 3)], { opset: 18, attrs: [attr.int('keepdims', 0)] }), []);
  assert.deepEqual(
    shapeOf('ReduceSum', [x(2, 3)], { opset: 13, attrs: [attr.int('noop_with_empty_axes', 1)] }),
    [2, 3],
  );
});

test('ArgMax gives int64 with the axis kept as 1 or dropped', () => {
  assert.deepEqual(inferNode('ArgMax', [x(2, 3)], { attrs: [attr.int('axis', 1)] }).out[0], {
    dtype: 'int64',
    shape: [2, 1],
  });
  assert.deepEqual(shapeOf('ArgMin', [x(2, 3)], { attrs: [attr.int('keepdims', 0)] }), [3]);
});

test("LayerNormalization's statistics keep the axes before `axis` and are float32 by default", () => {
  const { out } = inferNode('LayerNormalization', [x(2, 5, 8), x(8)], {
    outputs: 3,
    attrs: [attr.int('axis', -1)],
  });
  assert.deepEqual(out[1], { dtype: 'float32', shape: [2, 5, 1] });
});

test('losses reduce to a scalar unless reduction is none', () => {
  assert.deepEqual(shapeOf('SoftmaxCrossEntropyLoss', [x(3, 5), { shape: [3], dtype: 'int64' }]), []);
  const none = [attr.string('reduction', 'none')];
  assert.deepEqual(
    shapeOf('NegativeLogLikelihoodLoss', [x(3, 5, 2), { shape: [3, 2], dtype: 'int64' }], { attrs: none }),
    [3, 2],
  );
});
