/** Test helper: assert that a call throws (or a promise rejects with) a named error with a one-line message. */
import assert from 'node:assert/strict';
import { inspect } from 'node:util';

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Assert that `fn` throws an instance of `type` whose message is one line
 * and matches `pattern`; returns the message for further checks.
 */
export function throwsNamed(fn: () => unknown, type: ErrorClass, pattern: RegExp): string {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  return named(caught, type, pattern, 'nothing was thrown');
}

/** As throwsNamed, for a promise that must reject. */
export async function rejectsNamed(
  promise: Promise<unknown>,
  type: ErrorClass,
  pattern: RegExp,
): Promise<string> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  return named(caught, type, pattern, 'it resolved');
}

function named(caught: unknown, type: ErrorClass, pattern: RegExp, otherwise: string): string {
  assert.ok(caught !== undefined, `expected ${type.name} matching ${pattern}, but ${otherwise}`);
  assert.ok(caught instanceof type, `expected ${type.name}, got ${inspect(caught)}`);
  assert.match(caught.message, pattern);
  assert.ok(!caught.message.includes('\n'), `message is not one line: ${JSON.stringify(caught.message)}`);
  return caught.message;
}
