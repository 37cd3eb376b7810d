/**
 * Tests of the segmented model writer: it writes the same bytes as encode for
 * big weights, decoded models, external tensors and unknown fields.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { model, node, tempDir, valueInfo } from '../../test/helpers/build-model.js';
import { attr } from '../../test/helpers/shape-infer.js';
import { decodeModel, encodeModel } from './model-file.js';
import { writeModelFile } from './model-writer.js';
import { DATA_LOCATION_EXTERNAL, onnx, toLong, type TensorProto } from './proto.js';

/** A float tensor of `bytes` bytes of raw data, patterned so that misplaced bytes show. */
function raw(name: string, bytes: number): TensorProto {
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) data[i] = (i * 31 + name.length) & 0xff;
  return { name, dims: [toLong(bytes / 4)], dataType: 1, rawData: data };
}

function sameAsEncoded(t: import('node:test').TestContext, proto: onnx.ModelProto.$Properties): void {
  const file = path.join(tempDir(t), 'm.onnx');
  const written = writeModelFile(file, proto);
  const expected = Buffer.from(encodeModel(proto));
  const actual = fs.readFileSync(file);
  assert.equal(written, expected.length);
  assert.ok(actual.equals(expected), 'the file differs from onnx.ModelProto.encode');
}

const GRAPH = onnx.AttributeProto.AttributeType.GRAPH;
const TENSORS = onnx.AttributeProto.AttributeType.TENSORS;

test('big weights in initializers, Constant nodes, attribute lists and subgraphs: the bytes encode gives', (t) => {
  const big = 3 * 1024 * 1024 + 12;
  const branch = {
    name: 'b',
    initializer: [raw('inner', 200_000)],
    node: [node('Identity', ['inner'], ['o'])],
    output: [{ name: 'o' }],
  };
  const proto = model({
    name: 'g',
    docString: 'kept',
    input: [valueInfo('x', [4])],
    output: [valueInfo('y', [4])],
    initializer: [raw('w', big), raw('small', 64), { ...raw('after', 70_000), docString: 'after raw_data' }],
    node: [
      node('Constant', [], ['c'], { attribute: [attr.tensor('value', raw('const', 100_000))] }),
      node('Custom', ['x'], ['z'], {
        domain: 'com.example',
        attribute: [{ name: 'many', type: TENSORS, tensors: [raw('a', 80_000), raw('b', 16)] }],
      }),
      node('If', ['cond'], ['y'], {
        attribute: [
          { name: 'then_branch', type: GRAPH, g: branch },
          { name: 'else_branch', type: GRAPH, g: branch },
        ],
      }),
    ],
  });
  sameAsEncoded(t, proto);
});

test('decoded models (own properties only) and external tensors', (t) => {
  const external: TensorProto = {
    name: 'e',
    dims: [toLong(4)],
    dataType: 1,
    dataLocation: DATA_LOCATION_EXTERNAL,
    externalData: [{ key: 'location', value: 'w.bin' }],
  };
  const proto = model({
    input: [valueInfo('x', [4])],
    output: [valueInfo('y', [4])],
    initializer: [raw('w', 100_000), external],
    node: [node('Add', ['x', 'w'], ['y'])],
  });
  sameAsEncoded(t, decodeModel(encodeModel(proto), 'test'));
});

test('fields this schema does not know are kept where encode keeps them', (t) => {
  const bytes = encodeModel(model({ initializer: [raw('w', 100_000)], node: [] }));
  // Field 99 (varint 1) appended to the ModelProto: decoded into $unknowns.
  const withUnknown = Buffer.concat([Buffer.from(bytes), Buffer.from([0x98, 0x06, 0x01])]);
  const decoded = decodeModel(withUnknown, 'test');
  sameAsEncoded(t, decoded);
  assert.equal(decoded.$unknowns?.length, 1, 'the unknown field was not kept');
});
