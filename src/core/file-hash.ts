/**
 * The SHA-256 of a file's bytes, read in chunks so a model of gigabytes
 * never sits in memory whole. A decision records its model's hash and the
 * publisher refuses a model whose bytes changed since.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { ConfigError, describeError } from './errors.js';

const CHUNK_BYTES = 1 << 20;

/** Hex SHA-256 of `file`; a ConfigError naming `what` when it cannot be read. */
export function sha256File(file: string, what = 'file'): string {
  const hash = createHash('sha256');
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    throw new ConfigError(`${what} '${file}' cannot be read: ${describeError(err)}`);
  }
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let n = fs.readSync(fd, buf); n > 0; n = fs.readSync(fd, buf)) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}
