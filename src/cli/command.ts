/**
 * A CLI command: what it does, its options and how it runs. Each option
 * carries its own help, so the parser (help.ts, parserOptions) and the help
 * text (help.ts, commandHelp) are made from the one definition and cannot
 * drift apart. Commands throw named errors; only main.ts turns them into exit
 * codes.
 */
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** One option. It takes a value when it has a placeholder, else it is a flag. */
export interface OptionDef {
  /** The value's placeholder in help: 'N', 'FILE', 'PRESET|FILE'. Absent for a flag. */
  readonly value?: string;
  /** One line: what the option does. */
  readonly help: string;
  /** The default as help shows it, where there is one. */
  readonly default?: string;
  /** The option may be given more than once; every value is kept. */
  readonly multiple?: boolean;
}

/** Options by name (without the leading --), in the order help lists them. */
export type OptionDefs = Readonly<Record<string, OptionDef>>;

export interface Command {
  readonly name: string;
  /** One line for `couper --help`. */
  readonly summary: string;
  /** What follows `couper NAME` on each usage line: its arguments and the options it needs. */
  readonly synopsis: readonly string[];
  /** What the command does, beyond what its options say; shown between the usage and the options. */
  readonly about: string;
  readonly options: OptionDefs;
  /** Whether the command takes positional arguments (a MODEL path, say). */
  readonly positionals?: { readonly min: number; readonly max: number };
  run(options: OptionValues, positionals: string[]): void | Promise<void>;
}
