/**
 * Help is made from the option definitions: for every command, each option
 * the parser takes is in its help, and each option its help names is one the
 * parser takes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs } from 'node:util';
import type { Command } from './command.js';
import { loadCommands } from './commands/index.js';
import { commandHelp, parserOptions, topHelp } from './help.js';

const commands = await loadCommands();

/** Every `--name` the text mentions. */
function namedOptions(text: string): Set<string> {
  return new Set([...text.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1]!));
}

/** Whether the command's parser takes `--name` (with a value when it wants one). */
function parserTakes(command: Command, name: string): boolean {
  const options = parserOptions(command.options);
  const args = options[name]?.type === 'string' ? [`--${name}=x`] : [`--${name}`];
  try {
    parseArgs({ args, options, allowPositionals: true, strict: true });
    return true;
  } catch {
    return false;
  }
}

describe('command help', () => {
  for (const command of commands) {
    describe(command.name, () => {
      const help = commandHelp(command);

      it('lists every option the parser takes', () => {
        const named = namedOptions(help);
        for (const name of Object.keys(parserOptions(command.options)))
          assert.ok(named.has(name), `couper ${command.name} takes --${name}, but its help does not say so`);
        assert.match(help, /^ {2}-h, --help/m);
      });

      it('names no option the parser rejects', () => {
        for (const name of namedOptions(help))
          assert.ok(
            parserTakes(command, name),
            `couper ${command.name}'s help names --${name}, which it rejects`,
          );
      });

      it('gives each option one entry, with its placeholder, default and repetition', () => {
        for (const [name, def] of Object.entries(command.options)) {
          const entries = help.split('\n').filter((l) => new RegExp(`^ {2}--${name}(?![\\w-])`).test(l));
          assert.equal(entries.length, 1, `--${name} is listed once`);
          const label = def.value === undefined ? `--${name}` : `--${name} ${def.value}`;
          assert.ok(entries[0]!.startsWith(`  ${label}`), `--${name} shows its value as ${def.value}`);
          // The entry runs to the next option; wrapped lines read as one.
          const entry = help
            .slice(help.indexOf(entries[0]!))
            .split(/\n(?= {2}-)/)[0]!
            .replace(/\s+/g, ' ');
          if (def.default !== undefined) assert.ok(entry.includes(`default ${def.default}`), entry);
          assert.equal(entry.includes('repeatable'), def.multiple === true, entry);
        }
      });

      it('starts with usage lines that name the command', () => {
        assert.ok(help.startsWith(`usage: couper ${command.name} `));
        assert.ok(help.includes('\noptions:\n'));
      });
    });
  }

  it('the options shared by evaluate and auto are in both', () => {
    const help = (name: string) => commandHelp(commands.find((c) => c.name === name)!);
    for (const name of ['algorithm', 'max-tensors', 'infra', 'max-tier-cores', 'unstaged']) {
      assert.match(help('auto'), new RegExp(`^ {2}--${name} `, 'm'));
      assert.match(help('evaluate'), new RegExp(`^ {2}--${name} `, 'm'));
    }
  });
});

describe('top help', () => {
  it('lists every command and how to get its help and the version', () => {
    const text = topHelp(commands);
    const lines = text.split('\n');
    for (const c of commands)
      assert.ok(
        lines.some((l) => l.startsWith(`  ${c.name} `) && l.endsWith(c.summary)),
        c.name,
      );
  });
});
