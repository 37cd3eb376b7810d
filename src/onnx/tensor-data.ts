/**
 * Decode a TensorProto's values (raw_data, a typed field, or external data)
 * into a typed array. Static shape inference reads the small constants that
 * shape computations pass around with it (slice/shape-rules/values.ts); the
 * tests read the ONNX backend suite's test vectors (.pb files) and check
 * weights with it. It keeps dtypes no runtime array holds (bfloat16 and
 * float8 bits, complex pairs); test/helpers/testdata.ts's hostTensor views
 * the runnable ones as HostTensors.
 */
import fs from 'node:fs';
import os from 'node:os';
import type Long from 'long';
import { dtypeFromCode, type DType } from '../core/dtype.js';
import { describeError, ModelError } from '../core/errors.js';
import { elementCount } from '../core/tensor.js';
import { externalFile, externalRef, type ExternalRef } from './external-data.js';
import { int64, type TensorProto } from './proto.js';

export type TypedValues =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

export interface TensorValues {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: TypedValues;
}

type Field = 'floatData' | 'int32Data' | 'int64Data' | 'doubleData' | 'uint64Data';

interface Layout {
  /** Typed array the values live in; float16, bfloat16 and float8 keep their bits. */
  readonly make: (length: number) => TypedValues;
  /** The typed field that holds the values when raw_data is not used. */
  readonly field: Field;
  /** Array elements per tensor element: 2 for complex numbers, 0.5 for 4-bit types. */
  readonly perElement: number;
}

const f32: Layout = { make: (n) => new Float32Array(n), field: 'floatData', perElement: 1 };
const f64: Layout = { make: (n) => new Float64Array(n), field: 'doubleData', perElement: 1 };
const u8: Layout = { make: (n) => new Uint8Array(n), field: 'int32Data', perElement: 1 };
const u16: Layout = { make: (n) => new Uint16Array(n), field: 'int32Data', perElement: 1 };
// 4-bit types are packed two to a byte, in raw_data and in int32_data alike (onnx numpy_helper).
const packed4: Layout = { ...u8, perElement: 0.5 };

const LAYOUTS: Partial<Record<DType, Layout>> = {
  float32: f32,
  uint8: u8,
  int8: { make: (n) => new Int8Array(n), field: 'int32Data', perElement: 1 },
  uint16: u16,
  int16: { make: (n) => new Int16Array(n), field: 'int32Data', perElement: 1 },
  int32: { make: (n) => new Int32Array(n), field: 'int32Data', perElement: 1 },
  int64: { make: (n) => new BigInt64Array(n), field: 'int64Data', perElement: 1 },
  bool: u8,
  float16: u16,
  float64: f64,
  uint32: { make: (n) => new Uint32Array(n), field: 'uint64Data', perElement: 1 },
  uint64: { make: (n) => new BigUint64Array(n), field: 'uint64Data', perElement: 1 },
  complex64: { ...f32, perElement: 2 },
  complex128: { ...f64, perElement: 2 },
  bfloat16: u16,
  float8e4m3fn: u8,
  float8e4m3fnuz: u8,
  float8e5m2: u8,
  float8e5m2fnuz: u8,
  uint4: packed4,
  int4: packed4,
  float4e2m1: packed4,
};

/**
 * The values of `tensor`. `modelDir` is the folder external data locations
 * are relative to; without it an external tensor is an error.
 */
export function tensorValues(tensor: TensorProto, modelDir?: string): TensorValues {
  const where = `tensor '${tensor.name ?? ''}'`;
  const dtype = dtypeFromCode(tensor.dataType ?? 0, where);
  const layout = LAYOUTS[dtype];
  if (!layout)
    throw new ModelError(`${where} has dtype ${dtype}, whose values cannot be held in a typed array`);
  const shape = (tensor.dims ?? []).map((d) => int64(d));
  const length = Math.ceil(elementCount(shape) * layout.perElement);
  const data = layout.make(length);
  const ref = externalRef(tensor);
  const raw = ref ? readExternal(where, ref, modelDir) : tensor.rawData;
  if (ref || (raw && raw.length > 0)) {
    fillFromRaw(data, raw ?? new Uint8Array(0), where);
  } else {
    fillFromField(data, tensor[layout.field] ?? [], where);
  }
  return { dtype, shape, data };
}

function fillFromRaw(data: TypedValues, raw: Uint8Array, where: string): void {
  if (raw.length !== data.byteLength) {
    throw new ModelError(
      `${where} has ${raw.length} bytes of data, its dtype and shape need ${data.byteLength}`,
    );
  }
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  bytes.set(raw);
  // raw_data is little-endian; a big-endian host must swap each element.
  if (os.endianness() === 'BE' && data.BYTES_PER_ELEMENT > 1) swapBytes(bytes, data.BYTES_PER_ELEMENT);
}

function fillFromField(data: TypedValues, values: ArrayLike<number | Long>, where: string): void {
  if (values.length !== data.length) {
    throw new ModelError(`${where} has ${values.length} values, its dtype and shape need ${data.length}`);
  }
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let i = 0; i < values.length; i++) data[i] = toBigInt(values[i]!, data instanceof BigUint64Array);
  } else {
    for (let i = 0; i < values.length; i++) data[i] = int64(values[i]);
  }
}

function toBigInt(value: number | Long, unsigned: boolean): bigint {
  if (typeof value === 'number') return BigInt(value);
  // Long keeps all 64 bits; its string form is exact where toNumber() is not.
  return BigInt(unsigned ? value.toUnsigned().toString() : value.toSigned().toString());
}

function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
}

/** Read only this tensor's byte range of its external file. */
function readExternal(where: string, ref: ExternalRef, modelDir: string | undefined): Uint8Array {
  if (modelDir === undefined) {
    throw new ModelError(`${where} keeps its data in '${ref.location}' but no model folder was given`);
  }
  let fd: number | undefined;
  try {
    fd = fs.openSync(externalFile(modelDir, ref.location, where), 'r');
    const length = ref.length ?? fs.fstatSync(fd).size - ref.offset;
    const out = new Uint8Array(Math.max(length, 0));
    const got = fs.readSync(fd, out, 0, out.length, ref.offset);
    if (got !== out.length) {
      throw new ModelError(
        `${where} needs ${out.length} bytes at offset ${ref.offset} of '${ref.location}', found ${got}`,
      );
    }
    return out;
  } catch (err) {
    if (err instanceof ModelError) throw err;
    throw new ModelError(`cannot read external data '${ref.location}' of ${where}: ${describeError(err)}`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
