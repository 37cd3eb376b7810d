/** Tests of the Resize and Upsample shape rules, by scales and by sizes, across opsets. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attr, shapeOf } from '../../../../test/helpers/shape-infer.js';

const x = (...shape: number[]) => ({ shape });
const floats = (...values: number[]) => ({ shape: [values.length], dtype: 'float32' as const, values });
const ints = (...values: number[]) => ({ shape: [values.length], values });

test('Resize by scales truncates scale × size (float arithmetic, as onnxruntime)', () => {
  assert.deepEqual(
    shapeOf('Resize', [x(1, 3, 7, 5), null, floats(1, 1, 0.5, 1.5)], { opset: 13 }),
    [1, 3, 3, 7],
  );
  // 0.7 is 0.69999998… in float32; 10 × that is 6.9999998 in double but rounds to 7 in float.
  assert.deepEqual(
    shapeOf('Resize', [x(1, 1, 10, 10), null, floats(1, 1, 0.7, 0.7)], { opset: 13 }),
    [1, 1, 7, 7],
  );
});

test('Resize opset 10 takes scales as its second input', () => {
  assert.deepEqual(shapeOf('Resize', [x(1, 1, 4, 4), floats(1, 1, 2, 2)], { opset: 10 }), [1, 1, 8, 8]);
});

test('Resize by sizes, with an empty scales tensor, and with opset 18 axes', () => {
  const noScales = { shape: [0], dtype: 'float32' as const, values: [] };
  assert.deepEqual(
    shapeOf('Resize', [x(1, 3, 7, 5), null, noScales, ints(1, 3, 20, 30)], { opset: 13 }),
    [1, 3, 20, 30],
  );
  const axes = [attr.ints('axes', [2, 3])];
  assert.deepEqual(
    shapeOf('Resize', [x(1, 3, 7, 5), null, null, ints(20, 30)], { opset: 18, attrs: axes }),
    [1, 3, 20, 30],
  );
});

test('Resize keep_aspect_ratio_policy scales every resized axis by one factor', () => {
  const attrs = [attr.ints('axes', [2, 3]), attr.string('keep_aspect_ratio_policy', 'not_larger')];
  // min(20/10, 30/20) = 1.5: 10 → 15, 20 → 30.
  assert.deepEqual(
    shapeOf('Resize', [x(1, 1, 10, 20), null, null, ints(20, 30)], { opset: 18, attrs }),
    [1, 1, 15, 30],
  );
});

test('Upsample: scales attribute in opset 7, input from 9', () => {
  assert.deepEqual(
    shapeOf('Upsample', [x(1, 1, 3, 3)], { opset: 7, attrs: [attr.floats('scales', [1, 1, 2, 3])] }),
    [1, 1, 6, 9],
  );
  assert.deepEqual(shapeOf('Upsample', [x(1, 1, 3, 3), floats(1, 1, 2, 2)], { opset: 9 }), [1, 1, 6, 6]);
});

test('Resize with scales from a model input is data-dependent', () => {
  assert.match(
    String(shapeOf('Resize', [x(1, 1, 3, 3), null, { shape: [4] }], { opset: 13 })),
    /known only at run time/,
  );
});
