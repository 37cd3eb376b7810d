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

/** A comma-separated option as its items, empty ones dropped ('' is the empty list). */
export function commaList(text: string): string[] {
  return text.split(',').filter((x) => x !== '');
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
