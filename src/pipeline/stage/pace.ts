/**
 * Holding a paced stage's result until its profile time has passed. Timers
 * fire up to a millisecond late, which is 50% of a 2 ms part, so the last
 * stretch is waited out turn by turn of the event loop instead.
 */
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';

/** Below this many milliseconds left, stop sleeping and yield turn by turn. */
const SPIN_MS = 1.5;

/** Resolve once `performance.now()` has reached `until`. */
export async function holdUntil(until: number, now: () => number = () => performance.now()): Promise<void> {
  const left = until - now();
  if (left > SPIN_MS) await sleep(left - SPIN_MS);
  while (now() < until) await nextTurn();
}
