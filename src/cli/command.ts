/**
 * A CLI command: its options (node:util parseArgs format) and what it does.
 * Commands throw named errors; only main.ts turns them into exit codes.
 */
import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface Command {
  readonly name: string;
  /** One line for `couper --help`. */
  readonly summary: string;
  /** Usage line(s) shown by `couper NAME --help` and after a usage error. */
  readonly usage: string;
  readonly options: OptionSpec;
  /** Whether the command takes positional arguments (a MODEL path, say). */
  readonly positionals?: { readonly min: number; readonly max: number };
  run(options: OptionValues, positionals: string[]): Promise<void>;
}
