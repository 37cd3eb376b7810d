/** Tests of option parsing: numbers that are valid syntax but absurd meet a limit named in the error. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UsageError } from '../core/errors.js';
import { throwsNamed } from '../../test/helpers/errors.js';
import { intOption, positiveNumber } from './args.js';

describe('number options', () => {
  test('a positive number within its limit is taken, absent is the fallback', () => {
    assert.equal(positiveNumber({ fps: '12.5' }, 'fps', 10, 1000), 12.5);
    assert.equal(positiveNumber({}, 'fps', 10, 1000), 10);
    assert.equal(positiveNumber({ 'cpu-quota-ms': '1' }, 'cpu-quota-ms', 5, 1000, 1), 1);
  });

  test('Infinity, 1e300, 0 and 1e-300 are refused with the range', () => {
    for (const v of ['Infinity', '1e300', '0', '-1', 'NaN', '']) {
      throwsNamed(
        () => positiveNumber({ fps: v }, 'fps', 10, 1000),
        UsageError,
        new RegExp(`^--fps must be a number above 0 and at most 1000, not '${v}'$`),
      );
    }
    throwsNamed(
      () => positiveNumber({ 'max-tier-cores': '1e-300' }, 'max-tier-cores', 1, 4096, 0.01),
      UsageError,
      /^--max-tier-cores must be a number from 0\.01 to 4096, not '1e-300'$/,
    );
  });

  test('whole numbers keep their range', () => {
    throwsNamed(
      () => intOption({ queue: '1e6' }, 'queue', 4, 1, 1000),
      UsageError,
      /from 1 to 1000, not '1e6'/,
    );
  });
});
