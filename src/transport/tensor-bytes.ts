/**
 * A tensor's values as KServe raw contents and back: flattened row-major,
 * little-endian, no padding; BYTES elements as a 4-byte little-endian length
 * followed by the bytes. Numeric tensors travel as views, never copies.
 */
import { arrayView, bytesPerElement, type NumericDType, type TensorDType } from '../core/dtype.js';
import { TransportError } from '../core/errors.js';
import { elementCount, formatShape } from '../core/tensor.js';
import type { HostTensor } from '../runtime/runtime.js';
import { HOST_IS_LITTLE_ENDIAN, kserveDatatype } from './datatype.js';

/** The raw contents of `tensor` (a view on its memory for numeric dtypes). */
export function tensorToBytes(tensor: HostTensor, where: string): Uint8Array {
  if (!HOST_IS_LITTLE_ENDIAN) throw new TransportError(`${where}: big-endian hosts are not supported`);
  const count = checkedCount(tensor.shape, where);
  if (tensor.dtype === 'string') return encodeStrings(stringValues(tensor.data, count, where));
  const { data } = tensor;
  const expected = count * bytesPerElement(tensor.dtype);
  if (data.byteLength === expected) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TransportError(
    `${where} has ${data.byteLength} bytes for ${tensor.dtype} shape ${formatShape(tensor.shape)} (${expected} expected)`,
  );
}

/** A HostTensor over raw contents; a view when the bytes are aligned for the dtype, else one copy. */
export function tensorFromBytes(
  dtype: TensorDType,
  shape: readonly number[],
  bytes: Uint8Array,
  where: string,
): HostTensor {
  const count = checkedCount(shape, where);
  if (dtype === 'string') return { dtype, shape, data: decodeStrings(bytes, count, where) };
  return numericFromBytes(dtype, shape, count, bytes, where);
}

function numericFromBytes<D extends NumericDType>(
  dtype: D,
  shape: readonly number[],
  count: number,
  bytes: Uint8Array,
  where: string,
): HostTensor<D> {
  const width = bytesPerElement(dtype);
  if (bytes.byteLength !== count * width) {
    throw new TransportError(
      `${where} has ${bytes.byteLength} raw bytes for ${kserveDatatype(dtype)} shape ${formatShape(shape)} (${count * width} expected)`,
    );
  }
  const aligned = bytes.byteOffset % width === 0 ? bytes : copyOf(bytes);
  return { dtype, shape, data: arrayView(dtype, aligned.buffer as ArrayBuffer, aligned.byteOffset, count) };
}

function copyOf(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

export function checkedCount(shape: readonly number[], where: string): number {
  for (const dim of shape) {
    if (!Number.isSafeInteger(dim) || dim < 0)
      throw new TransportError(`${where} has shape [${shape.join(', ')}]`);
  }
  return elementCount(shape);
}

function stringValues(data: readonly string[], count: number, where: string): readonly string[] {
  if (data.length === count) return data;
  throw new TransportError(`${where} is a string tensor without ${count} strings`);
}

function encodeStrings(values: readonly string[]): Uint8Array {
  const encoded = values.map((s) => Buffer.from(s, 'utf8'));
  const out = Buffer.allocUnsafe(encoded.reduce((sum, b) => sum + 4 + b.byteLength, 0));
  let pos = 0;
  for (const b of encoded) {
    pos = out.writeUInt32LE(b.byteLength, pos);
    pos += b.copy(out, pos);
  }
  return out;
}

function decodeStrings(bytes: Uint8Array, count: number, where: string): string[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: string[] = [];
  let pos = 0;
  while (pos < buf.byteLength) {
    if (pos + 4 > buf.byteLength) break;
    const length = buf.readUInt32LE(pos);
    if (pos + 4 + length > buf.byteLength) break;
    values.push(buf.toString('utf8', pos + 4, pos + 4 + length));
    pos += 4 + length;
  }
  if (pos !== buf.byteLength || values.length !== count) {
    throw new TransportError(
      `${where} has BYTES contents that do not hold ${count} length-prefixed elements`,
    );
  }
  return values;
}
