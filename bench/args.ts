/**
 * Options of the bench scripts. node:util's parseArgs throws on an unknown option, and the
 * stack trace it prints buries the one thing the user needs: which option, and which exist.
 * This turns that into one line and a non-zero exit, and answers --help with the options
 * and their defaults.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O }>>['values'];

/** What the command line asked for: the values, the usage text, or what is wrong with it. */
export type Parsed<O extends Options> =
  { readonly values: Values<O> } | { readonly help: string } | { readonly error: string };

function usage(name: string, options: Options): string {
  const lines = Object.entries(options).map(([flag, o]) => {
    const value = o.type === 'string' ? ' VALUE' : '';
    const fallback = o.default === undefined ? '' : ` (default: ${JSON.stringify(o.default)})`;
    return `  --${flag}${value}${fallback}`;
  });
  return [`usage: ${name} [options]`, ...lines].join('\n');
}

export function parseBenchArgs<const O extends Options>(
  name: string,
  options: O,
  argv: readonly string[],
): Parsed<O> {
  if (argv.includes('--help') || argv.includes('-h')) return { help: usage(name, options) };
  try {
    return { values: parseArgs({ args: [...argv], options }).values };
  } catch (e) {
    return { error: `${name}: ${(e as Error).message}; --help lists the options` };
  }
}

/** What a numeric option must be: at least min, at most max, and whole where integer. */
export interface NumberBounds {
  readonly min: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/** The bounds the bench scripts share for options of the same meaning. */
export const FRAMES: NumberBounds = { min: 1, max: 100_000, integer: true };
export const WARMUP: NumberBounds = { min: 0, max: 100_000, integer: true };
export const FPS: NumberBounds = { min: 0.01, max: 1000 };
export const CORES: NumberBounds = { min: 0.01, max: 4096 };
export const RUNS: NumberBounds = { min: 1, max: 1000, integer: true };

/**
 * A numeric option's value, or one line saying what is wrong with it. Number() alone turns
 * '', 'ten' and '1e999' into 0, NaN and Infinity, which a bench would then run with.
 */
export function parseNumber(
  flag: string,
  text: string,
  bounds: NumberBounds,
): { readonly value: number } | { readonly error: string } {
  const n = text.trim() === '' ? NaN : Number(text);
  const whole = bounds.integer !== true || Number.isInteger(n);
  const inRange = n >= bounds.min && (bounds.max === undefined || n <= bounds.max);
  if (Number.isFinite(n) && whole && inRange) return { value: n };
  const kind = bounds.integer === true ? 'an integer' : 'a number';
  const range = bounds.max === undefined ? `at least ${bounds.min}` : `from ${bounds.min} to ${bounds.max}`;
  return { error: `--${flag} '${text}' is not ${kind} ${range}` };
}

/** A comma-separated option as its items, empty ones dropped ('' is the empty list). */
export function commaList(text: string): string[] {
  return text.split(',').filter((x) => x !== '');
}

/** The first item not among the allowed names, as one line naming those; null when all are known. */
export function unknownName(
  flag: string,
  items: readonly string[],
  allowed: readonly string[],
): string | null {
  const unknown = items.find((x) => !allowed.includes(x));
  return unknown === undefined ? null : `--${flag}: no '${unknown}'; known: ${allowed.join(', ')}`;
}

/** Ends this bench script for a user's mistake: one line on stderr, exit 2, no stack trace. */
export function benchFail(name: string, message: string): never {
  process.stderr.write(`${name}: ${message}\n`);
  process.exit(2);
}

/** parseNumber for this process's option: its value, or benchFail with what is wrong. */
export function benchNumber(name: string, flag: string, text: string, bounds: NumberBounds): number {
  const parsed = parseNumber(flag, text, bounds);
  if ('value' in parsed) return parsed.value;
  return benchFail(name, `${parsed.error}; --help lists the options`);
}

/** benchFail unless every item of a list option is a known name. */
export function benchNames(
  name: string,
  flag: string,
  items: readonly string[],
  allowed: readonly string[],
): void {
  const error = unknownName(flag, items, allowed);
  if (error !== null) benchFail(name, error);
}

/** The values of this process's options; prints the usage or the one-line error and exits otherwise. */
export function benchArgs<const O extends Options>(name: string, options: O): Values<O> {
  const parsed = parseBenchArgs(name, options, process.argv.slice(2));
  if ('values' in parsed) return parsed.values;
  if ('help' in parsed) {
    console.log(parsed.help);
    process.exit(0);
  }
  process.stderr.write(`${parsed.error}\n`);
  process.exit(2);
}
