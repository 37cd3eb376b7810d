/** Tests of the elementwise shape rules: broadcasting, variadic operators and Dropout's mask. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inferNode, shapeOf } from '../../../../test/helpers/shape-infer.js';

const x = (...shape: number[]) => ({ shape });

test('binary operators broadcast as numpy does; comparisons give bool', () => {
  assert.deepEqual(shapeOf('Add', [x(2, 1, 4), x(3, 1)]), [2, 3, 4]);
  assert.deepEqual(inferNode('Less', [x(2, 3), x(3)]).out[0], { dtype: 'bool', shape: [2, 3] });
  assert.match(String(shapeOf('Mul', [x(2, 3), x(4)])), /do not broadcast/);
});

test('before opset 7, B was broadcast to A: the output is A', () => {
  assert.deepEqual(shapeOf('Add', [x(2, 3, 4), x(3)], { opset: 6 }), [2, 3, 4]);
});

test('variadic Sum and Where broadcast every input', () => {
  assert.deepEqual(shapeOf('Sum', [x(3, 1), x(1, 4), x(4)]), [3, 4]);
  const { out } = inferNode('Where', [
    { shape: [2, 1], dtype: 'bool' },
    { shape: [3], dtype: 'int64' },
    { shape: [1], dtype: 'int64' },
  ]);
  assert.deepEqual(out[0], { dtype: 'int64', shape: [2, 3] });
});

test("Dropout's mask is bool from opset 10, the input's type before", () => {
  assert.equal(inferNode('Dropout', [x(2, 3)], { opset: 12, outputs: 2 }).out[1]?.dtype, 'bool');
  assert.equal(inferNode('Dropout', [x(2, 3)], { opset: 7, outputs: 2 }).out[1]?.dtype, 'float32');
});
