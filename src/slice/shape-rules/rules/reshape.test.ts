/** Tests of the reshape-family shape rules: Reshape, Unsqueeze, Squeeze and Flatten. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attr, shapeOf } from '../../../../test/helpers/shape-infer.js';

const x = (...shape: number[]) => ({ shape });
const ints = (...values: number[]) => ({ shape: [values.length], values });

test('Reshape: 0 copies the input dimension, -1 takes the rest', () => {
  assert.deepEqual(shapeOf('Reshape', [x(2, 3, 4), ints(0, -1)]), [2, 12]);
  // The 0 copies dimension 2 (4): 24 / (2 × 4) = 3.
  assert.deepEqual(shapeOf('Reshape', [x(2, 3, 4), ints(-1, 2, 0)]), [3, 2, 4]);
});

test('Reshape allowzero keeps a 0 as 0', () => {
  assert.deepEqual(shapeOf('Reshape', [x(0, 3), ints(3, 0)], { attrs: [attr.int('allowzero', 1)] }), [3, 0]);
});

test('Reshape before opset 5 reads its shape attribute', () => {
  assert.deepEqual(shapeOf('Reshape', [x(2, 6)], { opset: 4, attrs: [attr.ints('shape', [3, 4])] }), [3, 4]);
});

test('Reshape to a size that does not fit is a miss', () => {
  assert.match(String(shapeOf('Reshape', [x(2, 3), ints(4, -1)])), /cannot reshape/);
});

test('Reshape of a model input shape is data-dependent', () => {
  assert.match(
    String(shapeOf('Reshape', [x(2, 3), { shape: [2], dtype: 'int64' }])),
    /known only at run time/,
  );
});

test('Unsqueeze axes: an attribute before opset 13, an input after; negative axes count from the output rank', () => {
  assert.deepEqual(
    shapeOf('Unsqueeze', [x(3, 4)], { opset: 11, attrs: [attr.ints('axes', [0, -1])] }),
    [1, 3, 4, 1],
  );
  assert.deepEqual(shapeOf('Unsqueeze', [x(3, 4), ints(2, 0)], { opset: 13 }), [1, 3, 1, 4]);
});

test('Squeeze without axes removes every 1; with axes only those (and only 1s)', () => {
  assert.deepEqual(shapeOf('Squeeze', [x(1, 3, 1, 4)], { opset: 13 }), [3, 4]);
  assert.deepEqual(shapeOf('Squeeze', [x(1, 3, 1, 4), ints(-2)], { opset: 13 }), [1, 3, 4]);
  assert.match(String(shapeOf('Squeeze', [x(1, 3), ints(1)], { opset: 13 })), /squeezes axis 1 of size 3/);
});

test('Flatten: axis 0 gives [1, all]; negative axes count from the end', () => {
  assert.deepEqual(shapeOf('Flatten', [x(2, 3, 4)], { attrs: [attr.int('axis', 0)] }), [1, 24]);
  assert.deepEqual(shapeOf('Flatten', [x(2, 3, 4)], { attrs: [attr.int('axis', -1)] }), [6, 4]);
});

test('Transpose reverses by default and follows perm', () => {
  assert.deepEqual(shapeOf('Transpose', [x(2, 3, 4)]), [4, 3, 2]);
  assert.deepEqual(shapeOf('Transpose', [x(2, 3, 4)], { attrs: [attr.ints('perm', [0, 2, 1])] }), [2, 4, 3]);
});

test('Pad: pads attribute before opset 11, input after, axes input from 18', () => {
  assert.deepEqual(
    shapeOf('Pad', [x(1, 3, 4)], { opset: 2, attrs: [attr.ints('pads', [0, 1, 2, 0, 1, 2])] }),
    [1, 5, 8],
  );
  assert.deepEqual(shapeOf('Pad', [x(1, 3, 4), ints(0, 1, 2, 0, 1, 2)], { opset: 13 }), [1, 5, 8]);
  assert.deepEqual(shapeOf('Pad', [x(1, 3, 4), ints(2, 3), null, ints(-1)], { opset: 18 }), [1, 3, 9]);
});

test('Expand broadcasts both ways; Tile multiplies', () => {
  assert.deepEqual(shapeOf('Expand', [x(3, 1), ints(2, 1, 6)]), [2, 3, 6]);
  assert.deepEqual(shapeOf('Tile', [x(2, 3), ints(2, 1)]), [4, 3]);
});
