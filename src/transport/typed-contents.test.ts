/** Typed contents (InferTensorContents) in requests: every datatype's field, counts, ranges, FP16. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Long from 'long';
import { TransportError } from '../core/errors.js';
import { inference } from './gen/kserve.js';
import { decodeInferRequest } from './wire.js';

/** A request with one typed tensor, sent through its own encoding as a foreign client's would be. */
function typed(
  datatype: string,
  shape: number[],
  contents: inference.InferTensorContents.$Properties,
): inference.ModelInferRequest {
  const message = { inputs: [{ name: 't', datatype, shape, contents }] };
  return inference.ModelInferRequest.decode(inference.ModelInferRequest.encode(message).finish());
}

void test('each datatype reads its typed field into the array its dtype holds', () => {
  const cases: Array<[string, inference.InferTensorContents.$Properties, string, unknown[]]> = [
    ['BOOL', { boolContents: [true, false] }, 'bool', [1, 0]],
    ['INT8', { intContents: [-128, 127] }, 'int8', [-128, 127]],
    ['INT16', { intContents: [-300, 300] }, 'int16', [-300, 300]],
    ['INT32', { intContents: [-70000, 70000] }, 'int32', [-70000, 70000]],
    [
      'INT64',
      { int64Contents: [Long.fromString('-9007199254740993'), 5] },
      'int64',
      [-9007199254740993n, 5n],
    ],
    ['UINT8', { uintContents: [0, 255] }, 'uint8', [0, 255]],
    ['UINT16', { uintContents: [1, 65535] }, 'uint16', [1, 65535]],
    ['UINT32', { uintContents: [1, 4294967295] }, 'uint32', [1, 4294967295]],
    [
      'UINT64',
      { uint64Contents: [Long.fromString('18446744073709551615', true), 2] },
      'uint64',
      [18446744073709551615n, 2n],
    ],
    ['FP32', { fp32Contents: [1.5, -2.25] }, 'float32', [1.5, -2.25]],
    ['FP64', { fp64Contents: [0.1, 1e300] }, 'float64', [0.1, 1e300]],
    ['BYTES', { bytesContents: [Buffer.from('ä'), Buffer.from('b')] }, 'string', ['ä', 'b']],
  ];
  for (const [datatype, contents, dtype, values] of cases) {
    const { tensors } = decodeInferRequest(typed(datatype, [2], contents));
    const t = tensors['t']!;
    assert.equal(t.dtype, dtype, datatype);
    assert.deepEqual(t.shape, [2], datatype);
    assert.deepEqual(Array.from(t.data as ArrayLike<unknown>), values, datatype);
  }
});

void test('typed contents that do not fit the tensor are refused naming it', () => {
  const cases: Array<[inference.ModelInferRequest, RegExp]> = [
    [
      typed('FP32', [2, 2], { fp32Contents: [1, 2, 3] }),
      /tensor 't' has 3 typed values for FP32 shape 2x2 \(4 expected\)/,
    ],
    [typed('FP32', [1], { intContents: [1] }), /tensor 't' has 0 typed values/],
    [typed('INT8', [1], { intContents: [200] }), /tensor 't' value 200 at index 0 does not fit INT8/],
    [typed('UINT16', [1], { uintContents: [70000] }), /value 70000 .* does not fit UINT16/],
    [typed('FP16', [1], { fp32Contents: [1] }), /tensor 't' is FP16, which has no typed contents/],
  ];
  for (const [message, expected] of cases) {
    assert.throws(
      () => decodeInferRequest(message),
      (err: unknown) => err instanceof TransportError && expected.test(err.message),
      String(expected),
    );
  }
});
