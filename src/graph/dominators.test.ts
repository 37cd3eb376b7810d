/** Tests of immediate dominators and dominator chains. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dominates, dominatorChain, dominatorsOfDag } from './dominators.js';

// 0 -> 1 -> 2 -> 4 -> 5, 1 -> 3 -> 4, 6 unreachable.
const succ = [[1], [2, 3], [4], [4], [5], [], [5]];
const preds = (v: number): number[] => succ.flatMap((s, u) => (s.includes(v) ? [u] : []));

test('immediate dominators of a diamond: the join is dominated by the fork', () => {
  const doms = dominatorsOfDag(7, [0, 1, 2, 3, 4, 5], preds);
  assert.deepEqual([...doms.idom], [0, 0, 1, 1, 1, 4, -1]);
});

test('dominates and dominatorChain follow the tree', () => {
  const doms = dominatorsOfDag(7, [0, 1, 2, 3, 4, 5], preds);
  assert.equal(dominates(doms, 1, 5), true);
  assert.equal(dominates(doms, 2, 5), false);
  assert.equal(dominates(doms, 5, 5), true);
  assert.equal(dominates(doms, 6, 5), false);
  assert.deepEqual(dominatorChain(doms, 5), [5, 4, 1, 0]);
  assert.deepEqual(dominatorChain(doms, 6), []);
});

test('a node whose predecessors meet only at the root is dominated by the root', () => {
  // 0 -> 1 -> 3, 0 -> 2 -> 3
  const p = [[], [0], [0], [1, 2]];
  const doms = dominatorsOfDag(4, [0, 2, 1, 3], (v) => p[v]!);
  assert.deepEqual([...doms.idom], [0, 0, 0, 0]);
});

test('an empty order gives no dominators', () => {
  const doms = dominatorsOfDag(2, [], () => []);
  assert.deepEqual([...doms.idom], [-1, -1]);
});
