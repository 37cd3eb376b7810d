/** Tests of the bounded config-file reader: size cap, regular files only, alias bombs, self-containing anchors, deep nesting. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { ConfigError } from './errors.js';
import { throwsNamed } from '../../test/helpers/errors.js';
import {
  MAX_ALIASES,
  MAX_CONFIG_BYTES,
  MAX_FLOW_DEPTH,
  parseConfigText,
  readConfigText,
} from './config-file.js';

function scratch(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-config-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A bomb of `levels` levels, each aliasing the one before nine times. */
function aliasBomb(levels: number): string {
  const lines = ['l0: &l0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

describe('config files', () => {
  test('a file up to 1 MiB is read whole; one byte more is one line naming the limit', (t) => {
    const dir = scratch(t);
    const file = path.join(dir, 'infra.yaml');
    const body = 'name: x\n';
    fs.writeFileSync(file, body + '#'.repeat(MAX_CONFIG_BYTES - body.length));
    assert.equal(readConfigText(file, 'infrastructure file').length, MAX_CONFIG_BYTES);
    fs.appendFileSync(file, '#');
    throwsNamed(
      () => readConfigText(file, 'infrastructure file'),
      ConfigError,
      new RegExp(
        `^infrastructure file '.*infra\\.yaml' is larger than ${MAX_CONFIG_BYTES} bytes \\(1 MiB\\)`,
      ),
    );
  });

  test('a folder, a FIFO or a device is not read', (t) => {
    const dir = scratch(t);
    throwsNamed(() => readConfigText(dir, 'profile'), ConfigError, /^profile '.*' is not a regular file$/);
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    throwsNamed(() => readConfigText(fifo, 'profile'), ConfigError, /is not a regular file$/);
    throwsNamed(() => readConfigText('/dev/zero', 'profile'), ConfigError, /is not a regular file$/);
    throwsNamed(
      () => readConfigText(path.join(dir, 'gone.yaml'), 'profile'),
      ConfigError,
      /^cannot read profile '.*gone\.yaml': ENOENT/,
    );
  });

  test('honest anchors and aliases are expanded', () => {
    const value = parseConfigText('a: &t { cpus: 2 }\nb: *t\nc: [*t, *t]\n', 'x.yaml');
    assert.deepEqual(value, { a: { cpus: 2 }, b: { cpus: 2 }, c: [{ cpus: 2 }, { cpus: 2 }] });
  });

  test('an alias bomb is refused by count, in one line', () => {
    // Three levels (9 + 81 expansions) stay under 100 ...
    assert.ok(parseConfigText(aliasBomb(2), 'x.yaml'));
    // ... nine levels would be 9^9 values.
    throwsNamed(
      () => parseConfigText(aliasBomb(9), 'bomb.yaml'),
      ConfigError,
      new RegExp(
        `^bomb\\.yaml: more than ${MAX_ALIASES} alias expansions \\(\\*name\\), the most we allow; write the values out$`,
      ),
    );
  });

  test('an anchor aliased inside itself (a merge cycle) is refused with its path', () => {
    throwsNamed(
      () => parseConfigText('base: &b\n  name: c\n  <<: *b\n', 'm.yaml'),
      ConfigError,
      /^m\.yaml: base\.<< contains itself/,
    );
    throwsNamed(
      () => parseConfigText('tiers: &t\n  - { name: c, extra: *t }\n', 'c.yaml'),
      ConfigError,
      /^c\.yaml: tiers\.0\.extra contains itself/,
    );
  });

  test('flow nesting past the limit is refused unparsed; brackets in quotes and comments do not count', () => {
    const nested = (n: number) => `a: ${'['.repeat(n)}${']'.repeat(n)}\n`;
    assert.deepEqual(parseConfigText(nested(3), 'x.yaml'), { a: [[[]]] });
    assert.ok(parseConfigText(nested(MAX_FLOW_DEPTH), 'x.yaml'));
    throwsNamed(
      () => parseConfigText(nested(MAX_FLOW_DEPTH + 1), 'd.yaml'),
      ConfigError,
      /^d\.yaml: nested too deeply/,
    );
    const quoted = `a: "${'['.repeat(100)}"\nb: '${'{'.repeat(100)}' # ${'['.repeat(100)}\n`;
    assert.deepEqual(parseConfigText(quoted, 'q.yaml'), { a: '['.repeat(100), b: '{'.repeat(100) });
  });

  test('nesting deeper than the parser can follow is one line', () => {
    // Block sequences nest without brackets: the parser's own overflow is caught.
    const deep = `${'- '.repeat(20_000)}x\n`;
    throwsNamed(() => parseConfigText(deep, 'd.yaml'), ConfigError, /^d\.yaml: nested too deeply to read/);
  });

  test('JSON is parsed as JSON and its syntax errors name the file', () => {
    assert.deepEqual(parseConfigText('{"a": [1]}', 'p.json', 'json'), { a: [1] });
    // Like schema problems: the file on the first line, what is wrong below it.
    assert.throws(
      () => parseConfigText('{"a": ', 'p.json', 'json'),
      /^ConfigError: p\.json: not valid JSON\n {2}\S/,
    );
  });
});
