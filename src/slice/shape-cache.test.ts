/**
 * Tests of the shape-run cache: entries checked field by field, a size bound,
 * and the most recently used kept.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../test/helpers/build-model.js';
import {
  checkedEntry,
  MAX_ENTRIES,
  MAX_ENTRY_BYTES,
  readCachedShapes,
  writeCachedShapes,
} from './shape-cache.js';

const KEY = 'a'.repeat(64);
const good = { format: 1, key: KEY, tensors: { t: { dtype: 'int64', shape: [2, 3] } } };

test('an entry is read field by field: anything not ours is refused', () => {
  assert.deepEqual([...checkedEntry(good, KEY)!], [['t', { dtype: 'int64', shape: [2, 3] }]]);
  const bad = (tensors: unknown, over: object = {}) => checkedEntry({ ...good, tensors, ...over }, KEY);
  assert.equal(checkedEntry(good, 'b'.repeat(64)), undefined, 'another key');
  assert.equal(bad(good.tensors, { format: 2 }), undefined, 'another format');
  assert.equal(bad({ t: { dtype: 'float33', shape: [1] } }), undefined, 'unknown dtype');
  assert.equal(bad({ t: { dtype: 'int64', shape: [-1] } }), undefined, 'negative dimension');
  assert.equal(bad({ t: { dtype: 'int64', shape: [1.5] } }), undefined, 'fractional dimension');
  assert.equal(bad({ t: { dtype: 'int64', shape: new Array(65).fill(1) } }), undefined, 'absurd rank');
  assert.equal(bad([]), undefined, 'tensors not an object');
  assert.equal(checkedEntry('text', KEY), undefined);
});

test('written entries read back; a name the entry lacks is a miss', (t) => {
  const dir = tempDir(t);
  writeCachedShapes(dir, KEY, new Map([['t', { dtype: 'float32', shape: [4] }]]));
  assert.deepEqual([...readCachedShapes(dir, KEY, ['t'])!], [['t', { dtype: 'float32', shape: [4] }]]);
  assert.equal(readCachedShapes(dir, KEY, ['t', 'u']), undefined);
  assert.equal(readCachedShapes(dir, 'c'.repeat(64), ['t']), undefined);
});

test('an entry file over the size bound is not read', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, `${KEY}.json`);
  fs.writeFileSync(file, JSON.stringify(good));
  fs.truncateSync(file, MAX_ENTRY_BYTES + 1);
  assert.equal(readCachedShapes(dir, KEY, ['t']), undefined);
});

test(`the folder keeps the ${MAX_ENTRIES} most recently used entries`, (t) => {
  const dir = tempDir(t);
  const keys = Array.from({ length: MAX_ENTRIES + 3 }, (_, i) => i.toString(16).padStart(64, '0'));
  keys.forEach((key, i) => {
    writeCachedShapes(dir, key, new Map([['t', { dtype: 'int64', shape: [i] }]]));
    // Distinct modification times, oldest first.
    fs.utimesSync(path.join(dir, `${key}.json`), 1000 + i, 1000 + i);
  });
  writeCachedShapes(dir, 'f'.repeat(64), new Map([['t', { dtype: 'int64', shape: [1] }]]));
  const left = fs.readdirSync(dir);
  assert.equal(left.length, MAX_ENTRIES);
  assert.ok(!left.includes(`${keys[0]}.json`) && !left.includes(`${keys[3]}.json`));
  assert.ok(left.includes(`${keys[4]}.json`));
});
