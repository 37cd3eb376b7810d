/** Tests that decoding and encoding a model keeps everything in it, unknown fields included. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byteSize, dtypeFromCode } from '../core/dtype.js';
import { floatTensor, model, node, valueInfo } from '../../test/helpers/build-model.js';
import { decodeModel, encodeModel } from './model-file.js';
import { int64, onnx, toLong, type TensorProto } from './proto.js';
import { tensorValues } from './tensor-data.js';

const STRING = 8;
// Field 99, varint 42: a field a future ONNX might add (tag 99<<3|0 = 0x98 0x06).
const UNKNOWN_FIELD = Uint8Array.of(0x98, 0x06, 0x2a);
const NODE_UNKNOWN_FIELD = Uint8Array.of(0x98, 0x06, 0x07);

/** One initializer per ONNX dtype code 1..23, three elements each, raw bytes that differ per dtype. */
function everyDtype(): TensorProto[] {
  return Array.from({ length: 23 }, (_, i) => {
    const code = i + 1;
    const name = `t_${dtypeFromCode(code, 'test')}`;
    if (code === STRING) {
      return {
        name,
        dataType: code,
        dims: [toLong(3)],
        stringData: ['a', 'bc', ''].map((s) => Buffer.from(s)),
      };
    }
    const bytes = byteSize(dtypeFromCode(code, name), 3) ?? 0;
    const rawData = Uint8Array.from({ length: bytes }, (_, k) => (k * 37 + code) & 0xff);
    return { name, dataType: code, dims: [toLong(3)], rawData };
  });
}

function detailedModel(): onnx.ModelProto {
  return model(
    {
      docString: 'graph doc',
      input: [valueInfo('x', ['batch', 3, 'height', 'width'])],
      output: [valueInfo('y', ['batch', 3, 'height', 'width'])],
      initializer: everyDtype(),
      node: [
        node('Constant', [], ['c'], {
          attribute: [
            { name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: floatTensor('c', [0.5]) },
          ],
        }),
        node('Add', ['x', 'c'], ['y'], {
          docString: 'node doc',
          metadataProps: [{ key: 'source', value: 'layer1.add' }],
          $unknowns: [NODE_UNKNOWN_FIELD],
        }),
      ],
    },
    {
      docString: 'model doc',
      metadataProps: [
        { key: 'author', value: 'couper' },
        { key: 'license', value: 'MIT' },
      ],
      opsetImport: [
        { domain: '', version: toLong(17) },
        { domain: 'ai.onnx.ml', version: toLong(3) },
        { domain: 'com.microsoft', version: toLong(1) },
      ],
    },
  );
}

test('decode(encode(model)) keeps dtypes, constants, dims, opsets, metadata, docs and unknown fields', () => {
  const bytes = Buffer.concat([encodeModel(detailedModel()), UNKNOWN_FIELD]);
  const decoded = decodeModel(bytes, 'detailed');
  // Byte-exact: nothing dropped, nothing reordered.
  assert.deepEqual(Buffer.from(encodeModel(decoded)), bytes);

  const g = decoded.graph!;
  const expected = everyDtype();
  assert.deepEqual(
    g.initializer?.map((t) => [t.name, t.dataType]),
    expected.map((t) => [t.name, t.dataType]),
  );
  for (const [i, t] of (g.initializer ?? []).entries()) {
    if (t.dataType === STRING) {
      assert.deepEqual(
        t.stringData?.map((s) => Buffer.from(s).toString()),
        ['a', 'bc', ''],
      );
      continue;
    }
    assert.deepEqual(Buffer.from(t.rawData ?? []), Buffer.from(expected[i]!.rawData!));
    // tensor-data reads the same bytes back as a typed array.
    const values = tensorValues(t);
    assert.deepEqual(
      Buffer.from(values.data.buffer, values.data.byteOffset, values.data.byteLength),
      Buffer.from(t.rawData ?? []),
    );
  }

  const constant = g.node?.[0]?.attribute?.[0]?.t;
  assert.deepEqual(constant?.floatData, [0.5]);
  const dims = g.input?.[0]?.type?.tensorType?.shape?.dim?.map((d) => d.dimParam || int64(d.dimValue));
  assert.deepEqual(dims, ['batch', 3, 'height', 'width']);
  assert.deepEqual(
    decoded.opsetImport.map((o) => [o.domain, int64(o.version)]),
    [
      ['', 17],
      ['ai.onnx.ml', 3],
      ['com.microsoft', 1],
    ],
  );
  assert.deepEqual(
    decoded.metadataProps.map((p) => [p.key, p.value]),
    [
      ['author', 'couper'],
      ['license', 'MIT'],
    ],
  );
  assert.deepEqual(
    [decoded.docString, g.docString, g.node?.[1]?.docString],
    ['model doc', 'graph doc', 'node doc'],
  );
  assert.deepEqual(
    g.node?.[1]?.metadataProps?.map((p) => [p.key, p.value]),
    [['source', 'layer1.add']],
  );
  assert.deepEqual(
    decoded.$unknowns?.map((u) => [...u]),
    [[...UNKNOWN_FIELD]],
  );
  assert.deepEqual(
    (g.node?.[1] as onnx.NodeProto).$unknowns?.map((u) => [...u]),
    [[...NODE_UNKNOWN_FIELD]],
  );
});
