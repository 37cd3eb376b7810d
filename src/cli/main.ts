/**
 * The couper command line: dispatch to a command, and map errors to exit codes
 * (0 success, 1 user error, 2 usage error, 3 internal failure).
 */
import { parseArgs } from 'node:util';
import { packageVersion } from '../core/assets.js';
import { CouperError, describeError, InterruptedError, TerminatedError, UsageError } from '../core/errors.js';
import type { Command } from './command.js';
import { COMMANDS, loadCommands } from './commands/index.js';
import { commandHelp, parserOptions, topHelp, usageReminder } from './help.js';

export const EXIT_OK = 0;
export const EXIT_USER = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;
/** 128 + SIGINT, as shells report a program stopped by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;
/** 128 + SIGTERM, as shells report a program a supervisor stopped. */
export const EXIT_TERMINATED = 143;

async function runCommand(command: Command, argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: parserOptions(command.options),
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    // parseArgs explains over several lines; the first says what is wrong.
    const text = describeError(err);
    const first = /argument is ambiguous/.test(text)
      ? `${text.split('\n')[0]} (a value starting with '-' must be written --option=-value)`
      : (text.split('\n')[0] ?? '');
    throw new UsageError(first.replace(/\. To specify a positional.*$/s, ''));
  }
  if (parsed.values.help === true) {
    process.stdout.write(commandHelp(command));
    return;
  }
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  if (parsed.positionals.length < min) throw new UsageError(`missing argument\n${usageReminder(command)}`);
  if (parsed.positionals.length > max) {
    throw new UsageError(`unexpected argument '${parsed.positionals[max]}'\n${usageReminder(command)}`);
  }
  await command.run(parsed.values, parsed.positionals);
}

function findCommand(name: string): Promise<Command> {
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) throw new UsageError(`unknown command '${name}' (try 'couper --help')`);
  return entry.load();
}

/** `couper help [COMMAND]`: the same text as `couper --help` and `couper COMMAND --help`. */
async function help(args: readonly string[]): Promise<void> {
  const [name, extra] = args;
  if (extra !== undefined)
    throw new UsageError(`unexpected argument '${extra}' (usage: couper help [COMMAND])`);
  process.stdout.write(
    name === undefined ? topHelp(await loadCommands()) : commandHelp(await findCommand(name)),
  );
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(topHelp(await loadCommands()));
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  try {
    if (name === '--version' || name === '-V') process.stdout.write(`couper ${packageVersion()}\n`);
    else if (name === 'help') await help(rest);
    else await runCommand(await findCommand(name), rest);
    return EXIT_OK;
  } catch (err) {
    return reportError(err);
  }
}

export function reportError(err: unknown): number {
  if (err instanceof InterruptedError) {
    process.stderr.write(`couper: ${err.message}\n`);
    return err instanceof TerminatedError ? EXIT_TERMINATED : EXIT_INTERRUPTED;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`couper: ${err.message}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof CouperError && err.userError) {
    process.stderr.write(`couper: ${err.message}\n`);
    return EXIT_USER;
  }
  // Our own bug or an environment failure: keep the detail for the report.
  process.stderr.write(`couper: internal error: ${describeError(err)}\n`);
  if (process.env.COUPER_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return EXIT_INTERNAL;
}
