/**
 * Tensor element types: ONNX's dtypes by name and enum value with their sizes,
 * and the arrays that hold the values of those a runtime can hold in memory.
 */
import { ModelError } from './errors.js';

/** ONNX TensorProto.DataType names, lower case as onnxruntime spells most of them. */
export type DType =
  | 'float32'
  | 'uint8'
  | 'int8'
  | 'uint16'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'string'
  | 'bool'
  | 'float16'
  | 'float64'
  | 'uint32'
  | 'uint64'
  | 'complex64'
  | 'complex128'
  | 'bfloat16'
  | 'float8e4m3fn'
  | 'float8e4m3fnuz'
  | 'float8e5m2'
  | 'float8e5m2fnuz'
  | 'uint4'
  | 'int4'
  | 'float4e2m1';

interface DTypeFacts {
  readonly name: DType;
  /** Bits per element; 0 where the size is not fixed (strings). */
  readonly bits: number;
}

// Indexed by the ONNX enum value (onnx.proto TensorProto.DataType).
const BY_CODE: ReadonlyArray<DTypeFacts | undefined> = [
  undefined,
  { name: 'float32', bits: 32 },
  { name: 'uint8', bits: 8 },
  { name: 'int8', bits: 8 },
  { name: 'uint16', bits: 16 },
  { name: 'int16', bits: 16 },
  { name: 'int32', bits: 32 },
  { name: 'int64', bits: 64 },
  { name: 'string', bits: 0 },
  { name: 'bool', bits: 8 },
  { name: 'float16', bits: 16 },
  { name: 'float64', bits: 64 },
  { name: 'uint32', bits: 32 },
  { name: 'uint64', bits: 64 },
  { name: 'complex64', bits: 64 },
  { name: 'complex128', bits: 128 },
  { name: 'bfloat16', bits: 16 },
  { name: 'float8e4m3fn', bits: 8 },
  { name: 'float8e4m3fnuz', bits: 8 },
  { name: 'float8e5m2', bits: 8 },
  { name: 'float8e5m2fnuz', bits: 8 },
  { name: 'uint4', bits: 4 },
  { name: 'int4', bits: 4 },
  { name: 'float4e2m1', bits: 4 },
];

const BY_NAME = new Map<DType, number>(
  BY_CODE.flatMap((facts, code) => (facts ? [[facts.name, code] as const] : [])),
);

/** Whether `name` is one of our dtype names (for values read back from files we wrote). */
export function isDType(name: string): name is DType {
  return BY_NAME.has(name as DType);
}

export function isKnownDTypeCode(code: number): boolean {
  return BY_CODE[code] !== undefined;
}

/** The dtype name for an ONNX enum value; `where` says whose dtype it is for the error. */
export function dtypeFromCode(code: number, where: string): DType {
  const facts = BY_CODE[code];
  if (!facts) throw new ModelError(`${where} has dtype ${code} (unsupported)`);
  return facts.name;
}

export function dtypeCode(dtype: DType): number {
  const code = BY_NAME.get(dtype);
  if (code === undefined) throw new ModelError(`unknown dtype '${dtype}'`);
  return code;
}

export function dtypeBits(dtype: DType): number {
  return BY_CODE[dtypeCode(dtype)]?.bits ?? 0;
}

/** Bytes for `elements` values of `dtype`; null when the size is not fixed (strings). */
export function byteSize(dtype: DType, elements: number): number | null {
  const bits = dtypeBits(dtype);
  if (bits === 0) return null;
  return Math.ceil((bits * elements) / 8);
}

/**
 * The array that holds a tensor's values in memory, by dtype: the dtypes a
 * runtime can feed and fetch, as onnxruntime's Tensor.DataTypeMap has them.
 * Node 20 has no Float16Array, so float16 values are IEEE half bits in a
 * Uint16Array; strings are a string[].
 */
export interface TensorDataMap {
  float32: Float32Array;
  float64: Float64Array;
  float16: Uint16Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  int64: BigInt64Array;
  uint8: Uint8Array;
  uint16: Uint16Array;
  uint32: Uint32Array;
  uint64: BigUint64Array;
  bool: Uint8Array;
  string: string[];
}

/** A dtype whose values can be held in memory (and so fed to or fetched from a runtime, or sent). */
export type TensorDType = keyof TensorDataMap;
export type NumericDType = Exclude<TensorDType, 'string'>;
export type TensorData = TensorDataMap[TensorDType];

type ArrayViewConstructor<D extends NumericDType> = new (
  buffer: ArrayBuffer,
  byteOffset: number,
  length: number,
) => TensorDataMap[D];

const ARRAYS: { readonly [D in NumericDType]: ArrayViewConstructor<D> & { BYTES_PER_ELEMENT: number } } = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
};

export function isTensorDType(dtype: DType): dtype is TensorDType {
  return dtype === 'string' || dtype in ARRAYS;
}

/** Bytes per element of a numeric dtype's array. */
export function bytesPerElement(dtype: NumericDType): number {
  return ARRAYS[dtype].BYTES_PER_ELEMENT;
}

/** `length` values of `dtype` over `buffer` from `byteOffset` (a view, not a copy; the offset must suit the dtype). */
export function arrayView<D extends NumericDType>(
  dtype: D,
  buffer: ArrayBuffer,
  byteOffset: number,
  length: number,
): TensorDataMap[D] {
  const View: ArrayViewConstructor<D> = ARRAYS[dtype];
  return new View(buffer, byteOffset, length);
}
