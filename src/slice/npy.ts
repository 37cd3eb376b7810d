/**
 * Read a user's input tensor: a NumPy .npy file (format versions 1–3, C
 * order, little-endian) or raw little-endian float32 values with a shape
 * given on the command line.
 */
import fs from 'node:fs';
import { arrayView, bytesPerElement, type NumericDType } from '../core/dtype.js';
import { ConfigError, describeError } from '../core/errors.js';
import { elementCount } from '../core/tensor.js';
import type { HostTensor } from '../runtime/runtime.js';

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

// NumPy dtype descriptors we accept ('<' little-endian, '|' no byte order).
const DESCRIPTORS: Record<string, NumericDType> = {
  '<f4': 'float32',
  '<f8': 'float64',
  '<i8': 'int64',
  '<i4': 'int32',
  '|u1': 'uint8',
  '|b1': 'bool',
};

/** Read `file` as .npy, or as raw float32 of `shape` when it is not one. */
export function readInputFile(file: string, shape?: readonly number[]): HostTensor {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new ConfigError(`cannot read input file '${file}': ${describeError(err)}`);
  }
  if (bytes.subarray(0, MAGIC.length).equals(MAGIC)) return parseNpy(bytes, file);
  if (!shape)
    throw new ConfigError(
      `input file '${file}' is not .npy: give its shape with --input-shape NAME=1x3x224x224`,
    );
  const n = elementCount(shape);
  if (bytes.length !== n * 4) {
    throw new ConfigError(
      `input file '${file}' has ${bytes.length} bytes; ${shape.join('x')} float32 needs ${n * 4}`,
    );
  }
  return { dtype: 'float32', shape: [...shape], data: new Float32Array(copyOut(bytes), 0, n) };
}

export function parseNpy(bytes: Buffer, where: string): HostTensor {
  const major = bytes[6];
  const headerLenBytes = major === 1 ? 2 : 4;
  if (major !== 1 && major !== 2 && major !== 3)
    throw new ConfigError(`'${where}' is .npy version ${major}, not 1, 2 or 3`);
  if (bytes.length < 8 + headerLenBytes) throw new ConfigError(`'${where}' is a truncated .npy file`);
  const headerLen = headerLenBytes === 2 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const start = 8 + headerLenBytes + headerLen;
  const header = bytes.subarray(8 + headerLenBytes, start).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new ConfigError(`'${where}' has a .npy header Couper cannot read: ${header.trim()}`);
  }
  if (fortran === 'True')
    throw new ConfigError(`'${where}' is in Fortran order; save it in C order (np.ascontiguousarray)`);
  const dtype = DESCRIPTORS[descr];
  if (!dtype) {
    const known = Object.keys(DESCRIPTORS).join(', ');
    throw new ConfigError(`'${where}' holds dtype '${descr}'; Couper reads ${known}`);
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const n = elementCount(shape);
  const width = bytesPerElement(dtype);
  if (bytes.length - start < n * width) {
    throw new ConfigError(
      `'${where}' is truncated: shape (${shape.join(', ')}) needs ${n * width} bytes of data`,
    );
  }
  return npyTensor(dtype, shape, copyOut(bytes.subarray(start, start + n * width)));
}

function npyTensor<D extends NumericDType>(dtype: D, shape: number[], buffer: ArrayBuffer): HostTensor<D> {
  return { dtype, shape, data: arrayView(dtype, buffer, 0, elementCount(shape)) };
}

/** A fresh, aligned ArrayBuffer with the bytes (a Buffer's offset may not suit Float64Array). */
function copyOut(bytes: Buffer): ArrayBuffer {
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}
