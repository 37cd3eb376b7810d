/**
 * The command line's own words: help, version, and what an unknown command says.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { packageRoot } from '../core/assets.js';

const BIN = path.join(packageRoot(), 'bin', 'couper.js');

function couper(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

describe('couper help', () => {
  it('help COMMAND prints what COMMAND --help prints', () => {
    const viaHelp = couper('help', 'run');
    const viaFlag = couper('run', '--help');
    assert.equal(viaHelp.status, 0);
    assert.equal(viaFlag.status, 0);
    assert.match(viaHelp.stdout, /^usage: couper run /);
    assert.equal(viaHelp.stdout, viaFlag.stdout);
    assert.equal(couper('auto', '-h').stdout, couper('help', 'auto').stdout);
  });

  it('help alone prints the top help, as --help does', () => {
    const r = couper('help');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^usage: couper COMMAND/);
    assert.equal(r.stdout, couper('--help').stdout);
  });

  it('an unknown command is a usage error in one line', () => {
    const r = couper('help', 'nope');
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, "couper: unknown command 'nope' (try 'couper --help')\n");
    assert.equal(couper('help', 'run', 'extra').status, 2);
  });
});

describe('couper --version', () => {
  it("prints package.json's version", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V']) {
      const r = couper(flag);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, `couper ${version}\n`);
    }
  });
});
