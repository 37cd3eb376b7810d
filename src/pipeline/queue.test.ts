/** Tests of the bounded queue in front of each stage's worker. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedQueue } from './queue.js';

describe('BoundedQueue', () => {
  it('refuses items beyond its capacity instead of growing', () => {
    const q = new BoundedQueue<number>(2);
    assert.deepEqual(
      [1, 2, 3].map((n) => q.offer(n)),
      [true, true, false],
    );
    assert.equal(q.size, 2);
  });

  it('hands an item straight to a waiting worker without using capacity', async () => {
    const q = new BoundedQueue<number>(1);
    const taken = q.take();
    assert.equal(q.offer(1), true);
    assert.equal(await taken, 1);
    assert.equal(q.offer(2), true);
    assert.equal(q.offer(3), false);
    assert.equal(await q.take(), 2);
  });

  it('wakes a waiting worker with null on close and returns what was queued', async () => {
    const q = new BoundedQueue<number>(1);
    const waiting = q.take();
    assert.deepEqual(q.close(), []);
    assert.equal(await waiting, null);
    assert.equal(q.offer(1), false);
    const r = new BoundedQueue<number>(3);
    r.offer(1);
    r.offer(2);
    assert.deepEqual(r.close(), [1, 2]);
  });
});
