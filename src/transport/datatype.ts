/**
 * Our dtypes as the KServe v2 protocol spells them. The arrays that hold
 * them in memory are core's TensorDataMap (the ones onnxruntime-node hands out).
 */
import type { TensorDType } from '../core/dtype.js';
import { TransportError } from '../core/errors.js';

// Every dtype a tensor can hold in memory has a KServe datatype.
const DATATYPES: Readonly<Record<TensorDType, string>> = {
  bool: 'BOOL',
  uint8: 'UINT8',
  uint16: 'UINT16',
  uint32: 'UINT32',
  uint64: 'UINT64',
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  float16: 'FP16',
  float32: 'FP32',
  float64: 'FP64',
  string: 'BYTES',
};

const BY_DATATYPE = new Map<string, TensorDType>(
  (Object.keys(DATATYPES) as TensorDType[]).map((dtype) => [DATATYPES[dtype], dtype]),
);

/** Raw contents are little-endian; typed arrays use this machine's order, so refuse to run mixed up. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The dtype for a KServe datatype string; throws TransportError for one we cannot hold. */
export function dtypeOfDatatype(datatype: string, where: string): TensorDType {
  const dtype = BY_DATATYPE.get(datatype);
  if (!dtype) throw new TransportError(`${where} has datatype '${datatype}' (unsupported)`);
  return dtype;
}

export function kserveDatatype(dtype: TensorDType): string {
  return DATATYPES[dtype];
}
