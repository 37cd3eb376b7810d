/**
 * One small tensor of every dtype the relay carries, with awkward values
 * (extremes, negative zero, NaN, multi-byte UTF-8), for the round-trip tests.
 */
import type { TensorMap } from '../../src/runtime/runtime.js';

export function sampleTensors(): TensorMap {
  return {
    f32: { dtype: 'float32', shape: [2, 3], data: new Float32Array([0, -0, 1.5, -3.25e-38, 3.4e38, NaN]) },
    f64: { dtype: 'float64', shape: [3], data: new Float64Array([Math.PI, -1e-300, Infinity]) },
    f16: { dtype: 'float16', shape: [2], data: new Uint16Array([0x3c00, 0xfbff]) },
    i8: { dtype: 'int8', shape: [3], data: new Int8Array([-128, 0, 127]) },
    i16: { dtype: 'int16', shape: [2], data: new Int16Array([-32768, 32767]) },
    i32: { dtype: 'int32', shape: [1, 2], data: new Int32Array([-(2 ** 31), 2 ** 31 - 1]) },
    i64: { dtype: 'int64', shape: [2], data: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]) },
    u8: { dtype: 'uint8', shape: [3], data: new Uint8Array([0, 128, 255]) },
    u16: { dtype: 'uint16', shape: [1], data: new Uint16Array([65535]) },
    u32: { dtype: 'uint32', shape: [2], data: new Uint32Array([0, 2 ** 32 - 1]) },
    u64: { dtype: 'uint64', shape: [1], data: new BigUint64Array([2n ** 64n - 1n]) },
    flag: { dtype: 'bool', shape: [3], data: new Uint8Array([1, 0, 1]) },
    text: { dtype: 'string', shape: [3], data: ['cat', '', 'Zürich 🐈'] },
    scalar: { dtype: 'float32', shape: [], data: new Float32Array([42]) },
    empty: { dtype: 'int32', shape: [0, 4], data: new Int32Array(0) },
  };
}

/** The values of a tensor as a plain array, so deepEqual compares them (NaN and -0 included). */
export function valuesOf(data: ArrayLike<unknown>): unknown[] {
  return Array.from(data);
}
