/**
 * The parser's option table and the help text, both made from a command's
 * option definitions: an option the parser takes is an option help lists.
 */
import type { ParseArgsConfig } from 'node:util';
import type { Command, OptionDef, OptionDefs } from './command.js';

type ParserOptions = NonNullable<ParseArgsConfig['options']>;

/** Every command takes --help; main.ts answers it before the command runs. */
const HELP_OPTION: OptionDef = { help: 'print this help' };

/** Labels longer than this put their description on the next line. */
const LABEL_WIDTH = 30;
/** Descriptions wrap to keep option lines within this many columns. */
const LINE_WIDTH = 100;

/** The options node:util parseArgs takes for these definitions, --help (-h) included. */
export function parserOptions(defs: OptionDefs): ParserOptions {
  const options: ParserOptions = {};
  for (const [name, def] of Object.entries(defs)) {
    options[name] = {
      type: def.value === undefined ? 'boolean' : 'string',
      ...(def.multiple && { multiple: true }),
    };
  }
  options.help = { type: 'boolean', short: 'h' };
  return options;
}

/** `usage: couper NAME …`, one line per synopsis. */
export function usage(command: Command): string {
  return command.synopsis
    .map((s, i) => `${i === 0 ? 'usage:' : '      '} couper ${command.name} ${s}`)
    .join('\n');
}

/** What follows the first line of a usage error: how the command is run, and where its options are. */
export function usageReminder(command: Command): string {
  return `${usage(command)}\nRun 'couper help ${command.name}' for its options.`;
}

/** `couper help NAME`: usage, what the command does, then every option it takes. */
export function commandHelp(command: Command): string {
  const options = optionLines({ ...command.options, help: HELP_OPTION });
  return [usage(command), '', command.about, '', 'options:', ...options, ''].join('\n');
}

/** `couper --help`: the commands, one line each. */
export function topHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: couper COMMAND [options]',
    '       couper help [COMMAND]',
    '       couper --version',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'couper help COMMAND' (or 'couper COMMAND --help') for a command's options.",
    "Every command also takes --verbose: onnxruntime's own log lines and messages in full.",
    '',
  ].join('\n');
}

function optionLines(defs: OptionDefs): string[] {
  const rows = Object.entries(defs).map(([name, def]) => [label(name, def), describe(def)] as const);
  const width = Math.min(LABEL_WIDTH, Math.max(...rows.map(([l]) => l.length)));
  const indent = ' '.repeat(width + 4);
  return rows.map(([l, text]) => {
    const lines = wrap(text, LINE_WIDTH - indent.length).map((line) => indent + line);
    const head = `  ${l.padEnd(width)}  `;
    if (l.length > width) return [`  ${l}`, ...lines].join('\n');
    return [head + lines[0]!.slice(indent.length), ...lines.slice(1)].join('\n');
  });
}

/** Words of `text` in lines of at most `width` characters (a longer word has a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

function label(name: string, def: OptionDef): string {
  if (name === 'help') return '-h, --help';
  return def.value === undefined ? `--${name}` : `--${name} ${def.value}`;
}

function describe(def: OptionDef): string {
  const notes = [
    ...(def.multiple ? ['repeatable'] : []),
    ...(def.default !== undefined ? [`default ${def.default}`] : []),
  ];
  return notes.length > 0 ? `${def.help} (${notes.join('; ')})` : def.help;
}
