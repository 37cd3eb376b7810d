/** Tests of the one int64 conversion and its overflow rule. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Long from 'long';
import { ModelError, TransportError } from './errors.js';
import { int64 } from './int64.js';

test('int64 fields become numbers; absent ones are 0', () => {
  assert.equal(int64(Long.fromNumber(-42), ModelError), -42);
  assert.equal(int64(Long.fromString('9007199254740991'), ModelError), Number.MAX_SAFE_INTEGER);
  assert.equal(int64(7, ModelError), 7);
  assert.equal(int64(null, ModelError), 0);
  assert.equal(int64(undefined, ModelError), 0);
});

test('past 2^53 throws the caller’s error instead of losing digits', () => {
  assert.throws(
    () => int64(Long.fromString('9007199254740993'), ModelError),
    (err: unknown) =>
      err instanceof ModelError && /int64 value 9007199254740993 is past 2\^53/.test(err.message),
  );
  assert.throws(() => int64(Long.fromString('-9007199254740993'), TransportError), TransportError);
  assert.throws(() => int64(Long.fromString('18446744073709551615', true), TransportError), TransportError);
});
