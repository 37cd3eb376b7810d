/** Tests of making output folders and checking an output file can be written. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { checkWritable, makeDir } from './dirs.js';
import { ConfigError } from './errors.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-dirs-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

describe('makeDir', () => {
  it('makes every missing level and returns the absolute path', () => {
    const want = path.join(root, 'a', 'b', 'c');
    assert.equal(makeDir(want, '--out'), want);
    assert.ok(fs.statSync(want).isDirectory());
    assert.equal(makeDir(want, '--out'), want, 'an existing folder is fine');
  });

  it('refuses a file, or a path through a file, naming the option', () => {
    const file = path.join(root, 'f.txt');
    fs.writeFileSync(file, 'x');
    assert.throws(
      () => makeDir(file, '--out'),
      (e: Error) => e instanceof ConfigError && /--out '.*f\.txt' is an existing file/.test(e.message),
    );
    assert.throws(
      () => makeDir(path.join(file, 'sub'), '--out'),
      (e: Error) => e instanceof ConfigError && /f\.txt' is a file, not a folder/.test(e.message),
    );
    assert.equal(fs.readFileSync(file, 'utf8'), 'x');
  });

  it(
    "fails with a ConfigError where Node's recursive mkdir never returns (/proc)",
    { skip: !fs.existsSync('/proc/self') },
    () => {
      assert.throws(
        () => makeDir('/proc/couper-nope/out', '--out'),
        (e: Error) => e instanceof ConfigError && /cannot create --out folder/.test(e.message),
      );
    },
  );

  it('checkWritable: a file in an existing folder passes; a missing folder or a folder as the file does not', () => {
    checkWritable(path.join(root, 'new.jsonl'), '--records');
    assert.equal(fs.existsSync(path.join(root, 'new.jsonl')), false, 'the check writes nothing');
    assert.throws(
      () => checkWritable(path.join(root, 'nope', 'r.jsonl'), '--records'),
      (e: Error) => e instanceof ConfigError && /--records .*does not exist/.test(e.message),
    );
    assert.throws(
      () => checkWritable(root, '--records'),
      (e: Error) => e instanceof ConfigError && /is a folder; name a file/.test(e.message),
    );
  });
});
