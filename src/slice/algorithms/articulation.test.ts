/** Tests of the articulation candidate algorithm on small hand-built graphs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articulation, articulationTensors } from './articulation.js';
import {
  CHAIN,
  contextOf,
  graphOf,
  LATE_INPUT,
  permuted,
  RESIDUAL,
  UNET,
} from '../../../test/helpers/test-graphs.js';

test('a chain: every inner tensor but what the first op writes', () => {
  assert.deepEqual(articulationTensors(contextOf(CHAIN)), ['b', 'c']);
});

test('a residual block: the body is not a cut, the block output is', () => {
  assert.deepEqual(articulationTensors(contextOf(RESIDUAL)), ['d', 'e']);
});

test('a U-Net: nothing inside the span of the skip connections', () => {
  assert.deepEqual(articulationTensors(contextOf(UNET)), ['d1']);
});

test('a graph input read late rules out every cut before its reader', () => {
  assert.deepEqual(articulationTensors(contextOf(LATE_INPUT)), []);
});

test('the result does not depend on the file order of the ops', () => {
  const reversedBody = permuted(RESIDUAL, (i) => [0, 2, 1, 3, 5, 4][i]!);
  assert.deepEqual(articulationTensors(contextOf(reversedBody)), ['d', 'e']);
  const unetShuffled = permuted(UNET, (i) => [3, 6, 1, 7, 0, 2, 4, 5][i]!);
  assert.deepEqual(articulationTensors(contextOf(unetShuffled)), ['d1']);
});

test('a second first op (two sources) hides nothing, and a dead-end branch rules out cuts it needs', () => {
  // S1 and S2 both read x; J joins them; K hangs a dead end off j; L goes on.
  const g = graphOf(
    ['S1: x -> s1', 'S2: x -> s2', 'J: s1,s2 -> j', 'M: j -> m', 'K: j -> k', 'L: m -> n', 'Z: n -> y'],
    ['x'],
    ['y', 'k'],
  );
  // j is read by K (a sink) and M: cutting at m or n would strand K's input j in the tail.
  assert.deepEqual(articulationTensors(contextOf(g)), ['j']);
});

test('the registered algorithm returns one-tensor cuts', async () => {
  assert.deepEqual(await articulation.findCuts(contextOf(CHAIN)), [['b'], ['c']]);
});
