/** Tests of decoding TensorProto values: test vectors, and the constants static shape inference reads. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Long from 'long';
import { ModelError } from '../core/errors.js';
import { throwsNamed } from '../../test/helpers/errors.js';
import { onnx, toLong, DATA_LOCATION_EXTERNAL, type TensorProto } from './proto.js';
import { tensorValues } from './tensor-data.js';

const T = onnx.TensorProto.DataType;

/** Through the wire and back, so int64 fields arrive as Long like in a real file. */
function wire(tensor: TensorProto): TensorProto {
  return onnx.TensorProto.decode(onnx.TensorProto.encode(tensor).finish());
}

function values(tensor: TensorProto): unknown[] {
  return Array.from<unknown>(tensorValues(wire(tensor)).data);
}

describe('tensorValues', () => {
  test('reads the typed field each dtype uses', () => {
    const dims = (n: number) => [toLong(n)];
    assert.deepEqual(values({ dataType: T.FLOAT, dims: dims(2), floatData: [1.5, -2] }), [1.5, -2]);
    assert.deepEqual(values({ dataType: T.INT8, dims: dims(2), int32Data: [-128, 127] }), [-128, 127]);
    assert.deepEqual(values({ dataType: T.BOOL, dims: dims(2), int32Data: [1, 0] }), [1, 0]);
    assert.deepEqual(values({ dataType: T.FLOAT16, dims: dims(1), int32Data: [0x3c00] }), [0x3c00]);
    assert.deepEqual(values({ dataType: T.DOUBLE, dims: dims(1), doubleData: [Math.PI] }), [Math.PI]);
    assert.deepEqual(
      values({ dataType: T.UINT32, dims: dims(1), uint64Data: [toLong(4294967295)] }),
      [4294967295],
    );
    assert.deepEqual(values({ dataType: T.COMPLEX64, dims: dims(1), floatData: [1, 2] }), [1, 2]);
    // Two int4 values per byte: 3 elements take 2 bytes.
    assert.deepEqual(values({ dataType: T.INT4, dims: dims(3), int32Data: [0x21, 0x03] }), [0x21, 0x03]);
  });

  test('keeps all 64 bits of int64 and uint64', () => {
    const big = Long.fromString('9007199254740993');
    assert.deepEqual(values({ dataType: T.INT64, dims: [toLong(2)], int64Data: [big, toLong(-5)] }), [
      9007199254740993n,
      -5n,
    ]);
    const top = Long.fromString('18446744073709551615', true);
    assert.deepEqual(values({ dataType: T.UINT64, dims: [toLong(1)], uint64Data: [top] }), [
      18446744073709551615n,
    ]);
  });

  test('reads raw_data little-endian, with shape', () => {
    const raw = new Uint8Array(new Int32Array([1, -2, 3, -4, 5, -6]).buffer);
    const t = tensorValues(
      wire({ name: 'r', dataType: T.INT32, dims: [toLong(2), toLong(3)], rawData: raw }),
    );
    assert.equal(t.dtype, 'int32');
    assert.deepEqual(t.shape, [2, 3]);
    assert.deepEqual([...(t.data as Int32Array)], [1, -2, 3, -4, 5, -6]);
  });

  test('a value count that does not fit the shape is a ModelError', () => {
    throwsNamed(
      () => tensorValues({ name: 'w', dataType: T.FLOAT, dims: [toLong(3)], floatData: [1, 2] }),
      ModelError,
      /tensor 'w' has 2 values, its dtype and shape need 3/,
    );
    throwsNamed(
      () => tensorValues({ name: 'w', dataType: T.FLOAT, dims: [toLong(3)], rawData: new Uint8Array(8) }),
      ModelError,
      /tensor 'w' has 8 bytes of data, its dtype and shape need 12/,
    );
  });

  test('strings, unknown dtypes and external data without a folder are ModelErrors', () => {
    throwsNamed(
      () => tensorValues({ name: 's', dataType: T.STRING, dims: [] }),
      ModelError,
      /tensor 's' has dtype string/,
    );
    throwsNamed(
      () => tensorValues({ name: 'u', dataType: 99, dims: [] }),
      ModelError,
      /tensor 'u' has dtype 99 \(unsupported\)/,
    );
    const external: TensorProto = {
      name: 'e',
      dataType: T.FLOAT,
      dims: [toLong(1)],
      dataLocation: DATA_LOCATION_EXTERNAL,
      externalData: [{ key: 'location', value: 'w.bin' }],
    };
    throwsNamed(
      () => tensorValues(external),
      ModelError,
      /tensor 'e' keeps its data in 'w\.bin' but no model folder was given/,
    );
  });
});
