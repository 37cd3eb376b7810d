/** Tests of the ModelStreamInfer response wrapper codec. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deserializeStreamResponse, serializeStreamError, serializeStreamResponse } from './codec.js';
import { inference } from './gen/kserve.js';
import { valuesOf } from '../../test/helpers/sample-tensors.js';
import { decodeInferResponse, encodeInferResponse } from './wire.js';

void test('a stream response wraps exactly the message the generated encoder would write', () => {
  const data = new Float32Array([1, -2, 3.5]);
  const message = encodeInferResponse(
    { y: { dtype: 'float32', shape: [3], data } },
    { frameId: 3 },
    { id: '3' },
  );
  const bytes = serializeStreamResponse(message);
  const reference = inference.ModelInferResponse.encode(message).finish();
  assert.deepEqual([...bytes.subarray(0, 2)], [0x12, reference.byteLength]); // field 2, length
  assert.deepEqual(new Uint8Array(bytes.subarray(2)), new Uint8Array(reference));
  const split = deserializeStreamResponse(bytes);
  assert.equal(split.errorMessage, '');
  assert.ok(split.response);
  const decoded = decodeInferResponse(inference.ModelInferResponse.decode(split.response));
  assert.equal(decoded.id, '3');
  assert.deepEqual(valuesOf(decoded.tensors['y']?.data ?? new Float32Array()), [1, -2, 3.5]);
});

void test('a large tensor in a stream response decodes as a view on the received frame', () => {
  const data = new Float32Array(70_000).map((_, i) => i); // 280 kB: a three-byte wrapper length
  for (const cutId of ['a', 'longer cut id', 'c'.repeat(37)]) {
    const message = encodeInferResponse({ x: { dtype: 'float32', shape: [data.length], data } }, { cutId });
    const bytes = serializeStreamResponse(message);
    const frame = Buffer.alloc(bytes.byteLength + 5); // grpc-js: 5-byte prefix, then the message
    bytes.copy(frame, 5);
    const split = deserializeStreamResponse(frame.subarray(5));
    assert.ok(split.response);
    const x = decodeInferResponse(inference.ModelInferResponse.decode(split.response)).tensors['x'];
    assert.ok(x?.dtype === 'float32');
    assert.equal(x.data.buffer, frame.buffer, cutId);
    assert.equal(x.data[69_999], 69_999);
  }
});

void test('an error reply carries its message, the request id and the failure parameter', () => {
  const bytes = serializeStreamError('relay busy: 1 requests in flight (max 1)', {
    id: '17',
    parameters: { couper_failure: { stringParam: 'rejected' } },
  });
  const split = deserializeStreamResponse(bytes);
  assert.equal(split.errorMessage, 'relay busy: 1 requests in flight (max 1)');
  assert.ok(split.response);
  const head = inference.ModelInferResponse.decode(split.response);
  assert.equal(head.id, '17');
  assert.equal(head.parameters['couper_failure']?.stringParam, 'rejected');
});

void test('unknown fields are skipped and a cut-short wrapper is refused', () => {
  const unknown = Buffer.from([0x18, 0x05, 0x0a, 0x02, 0x68, 0x69]); // field 3 varint, then error 'hi'
  assert.deepEqual(deserializeStreamResponse(unknown), { errorMessage: 'hi' });
  assert.throws(() => deserializeStreamResponse(Buffer.from([0x12, 0x09, 0x01])));
});

void test('a stream response is written into the buffer its sender allocates (a pooled one), byte for byte as without', () => {
  const data = new Float32Array(70_000).map((_, i) => i);
  const message = encodeInferResponse(
    { y: { dtype: 'float32', shape: [data.length], data } },
    { frameId: 1 },
  );
  const fresh = serializeStreamResponse(message);
  const pooled = Buffer.alloc(fresh.byteLength + 100, 0xff); // larger, as a pooled buffer may be
  const sizes: number[] = [];
  const bytes = serializeStreamResponse(message, (size) => {
    sizes.push(size);
    return pooled.subarray(0, size);
  });
  assert.deepEqual(sizes, [fresh.byteLength]);
  assert.equal(bytes.buffer, pooled.buffer);
  assert.ok(bytes.equals(fresh));
});
