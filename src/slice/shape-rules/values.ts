/**
 * Types and values of stored constants (initializers, Constant attributes),
 * read only where they are small: a weight is never decoded, and external
 * data is read only for tensors within MAX_CONSTANT_BYTES, and only their bytes.
 */
import { byteSize, type DType } from '../../core/dtype.js';
import { elementCount } from '../../core/tensor.js';
import { tensorValues } from '../../onnx/tensor-data.js';
import { int64, type TensorProto } from '../../onnx/proto.js';
import { checkedDType } from './context.js';
import {
  MAX_CONSTANT_BYTES,
  MAX_VALUE_ELEMENTS,
  ShapeMiss,
  type ConstValue,
  type TensorType,
} from './types.js';

/** Dtypes whose values the analysis computes with (float16 and kin would need their own rounding). */
const NUMERIC = new Set<DType>([
  'float32',
  'float64',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'bool',
]);

export function isFoldable(dtype: DType): boolean {
  return NUMERIC.has(dtype);
}

/** A stored tensor's dtype and shape from its header; undefined when the header is not a valid tensor type. */
export function storedType(tensor: TensorProto): TensorType | undefined {
  try {
    const dtype = checkedDType(tensor.dataType ?? 0, `tensor '${tensor.name ?? ''}'`);
    const shape = (tensor.dims ?? []).map((d) => int64(d));
    return shape.every(isDim) ? { dtype, shape } : undefined;
  } catch (err) {
    if (err instanceof ShapeMiss) return undefined;
    throw err;
  }
}

/** Whether a stored tensor is small enough, and of a type, to be read for its values. */
export function isReadable(type: TensorType): boolean {
  const n = elementCount(type.shape);
  return (
    isFoldable(type.dtype) &&
    n <= MAX_VALUE_ELEMENTS &&
    (byteSize(type.dtype, n) ?? Infinity) <= MAX_CONSTANT_BYTES
  );
}

/**
 * The values of a small stored tensor; undefined when it is too big, of a
 * type the analysis does not compute with, or unreadable (the run that
 * follows, if any, will say what is wrong with it).
 */
export function storedValue(tensor: TensorProto, modelDir: string | undefined): ConstValue | undefined {
  const type = storedType(tensor);
  if (!type || !isReadable(type)) return undefined;
  try {
    const { data } = tensorValues(tensor, modelDir);
    const values: number[] = new Array<number>(data.length);
    for (let i = 0; i < data.length; i++) values[i] = Number(data[i]);
    return { ...type, data: values };
  } catch {
    return undefined;
  }
}

/** A dimension: a non-negative whole number (JS-exact). */
export function isDim(d: number): boolean {
  return Number.isSafeInteger(d) && d >= 0;
}

/** Row-major strides of `shape`. */
export function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = s;
    s *= shape[i]!;
  }
  return out;
}

/** Numpy (multidirectional) broadcasting of any number of shapes. */
export function broadcastShapes(shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let k = 0; k < rank; k++) {
    let dim = 1;
    for (const s of shapes) {
      const d = s[s.length - rank + k] ?? 1;
      if (d === 1) continue;
      if (dim !== 1 && dim !== d)
        throw new ShapeMiss(`shapes ${shapes.map((x) => `[${x.join(',')}]`).join(' and ')} do not broadcast`);
      dim = d;
    }
    out.push(dim);
  }
  return out;
}

/** For each output position, the flat index into an input of `shape` broadcast to `out`. */
export function broadcastIndex(shape: readonly number[], out: readonly number[]): number[] {
  const n = elementCount(out);
  const inStrides = strides(shape);
  const outStrides = strides(out);
  const offset = out.length - shape.length;
  const index = new Array<number>(n);
  for (let flat = 0; flat < n; flat++) {
    let src = 0;
    for (let k = 0; k < shape.length; k++) {
      const coord = Math.floor(flat / outStrides[k + offset]!) % out[k + offset]!;
      if (shape[k] !== 1) src += coord * inStrides[k]!;
    }
    index[flat] = src;
  }
  return index;
}

/** Round a computed number as a value of `dtype` holds it. */
export function asDType(dtype: DType, v: number): number {
  switch (dtype) {
    case 'float32':
      return Math.fround(v);
    case 'float64':
      return v;
    case 'bool':
      return v !== 0 ? 1 : 0;
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
      // C++ casts truncate towards zero; NaN or infinity has no integer value.
      if (!Number.isFinite(v)) throw new ShapeMiss(`value ${v} has no ${dtype} representation`);
      return Math.trunc(v);
    case 'float16':
    case 'bfloat16':
    case 'float8e4m3fn':
    case 'float8e4m3fnuz':
    case 'float8e5m2':
    case 'float8e5m2fnuz':
    case 'float4e2m1':
    case 'int4':
    case 'uint4':
    case 'complex64':
    case 'complex128':
    case 'string':
      // Not foldable (isFoldable): the engine computes no values of these.
      throw new ShapeMiss(`values of dtype ${dtype} are not computed`);
  }
}
