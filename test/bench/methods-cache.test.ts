/** Tests of the run cache that lets `npm run bench:methods` resume a case it was stopped in. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RunStore } from '../../bench/methods-cache.js';
import { tempDir } from '../helpers/tiny-models.js';

describe('bench:methods run cache', () => {
  it('reads back what it kept, and leaves no half-written file beside it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'cache', 'runs.json');
    const store = new RunStore(file);
    store.put('m|p|a', { error: 'stage died', wallMs: 12 });
    store.put('m|p|b', { error: 'timed out', wallMs: 34 });
    const again = new RunStore(file);
    assert.deepEqual(again.get('m|p|a'), { error: 'stage died', wallMs: 12 });
    assert.equal(again.get('m|p|b')?.wallMs, 34);
    assert.equal(again.get('m|p|c'), undefined);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['runs.json']);
  });

  it('keeps nothing on disk without a file', () => {
    const store = new RunStore(null);
    store.put('k', { error: 'x', wallMs: 1 });
    assert.equal(store.get('k')?.error, 'x');
  });
});
