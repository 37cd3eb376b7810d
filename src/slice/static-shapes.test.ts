/**
 * Tests of static shape inference over a whole graph: unknown tensors and
 * why, declared-shape fallbacks, which constants are read, Constant nodes and
 * node order.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { model, node, tempDir, valueInfo } from '../../test/helpers/build-model.js';
import { attr, valuesTensor } from '../../test/helpers/shape-infer.js';
import { DATA_LOCATION_EXTERNAL, toLong, type TensorProto } from '../onnx/proto.js';
import type { InputSpec } from './inputs.js';
import { MAX_CONSTANT_BYTES } from './shape-rules/types.js';
import { inferStaticShapes } from './static-shapes.js';

const spec = (shape: number[], name = 'x'): InputSpec => ({ name, dtype: 'float32', shape, defaulted: [] });

/** A tensor whose data lives at `offset` of `file` (relative to the model's folder). */
function external(
  name: string,
  dims: number[],
  dataType: number,
  file: string,
  offset: number,
  length: number,
): TensorProto {
  return {
    name,
    dims: dims.map(toLong),
    dataType,
    dataLocation: DATA_LOCATION_EXTERNAL,
    externalData: [
      { key: 'location', value: file },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(length) },
    ],
  };
}

test('unknown tensors are listed in order, the first a root cause; downstream ones name what they depend on', () => {
  const proto = model({
    input: [valueInfo('x', [4]), valueInfo('shape', [2], 7)],
    output: [{ name: 'y' }],
    node: [node('Reshape', ['x', 'shape'], ['r']), node('Relu', ['r'], ['y'])],
  });
  const r = inferStaticShapes(proto, undefined, [
    spec([4]),
    { name: 'shape', dtype: 'int64', shape: [2], defaulted: [] },
  ]);
  assert.deepEqual(
    r.unknown.map((u) => u.tensor),
    ['r', 'y'],
  );
  assert.match(r.unknown[0]!.reason, /^Reshape node 'Reshape_r' needs the values of model input 'shape'/);
  assert.match(r.unknown[1]!.reason, /depends on 'r'/);
  assert.deepEqual([...r.valueWanted], ['shape']);
});

test('an operator without a rule falls back to the shape the file declares, only for the declared inputs', () => {
  const proto = model({
    input: [valueInfo('x', [1, 4])],
    output: [valueInfo('y', [1, 4])],
    valueInfo: [valueInfo('m', [1, 4])],
    node: [node('Mystery', ['x'], ['m'], { domain: 'com.example' }), node('Relu', ['m'], ['y'])],
  });
  const asDeclared = inferStaticShapes(proto, undefined, [spec([1, 4])]);
  assert.deepEqual(asDeclared.unknown, []);
  assert.deepEqual(asDeclared.declared, ['m']);
  assert.deepEqual(asDeclared.types.get('y')?.shape, [1, 4]);
  // Another input shape makes the declaration stale: not used.
  const resized = inferStaticShapes(proto, undefined, [spec([2, 4])]);
  assert.deepEqual(resized.declared, []);
  assert.match(resized.unknown[0]!.reason, /from domain 'com.example'/);
  assert.deepEqual(inferStaticShapes(proto, undefined, [spec([1, 4])], { useDeclared: false }).declared, []);
});

test('weights are never read; small external constants are, and only their bytes', (t) => {
  const dir = tempDir(t);
  // shape.bin: 16 bytes of padding, then the int64 shape [2, -1].
  const bytes = Buffer.alloc(32);
  bytes.writeBigInt64LE(2n, 16);
  bytes.writeBigInt64LE(-1n, 24);
  fs.writeFileSync(path.join(dir, 'shape.bin'), bytes);
  const proto = model({
    input: [valueInfo('x', [1, 3, 4, 4])],
    output: [{ name: 'y' }],
    // The weights' file does not exist: reading it would fail the inference.
    initializer: [
      external('w', [8, 3, 3, 3], 1, 'missing.weights', 0, 864),
      external('target', [2], 7, 'shape.bin', 16, 16),
    ],
    node: [node('Conv', ['x', 'w'], ['c']), node('Reshape', ['c', 'target'], ['y'])],
  });
  const r = inferStaticShapes(proto, dir, [spec([1, 3, 4, 4])]);
  assert.deepEqual(r.unknown, []);
  assert.deepEqual(r.types.get('y')?.shape, [2, 16]);
});

test('a constant operand larger than the bound is not read', (t) => {
  const dir = tempDir(t);
  const count = MAX_CONSTANT_BYTES / 8 + 1;
  fs.writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(count * 8));
  const proto = model({
    input: [valueInfo('x', [4])],
    output: [{ name: 'y' }],
    initializer: [external('huge', [count], 7, 'big.bin', 0, count * 8)],
    node: [node('Tile', ['x', 'huge'], ['y'])],
  });
  const r = inferStaticShapes(proto, dir, [spec([4])]);
  assert.match(
    r.unknown[0]?.reason ?? '',
    /needs the values of 'huge', a stored tensor too large \(or of a type\) to read for them/,
  );
});

test('Constant nodes: tensors and value_ints give types and values', () => {
  const proto = model({
    input: [valueInfo('x', [6])],
    output: [{ name: 'y' }],
    node: [
      node('Constant', [], ['a'], { attribute: [attr.ints('value_ints', [2, 3])] }),
      node('Constant', [], ['b'], {
        attribute: [attr.tensor('value', valuesTensor('t', [1.5, 2], [2], 'float32'))],
      }),
      node('Reshape', ['x', 'a'], ['y']),
    ],
  });
  const r = inferStaticShapes(proto, undefined, [spec([6])]);
  assert.deepEqual(r.types.get('b'), { dtype: 'float32', shape: [2] });
  assert.deepEqual(r.types.get('y')?.shape, [2, 3]);
});

test('nodes listed out of order are inferred in dataflow order', () => {
  const proto = model({
    input: [valueInfo('x', [2, 3])],
    output: [{ name: 'y' }],
    node: [node('Transpose', ['h'], ['y']), node('Relu', ['x'], ['h'])],
  });
  assert.deepEqual(inferStaticShapes(proto, undefined, [spec([2, 3])]).types.get('y')?.shape, [3, 2]);
});
