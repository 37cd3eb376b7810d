/**
 * KServe v2 typed tensor contents (InferTensorContents) -> HostTensor, for
 * clients that send `contents` instead of raw bytes (the protocol's default in
 * most client libraries). Each datatype reads its one field, as the protocol
 * says (INT8–INT32 from int_contents, UINT8–UINT32 from uint_contents…);
 * values must number exactly the shape's elements and fit the datatype. FP16
 * has no typed field and travels raw only.
 */
import type Long from 'long';
import type { NumericDType, TensorDType } from '../core/dtype.js';
import { arrayView, bytesPerElement } from '../core/dtype.js';
import { TransportError } from '../core/errors.js';
import { formatShape } from '../core/tensor.js';
import type { HostTensor } from '../runtime/runtime.js';
import { kserveDatatype } from './datatype.js';
import type { inference } from './gen/kserve.js';
import { checkedCount } from './tensor-bytes.js';

type Contents = inference.InferTensorContents.$Properties;
type Int64Value = number | Long;

/** Integer ranges of the datatypes that share int_contents and uint_contents. */
const RANGES: Partial<Record<TensorDType, readonly [number, number]>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
};

export function tensorFromContents(
  dtype: TensorDType,
  shape: readonly number[],
  contents: Contents,
  where: string,
): HostTensor {
  const count = checkedCount(shape, where);
  const values = valuesOf(dtype, contents, where);
  if (values.length !== count) {
    throw new TransportError(
      `${where} has ${values.length} typed values for ${kserveDatatype(dtype)} shape ${formatShape(shape)} (${count} expected)`,
    );
  }
  if (dtype === 'string') return { dtype, shape, data: (values as Uint8Array[]).map(utf8) };
  const data = arrayView(dtype, new ArrayBuffer(count * bytesPerElement(dtype)), 0, count);
  fill(dtype, data, values as readonly (number | boolean | Int64Value)[], where);
  return { dtype, shape, data } as HostTensor;
}

/** The typed field a datatype reads; refuses FP16, which the protocol carries raw only. */
function valuesOf(dtype: TensorDType, c: Contents, where: string): readonly unknown[] {
  switch (dtype) {
    case 'bool':
      return c.boolContents ?? [];
    case 'int8':
    case 'int16':
    case 'int32':
      return c.intContents ?? [];
    case 'int64':
      return c.int64Contents ?? [];
    case 'uint8':
    case 'uint16':
    case 'uint32':
      return c.uintContents ?? [];
    case 'uint64':
      return c.uint64Contents ?? [];
    case 'float32':
      return c.fp32Contents ?? [];
    case 'float64':
      return c.fp64Contents ?? [];
    case 'string':
      return c.bytesContents ?? [];
    case 'float16':
      throw new TransportError(`${where} is FP16, which has no typed contents: send it in raw contents`);
  }
}

function fill(
  dtype: NumericDType,
  data: ArrayLike<unknown> & { [i: number]: unknown },
  values: readonly (number | boolean | Int64Value)[],
  where: string,
): void {
  const range = RANGES[dtype];
  values.forEach((value, i) => {
    if (dtype === 'int64' || dtype === 'uint64') data[i] = BigInt(value.toString());
    else if (dtype === 'bool') data[i] = value === true ? 1 : 0;
    else if (range && (Number(value) < range[0] || Number(value) > range[1]))
      throw new TransportError(
        `${where} value ${String(value)} at index ${i} does not fit ${kserveDatatype(dtype)}`,
      );
    else data[i] = Number(value);
  });
}

function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
