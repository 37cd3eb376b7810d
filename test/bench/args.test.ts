/** Tests of the bench scripts' option parsing: one line for a wrong option, --help with the defaults. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { commaList, parseBenchArgs } from '../../bench/args.js';

const options = {
  frames: { type: 'string', default: '10' },
  json: { type: 'boolean', default: false },
  out: { type: 'string' },
} as const;
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('bench options', () => {
  it('returns the values, defaults filled in', () => {
    const parsed = parseBenchArgs('bench:x', options, ['--frames', '30', '--json']);
    assert.deepEqual('values' in parsed && { ...parsed.values }, { frames: '30', json: true });
  });

  it('splits a comma-separated option, dropping empty items', () => {
    assert.deepEqual(commaList('a,,b,'), ['a', 'b']);
    assert.deepEqual(commaList(''), []);
  });

  it('names the unknown option in one line', () => {
    const parsed = parseBenchArgs('bench:x', options, ['--frame', '30']);
    assert.ok('error' in parsed);
    assert.match(parsed.error, /^bench:x: Unknown option '--frame'.*--help lists the options$/);
    assert.equal(parsed.error.includes('\n'), false);
  });

  it('lists every option with its default for --help', () => {
    const parsed = parseBenchArgs('bench:x', options, ['--frames', '3', '--help']);
    assert.ok('help' in parsed);
    assert.deepEqual(parsed.help.split('\n'), [
      'usage: bench:x [options]',
      '  --frames VALUE (default: "10")',
      '  --json (default: false)',
      '  --out VALUE',
    ]);
  });

  it('exits 2 with one line and no stack trace from a bench script', () => {
    const r = spawnSync(process.execPath, [path.join(dist, 'bench', 'paced-fidelity.js'), '--modle', 'x'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^bench:paced-fidelity: Unknown option '--modle'[^\n]*\n$/);
  });
});
