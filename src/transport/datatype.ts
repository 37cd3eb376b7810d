/**
 * Our dtypes as the KServe v2 protocol spells them, and the typed arrays that
 * hold them in host memory (the same arrays onnxruntime-node hands out).
 */
import type { DType } from '../core/dtype.js';
import { TransportError } from '../core/errors.js';

type TypedArrayConstructor =
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | Int8ArrayConstructor
  | Int16ArrayConstructor
  | Int32ArrayConstructor
  | BigInt64ArrayConstructor
  | Uint8ArrayConstructor
  | Uint16ArrayConstructor
  | Uint32ArrayConstructor
  | BigUint64ArrayConstructor;

export type NumericArray = InstanceType<TypedArrayConstructor>;

interface WireType {
  readonly datatype: string;
  /** Bytes per element; 0 for BYTES, whose elements carry their own length. */
  readonly bytes: number;
  readonly array: TypedArrayConstructor | null;
}

// The dtypes the runtime can feed and fetch. FP16 has no JS typed array in Node 20,
// so float16 values live in a Uint16Array of IEEE half bits, as onnxruntime-node does.
const WIRE: Partial<Record<DType, WireType>> = {
  bool: { datatype: 'BOOL', bytes: 1, array: Uint8Array },
  uint8: { datatype: 'UINT8', bytes: 1, array: Uint8Array },
  uint16: { datatype: 'UINT16', bytes: 2, array: Uint16Array },
  uint32: { datatype: 'UINT32', bytes: 4, array: Uint32Array },
  uint64: { datatype: 'UINT64', bytes: 8, array: BigUint64Array },
  int8: { datatype: 'INT8', bytes: 1, array: Int8Array },
  int16: { datatype: 'INT16', bytes: 2, array: Int16Array },
  int32: { datatype: 'INT32', bytes: 4, array: Int32Array },
  int64: { datatype: 'INT64', bytes: 8, array: BigInt64Array },
  float16: { datatype: 'FP16', bytes: 2, array: Uint16Array },
  float32: { datatype: 'FP32', bytes: 4, array: Float32Array },
  float64: { datatype: 'FP64', bytes: 8, array: Float64Array },
  string: { datatype: 'BYTES', bytes: 0, array: null },
};

const BY_DATATYPE = new Map<string, DType>(
  Object.entries(WIRE).map(([dtype, wire]) => [wire.datatype, dtype as DType]),
);

/** Raw contents are little-endian; typed arrays use the host's order, so refuse to run mixed up. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function wireType(dtype: DType, where: string): WireType {
  const wire = WIRE[dtype];
  if (!wire) throw new TransportError(`${where} has dtype ${dtype}, which the relay cannot send`);
  return wire;
}

/** The dtype for a KServe datatype string; throws TransportError for one we cannot hold. */
export function dtypeOfDatatype(datatype: string, where: string): DType {
  const dtype = BY_DATATYPE.get(datatype);
  if (!dtype) throw new TransportError(`${where} has datatype '${datatype}' (unsupported)`);
  return dtype;
}

export function kserveDatatype(dtype: DType, where: string): string {
  return wireType(dtype, where).datatype;
}
