/**
 * 64-bit integer fields as JS numbers, one rule for every format we read
 * (protobufjs hands int64 fields out as Long objects): exact up to 2^53, and
 * a value past that throws rather than silently losing its low digits.
 */
import type Long from 'long';

/** The error a layer reports a bad value with (ModelError for a model file, TransportError on the wire). */
export type ErrorClass = new (message: string) => Error;

/**
 * An int64 field as a number: null or absent is 0, a number is taken as it
 * is, a Long past ±(2^53 − 1) throws `ErrorType`.
 */
export function int64(value: number | Long | null | undefined, ErrorType: ErrorClass): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  const n = value.toNumber();
  if (!Number.isSafeInteger(n))
    throw new ErrorType(`int64 value ${value.toString()} is past 2^53 and cannot be held exactly`);
  return n;
}
