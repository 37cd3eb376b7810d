/** Tests of folding the small tensors that shape computations pass around (the patterns PyTorch exports). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { model, node, valueInfo } from '../../../../test/helpers/build-model.js';
import { attr, valuesTensor } from '../../../../test/helpers/shape-infer.js';
import type { NodeProto, TensorProto } from '../../../onnx/proto.js';
import { inferStaticShapes } from '../../static-shapes.js';

/** Shapes of a graph over one float input x of `shape`. */
function infer(shape: number[], nodes: NodeProto[], initializer: TensorProto[] = []) {
  const proto = model({ input: [valueInfo('x', shape)], output: [{ name: 'y' }], initializer, node: nodes });
  return inferStaticShapes(proto, undefined, [{ name: 'x', dtype: 'float32', shape, defaulted: [] }]);
}

test("PyTorch's flatten: Shape → Gather → Unsqueeze → Concat → Reshape folds to a static shape", () => {
  const r = infer(
    [2, 3, 4, 5],
    [
      node('Shape', ['x'], ['s']),
      node('Gather', ['s', 'zero'], ['n'], { attribute: [attr.int('axis', 0)] }),
      node('Unsqueeze', ['n', 'axes'], ['n1']),
      node('Concat', ['n1', 'minus1'], ['target'], { attribute: [attr.int('axis', 0)] }),
      node('Reshape', ['x', 'target'], ['y']),
    ],
    [valuesTensor('zero', [0], []), valuesTensor('axes', [0]), valuesTensor('minus1', [-1])],
  );
  assert.deepEqual(r.unknown, []);
  assert.deepEqual(r.types.get('y')?.shape, [2, 60]);
});

test("PyTorch's expand: ConstantOfShape, Mul, Equal, Where → Expand", () => {
  // expand(x, [-1, 4]): where(shape == -1, ones, shape), then Expand.
  const r = infer(
    [3, 1],
    [
      node('ConstantOfShape', ['two'], ['ones'], {
        attribute: [attr.tensor('value', valuesTensor('v', [1], [1]))],
      }),
      node('Mul', ['ones', 'minus1'], ['neg']),
      node('Equal', ['wanted', 'neg'], ['isNeg']),
      node('Where', ['isNeg', 'ones', 'wanted'], ['target']),
      node('Expand', ['x', 'target'], ['y']),
    ],
    [valuesTensor('two', [2]), valuesTensor('minus1', [-1], []), valuesTensor('wanted', [-1, 4])],
  );
  assert.deepEqual(r.types.get('y')?.shape, [3, 4]);
});

test('an upsample size computed in float: Cast, Mul, Floor, Cast back to int64, then Resize sizes', () => {
  const r = infer(
    [1, 1, 5, 7],
    [
      node('Shape', ['x'], ['s']),
      node('Slice', ['s', 'from2', 'to4'], ['hw']),
      node('Cast', ['hw'], ['hwf'], { attribute: [attr.int('to', 1)] }),
      node('Mul', ['hwf', 'scale'], ['scaled']),
      node('Floor', ['scaled'], ['floored']),
      node('Cast', ['floored'], ['hwi'], { attribute: [attr.int('to', 7)] }),
      node('Concat', ['nc', 'hwi'], ['sizes'], { attribute: [attr.int('axis', 0)] }),
      node('Resize', ['x', '', '', 'sizes'], ['y']),
    ],
    [
      valuesTensor('from2', [2]),
      valuesTensor('to4', [4]),
      valuesTensor('scale', [1.5], [], 'float32'),
      valuesTensor('nc', [1, 1]),
    ],
  );
  assert.deepEqual(r.types.get('y')?.shape, [1, 1, 7, 10]);
});

test('integer Div truncates towards zero; Mod follows the divisor unless fmod', () => {
  const r = infer(
    [1],
    [
      node('Div', ['a', 'b'], ['q']),
      node('Mod', ['a', 'b'], ['m']),
      node('Mod', ['a', 'b'], ['f'], { attribute: [attr.int('fmod', 1)] }),
      node('Concat', ['q', 'm', 'f'], ['c'], { attribute: [attr.int('axis', 0)] }),
      node('Add', ['c', 'ten'], ['dims']),
      node('ConstantOfShape', ['dims'], ['y']),
    ],
    [valuesTensor('a', [-7]), valuesTensor('b', [2]), valuesTensor('ten', [10], [])],
  );
  // -7 / 2 → -3, -7 mod 2 → 1, fmod(-7, 2) → -1; plus 10.
  assert.deepEqual(r.types.get('y')?.shape, [7, 11, 9]);
});

test('Range over folded bounds, then its size reshapes', () => {
  const r = infer(
    [12],
    [
      node('Range', ['start', 'limit', 'delta'], ['steps']),
      node('Shape', ['steps'], ['n']),
      node('Concat', ['n', 'minus1'], ['target'], { attribute: [attr.int('axis', 0)] }),
      node('Reshape', ['x', 'target'], ['y']),
    ],
    [
      valuesTensor('start', [1], []),
      valuesTensor('limit', [10], []),
      valuesTensor('delta', [3], []),
      valuesTensor('minus1', [-1]),
    ],
  );
  // Range(1, 10, 3) = [1, 4, 7]: 3 elements.
  assert.deepEqual(r.types.get('y')?.shape, [3, 4]);
});

test('Transpose, ReduceProd and Squeeze of folded shape vectors', () => {
  const r = infer(
    [2, 3, 4],
    [
      node('Shape', ['x'], ['s']),
      node('Reshape', ['s', 'col'], ['s31']),
      node('Transpose', ['s31'], ['s13']),
      node('ReduceProd', ['s13'], ['p'], { attribute: [attr.int('keepdims', 0)] }),
      node('Unsqueeze', ['p', 'axes'], ['p1']),
      node('Reshape', ['x', 'p1'], ['y']),
    ],
    [valuesTensor('col', [3, 1]), valuesTensor('axes', [0])],
  );
  assert.deepEqual(r.types.get('y')?.shape, [24]);
});
