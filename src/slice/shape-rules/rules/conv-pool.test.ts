/** Tests of the convolution and pooling shape rules: windows, pads, strides, dilations and auto_pad. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attr, inferNode, shapeOf } from '../../../../test/helpers/shape-infer.js';

const x = (...shape: number[]) => ({ shape });

test('MaxPool: floor by default, ceil_mode rounds the last window up', () => {
  const k3s2 = [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2])];
  assert.deepEqual(shapeOf('MaxPool', [x(1, 1, 6, 6)], { attrs: k3s2 }), [1, 1, 2, 2]);
  assert.deepEqual(
    shapeOf('MaxPool', [x(1, 1, 6, 6)], { attrs: [...k3s2, attr.int('ceil_mode', 1)] }),
    [1, 1, 3, 3],
  );
});

test('MaxPool ceil_mode: a last window that would start in the end pad is dropped (as PyTorch and onnxruntime do)', () => {
  const attrs = [
    attr.ints('kernel_shape', [2]),
    attr.ints('strides', [2]),
    attr.ints('pads', [1, 1]),
    attr.int('ceil_mode', 1),
  ];
  // ceil((5 + 2 - 2) / 2) + 1 = 4 windows, but the 4th would start at 6 >= 5 + 1.
  assert.deepEqual(shapeOf('MaxPool', [x(1, 1, 5)], { attrs }), [1, 1, 3]);
});

test('pooling auto_pad: SAME_* gives ceil(in / stride), VALID no padding', () => {
  const base = [attr.ints('kernel_shape', [3]), attr.ints('strides', [2])];
  assert.deepEqual(
    shapeOf('AveragePool', [x(1, 2, 7)], { attrs: [...base, attr.string('auto_pad', 'SAME_UPPER')] }),
    [1, 2, 4],
  );
  assert.deepEqual(
    shapeOf('AveragePool', [x(1, 2, 7)], { attrs: [...base, attr.string('auto_pad', 'SAME_LOWER')] }),
    [1, 2, 4],
  );
  assert.deepEqual(
    shapeOf('AveragePool', [x(1, 2, 7)], { attrs: [...base, attr.string('auto_pad', 'VALID')] }),
    [1, 2, 3],
  );
});

test('MaxPool also gives int64 indices of the same shape', () => {
  const { out } = inferNode('MaxPool', [x(1, 1, 4, 4)], {
    attrs: [attr.ints('kernel_shape', [2, 2])],
    outputs: 2,
  });
  assert.deepEqual(out[1], { dtype: 'int64', shape: [1, 1, 3, 3] });
});

test('Conv: output channels from the weights, dilated kernels, strides and pads', () => {
  const w = { shape: [8, 3, 3, 3], values: undefined };
  assert.deepEqual(
    shapeOf('Conv', [x(2, 3, 10, 10), w], { attrs: [attr.ints('dilations', [2, 2])] }),
    [2, 8, 6, 6],
  );
  const strided = [
    attr.ints('strides', [3, 3]),
    attr.ints('pads', [1, 1, 1, 1]),
    attr.ints('dilations', [2, 2]),
  ];
  assert.deepEqual(shapeOf('Conv', [x(2, 3, 10, 10), w], { attrs: strided }), [2, 8, 3, 3]);
});

test('ConvTranspose: stride × (in − 1) + output_padding + kernel − pads; output_shape wins', () => {
  const w = { shape: [4, 2, 3, 3] };
  const attrs = [attr.ints('strides', [2, 2]), attr.ints('output_padding', [1, 1]), attr.int('group', 2)];
  assert.deepEqual(shapeOf('ConvTranspose', [x(1, 4, 3, 3), w], { attrs }), [1, 4, 8, 8]);
  const given = [attr.ints('strides', [2, 2]), attr.ints('output_shape', [10, 8])];
  assert.deepEqual(shapeOf('ConvTranspose', [x(1, 4, 3, 3), w], { attrs: given }), [1, 2, 10, 8]);
});

test('global pooling keeps batch and channels and makes every spatial axis 1', () => {
  assert.deepEqual(shapeOf('GlobalAveragePool', [x(2, 16, 7, 9)]), [2, 16, 1, 1]);
});

test('a window larger than the padded input is a miss, not a negative size', () => {
  const reason = shapeOf('MaxPool', [x(1, 1, 2, 2)], { attrs: [attr.ints('kernel_shape', [3, 3])] });
  assert.match(String(reason), /larger than the padded input/);
});

test('DepthToSpace and SpaceToDepth move blocks between channels and space', () => {
  assert.deepEqual(
    shapeOf('DepthToSpace', [x(1, 8, 2, 3)], { attrs: [attr.int('blocksize', 2)] }),
    [1, 2, 4, 6],
  );
  assert.deepEqual(
    shapeOf('SpaceToDepth', [x(1, 2, 4, 6)], { attrs: [attr.int('blocksize', 2)] }),
    [1, 8, 2, 3],
  );
});
