/** Tests of the linear-algebra shape rules: MatMul, Gemm and Einsum. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attr, shapeOf } from '../../../../test/helpers/shape-infer.js';

const x = (...shape: number[]) => ({ shape });

test('MatMul: batch dimensions broadcast, 1-D operands promoted then dropped', () => {
  assert.deepEqual(shapeOf('MatMul', [x(2, 1, 3, 4), x(5, 4, 6)]), [2, 5, 3, 6]);
  assert.deepEqual(shapeOf('MatMul', [x(4), x(3, 4, 6)]), [3, 6]);
  assert.deepEqual(shapeOf('MatMul', [x(3, 4), x(4)]), [3]);
  assert.match(String(shapeOf('MatMul', [x(3, 4), x(5, 6)])), /inner dimensions/);
});

test('Gemm follows transA and transB', () => {
  const attrs = [attr.int('transA', 1), attr.int('transB', 1)];
  assert.deepEqual(shapeOf('Gemm', [x(4, 3), x(5, 4)], { attrs }), [3, 5]);
  assert.deepEqual(shapeOf('Gemm', [x(3, 4), x(4, 5)]), [3, 5]);
});

test('Einsum: explicit and implicit outputs, ellipsis broadcast', () => {
  assert.deepEqual(
    shapeOf('Einsum', [x(2, 3, 4), x(2, 4, 5)], { attrs: [attr.string('equation', 'bij,bjk->bik')] }),
    [2, 3, 5],
  );
  // Implicit: letters used once, alphabetically.
  assert.deepEqual(
    shapeOf('Einsum', [x(3, 4), x(4, 5)], { attrs: [attr.string('equation', 'ij,jk')] }),
    [3, 5],
  );
  assert.deepEqual(
    shapeOf('Einsum', [x(7, 2, 3)], { attrs: [attr.string('equation', '...ij->...ji')] }),
    [7, 3, 2],
  );
});
