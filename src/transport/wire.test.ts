/** Tests of the KServe v2 wire format: every dtype, fp16, views, the hand-written serialiser. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TransportError } from '../core/errors.js';
import type { TensorMap } from '../runtime/runtime.js';
import {
  deserializeInferRequest,
  deserializeInferResponse,
  inferRequestPieces,
  serializeInferRequest,
  serializeInferResponse,
} from './codec.js';
import { inference } from './gen/kserve.js';
import { sampleTensors, valuesOf } from '../../test/helpers/sample-tensors.js';
import {
  decodeInferRequest,
  decodeInferResponse,
  encodeInferRequest,
  encodeInferResponse,
  PARAM_SOURCE_DATATYPE,
} from './wire.js';

function assertSameTensors(actual: TensorMap, expected: TensorMap): void {
  assert.deepEqual(Object.keys(actual), Object.keys(expected));
  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name];
    assert.ok(got, `tensor '${name}' missing`);
    assert.equal(got.dtype, want.dtype, name);
    assert.deepEqual(got.shape, want.shape, name);
    assert.equal(got.data.constructor, want.data.constructor, name);
    assert.deepEqual(valuesOf(got.data), valuesOf(want.data), name);
  }
}

function roundTripRequest(tensors: TensorMap, encoding: 'raw' | 'fp16' = 'raw') {
  const bytes = serializeInferRequest(encodeInferRequest(tensors, { frameId: 7 }, { encoding }));
  return { bytes, decoded: decodeInferRequest(deserializeInferRequest(bytes)) };
}

void test('every dtype round-trips through a request and a response', () => {
  const tensors = sampleTensors();
  assertSameTensors(roundTripRequest(tensors).decoded.tensors, tensors);
  const response = serializeInferResponse(encodeInferResponse(tensors, {}));
  assertSameTensors(decodeInferResponse(deserializeInferResponse(response)).tensors, tensors);
});

void test('datatypes are spelled as KServe spells them and strings carry 4-byte length prefixes', () => {
  const message = encodeInferRequest(sampleTensors(), {});
  const datatypes = Object.fromEntries(
    (message.inputs ?? []).map((t) => [t.name ?? '', t.datatype ?? ''] as const),
  );
  assert.deepEqual(datatypes, {
    f32: 'FP32', f64: 'FP64', f16: 'FP16', i8: 'INT8', i16: 'INT16', i32: 'INT32', i64: 'INT64',
    u8: 'UINT8', u16: 'UINT16', u32: 'UINT32', u64: 'UINT64', flag: 'BOOL', text: 'BYTES',
    scalar: 'FP32', empty: 'INT32',
  }); // prettier-ignore
  const text = (message.rawInputContents ?? [])[12];
  assert.deepEqual([...(text ?? [])].slice(0, 8), [3, 0, 0, 0, 0x63, 0x61, 0x74, 0]);
});

void test('the hand-written serialiser writes exactly what the generated encoder writes', () => {
  const message = encodeInferRequest(sampleTensors(), { frameId: 3, captureMs: 12.5, cutId: 'c1' });
  const generated = inference.ModelInferRequest.encode(message).finish();
  assert.deepEqual(new Uint8Array(serializeInferRequest(message)), new Uint8Array(generated));
  const response = encodeInferResponse(sampleTensors(), { frameId: 3 });
  const generatedResponse = inference.ModelInferResponse.encode(response).finish();
  assert.deepEqual(new Uint8Array(serializeInferResponse(response)), new Uint8Array(generatedResponse));
});

void test('numeric raw contents are views on the tensor memory, not copies', () => {
  const data = new Float32Array([1, 2, 3]);
  const message = encodeInferRequest({ x: { dtype: 'float32', shape: [3], data } }, {});
  const raw = (message.rawInputContents ?? [])[0];
  assert.equal(raw?.buffer, data.buffer);
});

void test('frame parameters arrive intact, fractional capture times included', () => {
  const params = { frameId: 2 ** 40 + 1, captureMs: 1718000000123.25, cutId: 'resnet50/add_7' };
  const bytes = serializeInferRequest(encodeInferRequest(sampleTensors(), params));
  assert.deepEqual(decodeInferRequest(deserializeInferRequest(bytes)).params, params);
  const whole = serializeInferRequest(encodeInferRequest(sampleTensors(), { captureMs: 1718000000123 }));
  const message = deserializeInferRequest(whole);
  assert.equal(message.parameters['capture_ms']?.int64Param?.toString(), '1718000000123');
  assert.deepEqual(decodeInferRequest(message).params, { captureMs: 1718000000123 });
});

void test('fp16 encoding sends half the bytes and restores float32 within 2^-11', () => {
  const data = new Float32Array(1000).map((_, i) => Math.sin(i) * 100);
  const tensors: TensorMap = { x: { dtype: 'float32', shape: [10, 100], data }, n: sampleTensors()['i64']! };
  const raw = roundTripRequest(tensors, 'raw');
  const half = roundTripRequest(tensors, 'fp16');
  const message = deserializeInferRequest(half.bytes);
  assert.equal(message.inputs[0]?.datatype, 'FP16');
  assert.equal(message.inputs[0]?.parameters?.[PARAM_SOURCE_DATATYPE]?.stringParam, 'FP32');
  assert.equal(message.rawInputContents[0]?.byteLength, 2000);
  assert.ok(half.bytes.byteLength < raw.bytes.byteLength - 1900);
  const x = half.decoded.tensors['x'];
  assert.ok(x && x.data instanceof Float32Array && x.dtype === 'float32');
  x.data.forEach((v, i) =>
    assert.ok(Math.abs(v - (data[i] as number)) <= Math.abs(data[i] as number) * 2 ** -11),
  );
  assertSameTensors({ n: half.decoded.tensors['n']! }, { n: tensors['n']! });
});

/** A request as a foreign client might send it, tweaked by `edit`. */
function handMade(edit: (m: inference.ModelInferRequest.$Properties) => void): Buffer {
  const message = encodeInferRequest(
    { x: { dtype: 'float32', shape: [2, 2], data: new Float32Array(4) } },
    {},
  );
  edit(message);
  return Buffer.from(inference.ModelInferRequest.encode(message).finish());
}

void test('malformed requests are refused with a message that names the problem', () => {
  const cases: Array<[string, Buffer, RegExp]> = [
    ['bad datatype', handMade((m) => (m.inputs![0]!.datatype = 'FP8')), /datatype 'FP8'/],
    [
      'raw size',
      handMade((m) => (m.rawInputContents = [new Uint8Array(15)])),
      /15 raw bytes .* \(16 expected\)/,
    ],
    ['missing contents', handMade((m) => (m.rawInputContents = [])), /0 typed values .* \(4 expected\)/],
    [
      'raw for some tensors',
      handMade((m) => m.inputs!.push({ name: 'y', datatype: 'FP32', shape: [1] })),
      /2 tensors but 1 raw contents/,
    ],
    ['no tensors', handMade((m) => ((m.inputs = []), (m.rawInputContents = []))), /no tensors/],
    ['negative dim', handMade((m) => (m.inputs![0]!.shape = [-1, 4])), /shape \[-1, 4\]/],
    [
      'typed contents',
      handMade((m) => (m.inputs![0]!.contents = { fp32Contents: [1] })),
      /both raw and typed contents/,
    ],
    [
      'bad strings',
      handMade((m) => ((m.inputs![0]!.datatype = 'BYTES'), (m.inputs![0]!.shape = [1]))),
      /BYTES/,
    ],
  ];
  for (const [what, bytes, message] of cases) {
    assert.throws(
      () => decodeInferRequest(deserializeInferRequest(bytes)),
      (err: unknown) => {
        assert.ok(err instanceof TransportError, what);
        assert.match(err.message, message, what);
        return true;
      },
    );
  }
});

void test('tensors whose data does not match their shape are refused before sending', () => {
  const bad = { x: { dtype: 'float32' as const, shape: [3], data: new Float32Array(2) } };
  assert.throws(
    () => encodeInferRequest(bad, {}),
    /tensor 'x' has 8 bytes for float32 shape 3 \(12 expected\)/,
  );
});

void test('a tensor of a dtype no array holds (complex64) does not type-check', () => {
  // @ts-expect-error: TensorDataMap has no complex64, so there is no data to send.
  const complex: TensorMap = { z: { dtype: 'complex64', shape: [1], data: new Float32Array(2) } };
  assert.equal(Object.keys(complex).length, 1);
});

void test('a large tensor decodes as a view on the received message, as grpc-js hands it over', () => {
  const data = new Float32Array(4096).map((_, i) => i);
  for (const cutId of ['a', 'longer cut id', 'c'.repeat(37)]) {
    const bytes = serializeInferRequest(
      encodeInferRequest({ x: { dtype: 'float32', shape: [4096], data } }, { cutId }),
    );
    const frame = Buffer.alloc(bytes.byteLength + 5); // grpc-js: 5-byte prefix, then the message
    bytes.copy(frame, 5);
    const decoded = decodeInferRequest(deserializeInferRequest(frame.subarray(5)));
    const x = decoded.tensors['x'];
    assert.ok(x?.dtype === 'float32');
    assert.equal(x.data.buffer, frame.buffer, cutId);
    assert.deepEqual(valuesOf(x.data), valuesOf(data));
    assert.deepEqual(decoded.params, { cutId });
  }
});

void test('request pieces hold exactly the serialised bytes, large tensors as views on their memory', () => {
  const big = new Float32Array(5000).map((_, i) => i / 7); // 20 KB: a piece of its own, aligned
  const tensors: TensorMap = {
    ...sampleTensors(),
    big: { dtype: 'float32', shape: [50, 100], data: big },
    big2: { dtype: 'int32', shape: [4097], data: new Int32Array(4097).fill(-3) },
  };
  const message = encodeInferRequest(tensors, { frameId: 9, cutId: 'c' }, { id: '9' });
  const pieces = inferRequestPieces(message);
  assert.deepEqual(new Uint8Array(Buffer.concat(pieces)), new Uint8Array(serializeInferRequest(message)));
  const views = pieces.filter((p) => p.buffer === big.buffer);
  assert.equal(views.length, 1);
  assert.equal(views[0]?.byteLength, big.byteLength);
  // Small tensors are copied in with the head: two large tensors give four pieces in all.
  assert.equal(pieces.length, 4);
  const decoded = decodeInferRequest(deserializeInferRequest(Buffer.concat(pieces)));
  assertSameTensors(decoded.tensors, tensors);
});

void test('request pieces without tensors are the encoded head alone', () => {
  const message = encodeInferRequest(sampleTensors(), {});
  const empty = { ...message, inputs: [], rawInputContents: [] };
  const pieces = inferRequestPieces(empty);
  assert.equal(pieces.length, 1);
  assert.deepEqual(new Uint8Array(pieces[0] ?? []), new Uint8Array(serializeInferRequest(empty)));
});
