/** Tests of the bench scripts' option parsing: one line for a wrong option, --help with the defaults. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { commaList, parseBenchArgs, parseNumber, unknownName } from '../../bench/args.js';

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

  it('takes a numeric option only when it is a finite number within its bounds', () => {
    const frames = { min: 1, max: 100, integer: true };
    assert.deepEqual(parseNumber('frames', '30', frames), { value: 30 });
    assert.deepEqual(parseNumber('fps', '0.5', { min: 0.01 }), { value: 0.5 });
    for (const bad of ['', ' ', 'ten', '1e999', 'NaN', '0', '101', '2.5'])
      assert.deepEqual(parseNumber('frames', bad, frames), {
        error: `--frames '${bad}' is not an integer from 1 to 100`,
      });
    assert.deepEqual(parseNumber('fps', '-1', { min: 0.01 }), {
      error: "--fps '-1' is not a number at least 0.01",
    });
  });

  it('names the first unknown item of a list option and the known ones', () => {
    assert.equal(unknownName('presets', ['mid-end', 'low-end'], ['low-end', 'mid-end']), null);
    assert.equal(
      unknownName('presets', ['mid-end', 'midend', 'x'], ['low-end', 'mid-end']),
      "--presets: no 'midend'; known: low-end, mid-end",
    );
  });

  for (const [args, line] of [
    [['--models', ''], /^bench:methods: --models names no model/],
    [
      ['--models', 'googlenet', '--fps', 'fast'],
      /^bench:methods: --fps 'fast' is not a number from 0\.01 to 1000;/,
    ],
    [
      ['--models', 'googlenet', '--presets', 'midend'],
      /^bench:methods: --presets: no 'midend'; known: testbed, /,
    ],
    [['--models', 'googlenet', '--presets', '', '--paced', ''], /^bench:methods: nothing to stage/],
  ] as const) {
    it(`refuses bench:methods ${args.join(' ')} in one line, exit 2, before staging anything`, () => {
      const r = spawnSync(process.execPath, [path.join(dist, 'bench', 'methods.js'), ...args], {
        encoding: 'utf8',
      });
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, line);
      assert.equal(r.stderr.trimEnd().includes('\n'), false);
    });
  }

  it('exits 2 with one line and no stack trace from a bench script', () => {
    const r = spawnSync(process.execPath, [path.join(dist, 'bench', 'paced-fidelity.js'), '--modle', 'x'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^bench:paced-fidelity: Unknown option '--modle'[^\n]*\n$/);
  });
});
