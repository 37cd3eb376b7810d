/**
 * Compare tensors the way the ONNX backend tests do
 * (numpy.testing.assert_allclose with rtol 1e-3, atol 1e-5 by default).
 */
import type { DType, TensorData } from '../../src/core/dtype.js';
import { halfToFloat } from '../../src/core/half.js';
import type { TypedValues } from '../../src/onnx/tensor-data.js';

/** A runtime's tensor, or values decoded from a test vector (which may be of dtypes no runtime holds). */
export interface Values {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: TensorData | TypedValues;
}

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

export const BACKEND_TOLERANCE: Tolerance = { rtol: 1e-3, atol: 1e-5 };

/** Why `actual` is not close to `expected`, or null when it is. */
export function closeEnough(
  actual: Values,
  expected: Values,
  tol: Tolerance = BACKEND_TOLERANCE,
): string | null {
  if (actual.dtype !== expected.dtype) return `dtype ${actual.dtype}, expected ${expected.dtype}`;
  if (actual.shape.join('x') !== expected.shape.join('x')) {
    return `shape [${actual.shape.join(',')}], expected [${expected.shape.join(',')}]`;
  }
  const a = numbers(actual);
  const e = numbers(expected);
  if (a.length !== e.length) return `${a.length} values, expected ${e.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = e[i]!;
    if (typeof x !== 'number' || typeof y !== 'number') {
      if (x !== y) return `value ${i} is ${x}, expected ${y}`;
    } else if (!(
      Object.is(x, y) ||
      Math.abs(x - y) <= tol.atol + tol.rtol * Math.abs(y) ||
      (isNaN(x) && isNaN(y))
    )) {
      return `value ${i} is ${x}, expected ${y}`;
    }
  }
  return null;
}

/** True when both tensors hold exactly the same bytes, dtype and shape. */
export function identical(a: Values, b: Values): boolean {
  return (
    a.dtype === b.dtype &&
    a.shape.join('x') === b.shape.join('x') &&
    (Array.isArray(a.data) || Array.isArray(b.data)
      ? JSON.stringify(a.data) === JSON.stringify(b.data)
      : Buffer.compare(bytesOf(a.data), bytesOf(b.data)) === 0)
  );
}

function bytesOf(view: ArrayBufferView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

function numbers(t: Values): ArrayLike<number | bigint | string> {
  const { data } = t;
  if (data instanceof Uint16Array && t.dtype === 'float16') return Array.from(data, halfToFloat);
  if (data instanceof Uint16Array && t.dtype === 'bfloat16') return Array.from(data, bfloatToNumber);
  return data;
}

function bfloatToNumber(bits: number): number {
  return new Float32Array(new Uint32Array([bits << 16]).buffer)[0]!;
}
