/**
 * What a tensor looks like (name, dtype, shape) and what follows from it:
 * element counts, byte sizes, the shape as text.
 */
import { byteSize, type DType } from './dtype.js';

/** A dimension: a number when known, the symbolic name (or '?') when not. */
export type Dim = number | string;

/** What a tensor looks like, as far as we know it. */
export interface TensorInfo {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly Dim[];
}

/** A tensor at a cut: its size is always known (we resolve shapes before cutting). */
export interface CutTensor {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly bytes: number;
}

export function isStaticShape(shape: readonly Dim[]): shape is readonly number[] {
  return shape.every((d) => typeof d === 'number' && d >= 0);
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Bytes of a tensor with a static shape; null for strings or symbolic shapes. */
export function tensorBytes(info: TensorInfo): number | null {
  if (!isStaticShape(info.shape)) return null;
  return byteSize(info.dtype, elementCount(info.shape));
}

export function formatShape(shape: readonly Dim[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('x');
}
