/**
 * Typed access to parsed options, with usage errors that name the option.
 */
import { UsageError } from '../core/errors.js';
import type { OptionValues } from './command.js';

export function stringOption(options: OptionValues, name: string): string | undefined {
  const v = options[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new UsageError(`--${name} needs a value`);
  return v;
}

export function requiredString(options: OptionValues, name: string): string {
  const v = stringOption(options, name);
  if (v === undefined || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

export function stringList(options: OptionValues, name: string): string[] {
  const v = options[name];
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.map(String);
  return [String(v)];
}

export function flag(options: OptionValues, name: string): boolean {
  return options[name] === true;
}

/** A whole number option within [min, max]. */
export function intOption(options: OptionValues, name: string, fallback: number, min = 1, max = 1e9): number {
  const v = stringOption(options, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not '${v}'`);
  }
  return n;
}

/**
 * A number option above zero and at most `max` (and at least `min` when given):
 * valid syntax can still be absurd ('1e300' cores, '1e-300' of one), and an
 * absurd value would only surface later as Infinity or 0 in a plan.
 */
export function positiveNumber(
  options: OptionValues,
  name: string,
  fallback: number,
  max: number,
  min?: number,
): number {
  const v = stringOption(options, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || (min === undefined ? n <= 0 : n < min) || n > max) {
    const range = min === undefined ? `above 0 and at most ${max}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be a number ${range}, not '${v}'`);
  }
  return n;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
