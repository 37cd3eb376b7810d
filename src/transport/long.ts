import Long from 'long';
import { TransportError } from '../core/errors.js';

/** An int64 field (number or Long) as a JS number; shapes and ids stay far below 2^53. */
export function int64(value: number | Long | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : value.toNumber();
  if (!Number.isSafeInteger(n)) throw new TransportError(`int64 value ${String(value)} is out of range`);
  return n;
}
