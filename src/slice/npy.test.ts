/** Tests of reading a user's input tensors from .npy and raw files. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../core/errors.js';
import { tempDir } from '../../test/helpers/tiny-models.js';
import { readInputFile } from './npy.js';

/** A .npy file as numpy.save writes it (header padded so data starts on a 64-byte boundary). */
function npy(version: 1 | 2, descr: string, shape: string, data: ArrayBufferView, fortran = false): Buffer {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
  const lenBytes = version === 1 ? 2 : 4;
  const pad = 64 - ((8 + lenBytes + dict.length + 1) % 64);
  const header = `${dict}${' '.repeat(pad % 64)}\n`;
  const prefix = Buffer.alloc(8 + lenBytes);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]).copy(prefix);
  if (version === 1) prefix.writeUInt16LE(header.length, 8);
  else prefix.writeUInt32LE(header.length, 8);
  return Buffer.concat([
    prefix,
    Buffer.from(header, 'latin1'),
    Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  ]);
}

function save(name: string, bytes: Buffer): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, bytes);
  return file;
}

describe('readInputFile', () => {
  it('reads float32, float64, int64 and uint8 .npy files', () => {
    const f32 = readInputFile(
      save('a.npy', npy(1, '<f4', '(2, 3)', Float32Array.from([1, 2, 3, 4, 5, 6.5]))),
    );
    assert.deepEqual(
      [f32.dtype, f32.shape, [...(f32.data as Float32Array)]],
      ['float32', [2, 3], [1, 2, 3, 4, 5, 6.5]],
    );
    const f64 = readInputFile(save('b.npy', npy(2, '<f8', '(1,)', Float64Array.from([0.1]))));
    assert.deepEqual([f64.dtype, f64.shape, [...(f64.data as Float64Array)]], ['float64', [1], [0.1]]);
    const i64 = readInputFile(save('c.npy', npy(1, '<i8', '(2,)', BigInt64Array.from([-3n, 7n]))));
    assert.deepEqual([i64.dtype, [...(i64.data as BigInt64Array)]], ['int64', [-3n, 7n]]);
    const u8 = readInputFile(save('d.npy', npy(1, '|u1', '()', Uint8Array.from([200]))));
    assert.deepEqual([u8.dtype, u8.shape, [...(u8.data as Uint8Array)]], ['uint8', [], [200]]);
  });

  it('refuses Fortran order, big-endian data and short files', () => {
    const data = Float32Array.from([1, 2]);
    assert.throws(() => readInputFile(save('f.npy', npy(1, '<f4', '(2,)', data, true))), /Fortran order/);
    assert.throws(() => readInputFile(save('g.npy', npy(1, '>f4', '(2,)', data))), /holds dtype '>f4'/);
    assert.throws(() => readInputFile(save('h.npy', npy(1, '<f4', '(3,)', data))), /is truncated/);
  });

  it('reads raw float32 with a given shape and checks its size', () => {
    const file = save('x.bin', Buffer.from(Float32Array.from([1, 2, 3, 4]).buffer));
    const t = readInputFile(file, [1, 4]);
    assert.deepEqual([t.dtype, t.shape, [...(t.data as Float32Array)]], ['float32', [1, 4], [1, 2, 3, 4]]);
    assert.throws(
      () => readInputFile(file),
      (err: unknown) => err instanceof ConfigError && /--input-shape/.test(err.message),
    );
    assert.throws(() => readInputFile(file, [1, 5]), /has 16 bytes; 1x5 float32 needs 20/);
  });
});
