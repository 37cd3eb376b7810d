/**
 * Tests of the slicing and gathering shape rules: Slice, Split, Gather,
 * GatherND, Concat, TopK, Compress and NonZero.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attr, inferNode, shapeOf } from '../../../../test/helpers/shape-infer.js';

const x = (...shape: number[]) => ({ shape });
const ints = (...values: number[]) => ({ shape: [values.length], values });
const INT64_MAX = 2 ** 63;

test('Slice clamps starts and ends to the axis, with negative steps counting down', () => {
  assert.deepEqual(shapeOf('Slice', [x(10, 8), ints(1, -3), ints(INT64_MAX, -1), ints(0, 1)]), [9, 2]);
  // 9, 7, 5, 3, 1: from the clamped last index down past the front.
  assert.deepEqual(shapeOf('Slice', [x(10), ints(INT64_MAX), ints(-INT64_MAX), ints(0), ints(-2)]), [5]);
  assert.deepEqual(shapeOf('Slice', [x(10), ints(20), ints(30)]), [0]);
});

test('Slice before opset 10 reads starts, ends and axes attributes', () => {
  const attrs = [attr.ints('starts', [1]), attr.ints('ends', [1000]), attr.ints('axes', [1])];
  assert.deepEqual(shapeOf('Slice', [x(4, 6)], { opset: 9, attrs }), [4, 5]);
});

test('Split: explicit sizes, equal parts, and opset 18 uneven parts', () => {
  const sizes = inferNode('Split', [x(2, 10), ints(3, 7)], {
    opset: 13,
    attrs: [attr.int('axis', 1)],
    outputs: 2,
  });
  assert.deepEqual(
    sizes.out.map((t) => t?.shape),
    [
      [2, 3],
      [2, 7],
    ],
  );
  const uneven = inferNode('Split', [x(7)], { opset: 18, attrs: [attr.int('num_outputs', 3)], outputs: 3 });
  assert.deepEqual(
    uneven.out.map((t) => t?.shape),
    [[3], [3], [1]],
  );
  const before = inferNode('Split', [x(7)], { opset: 13, outputs: 3 });
  assert.match(before.result.unknown[0]?.reason ?? '', /cannot split 7 into 3 equal parts/);
});

test('Gather puts the indices shape in place of the axis', () => {
  assert.deepEqual(
    shapeOf('Gather', [x(5, 6, 7), { shape: [2, 3], dtype: 'int64' }], { attrs: [attr.int('axis', 1)] }),
    [5, 2, 3, 7],
  );
  assert.deepEqual(shapeOf('Gather', [x(5, 6), { shape: [], values: [2] }]), [6]);
});

test('GatherND: indices batch, then the data axes not indexed', () => {
  assert.deepEqual(
    shapeOf('GatherND', [x(2, 3, 4, 5), { shape: [2, 6, 2], dtype: 'int64' }], {
      attrs: [attr.int('batch_dims', 1)],
    }),
    [2, 6, 5],
  );
});

test('Concat adds up the axis and refuses other mismatches', () => {
  assert.deepEqual(shapeOf('Concat', [x(2, 3), x(2, 5)], { attrs: [attr.int('axis', -1)] }), [2, 8]);
  assert.match(String(shapeOf('Concat', [x(2, 3), x(3, 3)], { attrs: [attr.int('axis', 1)] })), /joins/);
});

test('TopK: K from the input (opset 10+), both outputs', () => {
  const { out } = inferNode('TopK', [x(3, 9), ints(4)], { outputs: 2 });
  assert.deepEqual(out, [
    { dtype: 'float32', shape: [3, 4] },
    { dtype: 'int64', shape: [3, 4] },
  ]);
});

test('Compress and NonZero are inferred when their values are constant, and say why when not', () => {
  const condition = { shape: [4], dtype: 'bool' as const, values: [1, 0, 1, 1] };
  assert.deepEqual(shapeOf('Compress', [x(4, 2), condition], { attrs: [attr.int('axis', 0)] }), [3, 2]);
  assert.deepEqual(shapeOf('NonZero', [{ shape: [2, 2], values: [0, 5, 7, 0] }]), [2, 2]);
  assert.match(String(shapeOf('NonZero', [x(2, 2)])), /known only at run time/);
  assert.match(String(shapeOf('Unique', [x(5)])), /depends on the values/);
});

test('OneHot inserts depth at the axis, with the values dtype', () => {
  const { out } = inferNode(
    'OneHot',
    [
      { shape: [2, 3], dtype: 'int64' },
      { shape: [], values: [10] },
      { shape: [2], dtype: 'float32' },
    ],
    {
      attrs: [attr.int('axis', 1)],
    },
  );
  assert.deepEqual(out[0], { dtype: 'float32', shape: [2, 10, 3] });
});
