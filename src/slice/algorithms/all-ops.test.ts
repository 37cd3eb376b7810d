/** Tests of the all-ops candidate algorithm on small hand-built graphs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allOps, prefixCuts } from './all-ops.js';
import { CHAIN, contextOf, LATE_INPUT, RESIDUAL, UNET } from '../../../test/helpers/test-graphs.js';

test('a chain has one single-tensor cut after each op but the last', () => {
  assert.deepEqual(prefixCuts(contextOf(CHAIN)), [['a'], ['b'], ['c']]);
});

test('inside a residual block the cuts carry the skip tensor too', () => {
  assert.deepEqual(prefixCuts(contextOf(RESIDUAL)), [['a'], ['a', 'b'], ['a', 'c'], ['d'], ['e']]);
});

test('a graph input read late crosses every cut before its last reader', () => {
  assert.deepEqual(prefixCuts(contextOf(LATE_INPUT)), [
    ['x', 'a'],
    ['x', 'b'],
  ]);
});

test('the cuts follow the given order, not the file order', () => {
  // Topological order of UNET: E1 E2 E3 D3 D2 P D1 OUT (P waits for its file position).
  const ctx = contextOf(UNET);
  assert.deepEqual(prefixCuts({ graph: UNET, order: ctx.order }), [
    ['e1'],
    ['e1', 'e2'],
    ['e1', 'e2', 'e3'],
    ['e1', 'e2', 'd3'],
    ['e1', 'd2'],
    ['d2', 'p'],
    ['d1'],
  ]);
  const pFirst = [0, 5, 1, 2, 3, 4, 6, 7];
  assert.deepEqual(prefixCuts({ graph: UNET, order: pFirst })[1], ['e1', 'p']);
});

test('the registered algorithm returns the same cuts', async () => {
  const ctx = contextOf(RESIDUAL);
  assert.deepEqual(await allOps.findCuts(ctx), prefixCuts(ctx));
  assert.equal(allOps.name, 'all-ops');
});
