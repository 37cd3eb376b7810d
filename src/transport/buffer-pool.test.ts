/** Tests of the receive-buffer pool. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BufferPool, POISON_BYTE, POOL_MIN_BYTES, POOL_SIZE } from './buffer-pool.js';
import { MessageDecoder, messagePrefix, PREFIX_BYTES } from './grpc-framing.js';

const SIZE = POOL_MIN_BYTES * 2;

void test('a released buffer is handed out again, 5 bytes into its memory', () => {
  const pool = new BufferPool();
  const first = pool.take(PREFIX_BYTES, SIZE);
  assert.equal(first.bytes.byteOffset, PREFIX_BYTES);
  first.release();
  first.release(); // a second release must not put it in the pool twice
  assert.equal(pool.size, 1);
  const second = pool.take(PREFIX_BYTES, SIZE - 10);
  assert.equal(second.bytes.buffer, first.bytes.buffer);
  assert.equal(second.bytes.byteLength, SIZE - 10);
  const third = pool.take(PREFIX_BYTES, SIZE);
  assert.notEqual(third.bytes.buffer, first.bytes.buffer); // still leased: never handed out twice
});

void test('an unreleased buffer is never reused', () => {
  const pool = new BufferPool();
  const held = pool.take(PREFIX_BYTES, SIZE);
  const seen = new Set<ArrayBufferLike>([held.bytes.buffer]);
  for (let i = 0; i < 10; i += 1) {
    const lease = pool.take(PREFIX_BYTES, SIZE);
    assert.notEqual(lease.bytes.buffer, held.bytes.buffer);
    seen.add(lease.bytes.buffer);
    lease.release();
  }
  assert.equal(seen.size, 2); // the held one, and one buffer going round
});

void test('a buffer too small or over twice too big is not used; the pool keeps the largest few', () => {
  const pool = new BufferPool();
  const leases = Array.from({ length: POOL_SIZE + 1 }, (_, i) => pool.take(0, SIZE * (i + 1)));
  leases.forEach((lease) => lease.release());
  assert.equal(pool.size, POOL_SIZE);
  assert.notEqual(pool.take(0, SIZE).bytes.buffer, leases[0]?.bytes.buffer); // the smallest was dropped
  assert.notEqual(pool.take(0, SIZE * 20).bytes.buffer, leases[4]?.bytes.buffer);
  assert.equal(pool.take(0, SIZE * 5).bytes.buffer, leases[4]?.bytes.buffer);
});

void test('poison mode overwrites a released buffer, so a use after release reads wrong values', () => {
  const pool = new BufferPool({ poison: true });
  const lease = pool.take(PREFIX_BYTES, SIZE);
  lease.bytes.fill(7);
  const view = new Uint8Array(lease.bytes.buffer, lease.bytes.byteOffset, 4);
  lease.release();
  assert.deepEqual([...view], [POISON_BYTE, POISON_BYTE, POISON_BYTE, POISON_BYTE]);
});

void test('the decoder reassembles large split messages into pooled buffers and reuses released ones', () => {
  const pool = new BufferPool();
  const got: Array<{ bytes: Buffer; release: (() => void) | undefined }> = [];
  const decoder = new MessageDecoder(
    SIZE * 2,
    { message: (bytes, release) => got.push({ bytes, release }), refused: () => undefined },
    pool,
  );
  const payload = (fill: number): Buffer => Buffer.concat([messagePrefix(SIZE), Buffer.alloc(SIZE, fill)]);
  const push = (fill: number): void => {
    const framed = payload(fill);
    for (let at = 0; at < framed.byteLength; at += 16384) decoder.push(framed.subarray(at, at + 16384));
  };
  push(1);
  push(2); // the first is not released: a second buffer
  assert.notEqual(got[1]?.bytes.buffer, got[0]?.bytes.buffer);
  assert.equal(got[0]?.bytes[SIZE - 1], 1);
  got[1]?.release?.();
  push(3);
  assert.equal(got[2]?.bytes.buffer, got[1]?.bytes.buffer);
  assert.equal(got[2]?.bytes.byteOffset, PREFIX_BYTES);
  assert.equal(got[0]?.bytes[0], 1); // the held one kept its bytes
  assert.equal(got[2]?.bytes[SIZE - 1], 3);
  decoder.push(Buffer.concat([messagePrefix(3), Buffer.from('abc')]));
  assert.equal(got[3]?.release, undefined); // a view on the chunk: nothing to give back
});
