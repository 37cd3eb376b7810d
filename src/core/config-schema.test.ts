/** Tests of the config-file error format: paths, quoting, the first line, the cap. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { parseConfig, pathText, show } from './config-schema.js';
import { ConfigError } from './errors.js';

const place = { source: 'x.yaml', root: 'thing', what: 'the thing' };

function message(schema: z.ZodType, value: unknown): string {
  try {
    parseConfig(schema, value, place);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
  assert.fail('accepted');
}

describe('config schema errors', () => {
  it('writes paths in the file’s terms and quotes values short', () => {
    assert.equal(pathText('infra', ['tiers', 0, 'cpus']), 'infra.tiers[0].cpus');
    assert.equal(pathText('infra', ['placement', 'my stage']), 'infra.placement["my stage"]');
    assert.equal(show(Infinity), 'Infinity');
    assert.equal(show(undefined), 'nothing');
    assert.equal(show('x'.repeat(100)), `"${'x'.repeat(56)}…`);
  });

  it('lists every problem under a first line with the count, one unknown key per line', () => {
    const schema = z.strictObject({ a: z.number().max(3), b: z.enum(['x', 'y']) });
    assert.equal(
      message(schema, { a: 4, b: 'z', c: 1, d: 2 }),
      [
        'x.yaml: 4 problems in the thing',
        '  thing.a: must be <= 3, not 4',
        '  thing.b: must be "x" or "y", not "z"',
        '  thing.c: unknown field',
        '  thing.d: unknown field',
      ].join('\n'),
    );
    assert.equal(
      message(schema, { a: 1 }),
      'x.yaml: 1 problem in the thing\n  thing.b: missing (must be "x" or "y")',
    );
  });

  it('shows at most 100 problems of a hostile file, and says how many there are', () => {
    const lines = message(
      z.array(z.number()),
      Array.from({ length: 150 }, () => 'n'),
    ).split('\n');
    assert.equal(lines[0], 'x.yaml: 150 problems in the thing');
    assert.equal(lines.length, 102);
    assert.equal(lines[100], '  thing[99]: must be a number, not "n"');
    assert.equal(lines[101], '  … and 50 more');
  });
});
