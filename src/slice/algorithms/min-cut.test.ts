/** Tests of the min-cut candidate algorithm on small hand-built graphs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCut, headOf } from '../../graph/cut.js';
import { CutNetwork } from './cut-network.js';
import { minCut, minCutTensors } from './min-cut.js';
import { CHAIN, contextOf, graphOf, UNET, UNET_BYTES } from '../../../test/helpers/test-graphs.js';

test('a U-Net: two-tensor cuts through the cheap projection, smallest first', () => {
  assert.deepEqual(minCutTensors(contextOf(UNET, UNET_BYTES, 2)), [['e2', 'p'], ['d2', 'p'], ['e1'], ['d1']]);
});

test('a larger K admits three-tensor cuts, in order of bytes then size', () => {
  assert.deepEqual(minCutTensors(contextOf(UNET, UNET_BYTES, 3)), [
    ['e2', 'p'],
    ['d2', 'p'],
    ['e2', 'e3', 'p'],
    ['e2', 'd3', 'p'],
    ['e1'],
    ['d1'],
  ]);
});

test('K = 1 keeps only single-tensor cuts', () => {
  const cuts = minCutTensors(contextOf(UNET, UNET_BYTES, 1));
  assert.deepEqual(cuts, [['e1'], ['d1']]);
});

test('the cut after an op follows the bytes: the projection is skipped when it is dearer', () => {
  const ctx = contextOf(UNET, { ...UNET_BYTES, p: 500 }, 4);
  const network = new CutNetwork(ctx, 'bytes');
  assert.deepEqual(network.cutAfter(1), ['e1', 'e2']); // after E2
  const head = headOf(UNET, ['e1', 'e2']);
  assert.deepEqual([...head], [1, 1, 0, 0, 0, 0, 0, 0]);
});

test('when the cheapest cut is too wide, the narrowest one within K is kept', () => {
  // After V, the branch P-Q-R can go either side; its cheapest crossing is q1, q2.
  const g = graphOf(
    ['A: x -> a', 'P: a -> p', 'Q: p -> q1,q2', 'R: q1,q2 -> r', 'V: a -> v', 'W: v,r -> y'],
    ['x'],
    ['y'],
  );
  const bytes = { a: 50, p: 100, q1: 1, q2: 1, r: 60, v: 1 };
  assert.deepEqual(new CutNetwork(contextOf(g, bytes, 2), 'bytes').cutAfter(4), ['q1', 'q2', 'v']);
  const narrowest = new CutNetwork(contextOf(g, bytes, 2), 'count');
  assert.deepEqual(narrowest.cutAfter(4), ['a', 'v']);
  assert.equal(narrowest.cutAfter(4, 2 * narrowest.unit), undefined); // no cut of one tensor
  const cuts = minCutTensors(contextOf(g, bytes, 2));
  assert.ok(cuts.some((c) => c.join() === 'a,v'));
  assert.ok(cuts.every((c) => c.length <= 2));
});

test('a chain gives its tensors, smallest first; every cut passes checkCut', () => {
  const ctx = contextOf(CHAIN, { a: 3, b: 1, c: 2 });
  const cuts = minCutTensors(ctx);
  assert.deepEqual(cuts, [['b'], ['c'], ['a']]);
  for (const cut of cuts) assert.equal(checkCut(CHAIN, cut).ok, true);
});

test('the registered algorithm is min-cut', async () => {
  assert.equal(minCut.name, 'min-cut');
  assert.deepEqual(await minCut.findCuts(contextOf(CHAIN)), [['a'], ['b'], ['c']]);
});
