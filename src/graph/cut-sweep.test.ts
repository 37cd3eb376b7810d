/**
 * CutSweep gives CutIndex's answers, cut after cut, whichever way it builds
 * heads (ancestor bitsets or walks): on random DAGs in file order and
 * shuffled, for every prefix cut, for random (mostly invalid) tensor sets,
 * and on graphs it leaves to CutIndex.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CutIndex } from './cut-index.js';
import { CutSweep, type SweepCheck } from './cut-sweep.js';
import { crossingTensors } from './cut.js';
import { makeGraph, type DataflowGraph } from './graph.js';
import { topologicalOrder } from './topo.js';
import {
  CHAIN,
  LATE_INPUT,
  UNET,
  graphOf,
  permuted,
  random,
  randomDag,
} from '../../test/helpers/test-graphs.js';

/** What CutSweep must answer: CutIndex's verdict, with the head's size and weight. */
function expected(index: CutIndex, weights: readonly number[], tensors: readonly string[]): SweepCheck {
  const check = index.checkLight(tensors);
  if (!check.ok) return check;
  let headWeight = 0;
  for (const op of check.headOps) headWeight += weights[op] ?? 0;
  return { ok: true, tensors: check.tensors, headOps: check.headOps.length, headWeight };
}

/** Prefix cuts of the topological order, then random sets of one to three dataflow tensors. */
function cutsOf(graph: DataflowGraph, rand: () => number): string[][] {
  const sorted = topologicalOrder(graph);
  assert.ok(sorted.ok);
  const head = new Uint8Array(graph.ops.length);
  const cuts: string[][] = [];
  for (const op of sorted.order) {
    head[op] = 1;
    cuts.push(crossingTensors(graph, head));
  }
  const tensors = [...graph.inputs, ...graph.producer.keys()];
  for (let i = 0; i < 40; i++) {
    const size = 1 + Math.floor(rand() * 3);
    cuts.push(Array.from({ length: size }, () => tensors[Math.floor(rand() * tensors.length)]!));
  }
  // Shuffled, so that neighbouring heads are far apart as often as near.
  return cuts.sort(() => rand() - 0.5);
}

function compare(graph: DataflowGraph, seed: number): number {
  const rand = random(seed);
  const weights = graph.ops.map(() => Math.floor(rand() * 1000));
  const index = new CutIndex(graph);
  const sweeps = [new CutSweep(graph, weights), new CutSweep(graph, weights, { ancestorBitsUpTo: 0 })];
  let accepted = 0;
  for (const cut of cutsOf(graph, rand)) {
    const want = expected(index, weights, cut);
    if (want.ok) accepted++;
    for (const sweep of sweeps) assert.deepEqual(sweep.check(cut), want, `seed ${seed}: [${cut.join(', ')}]`);
  }
  return accepted;
}

test('random DAGs: every cut answered as CutIndex answers it, with bitsets and with walks', () => {
  let accepted = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const graph = randomDag(random(seed), 5 + (seed % 60));
    accepted += compare(graph, seed);
    // File order need not be topological.
    accepted += compare(
      permuted(graph, (i) => (i * 7919) % graph.ops.length),
      seed + 1000,
    );
  }
  assert.ok(accepted > 500, `only ${accepted} valid cuts were compared`);
});

test('small graphs: verdicts, tensors in producer order, head sizes and weights', () => {
  const sweep = new CutSweep(UNET, [1, 2, 4, 8, 16, 32, 64, 128]);
  assert.deepEqual(sweep.check(['e3', 'e2', 'e1']), {
    ok: true,
    tensors: ['e1', 'e2', 'e3'],
    headOps: 3,
    headWeight: 7,
  });
  assert.deepEqual(sweep.check(['d2', 'p']), { ok: true, tensors: ['d2', 'p'], headOps: 6, headWeight: 63 });
  assert.equal(sweep.check(['e3']).ok, false);
  assert.deepEqual(sweep.check(['e1', 'e1']), { ok: true, tensors: ['e1'], headOps: 1, headWeight: 1 });
  assert.deepEqual(new CutSweep(CHAIN).check(['b']), { ok: true, tensors: ['b'], headOps: 2, headWeight: 0 });
  const late = new CutSweep(LATE_INPUT);
  assert.deepEqual(late.check(['b']), {
    ok: false,
    reason: "the tail also needs 'x', which the cut does not carry",
  });
  assert.deepEqual(late.check(['x', 'b']), { ok: true, tensors: ['x', 'b'], headOps: 2, headWeight: 0 });
  assert.deepEqual(late.check(['q']), {
    ok: false,
    reason: "tensor 'q' is not a dataflow tensor of this model",
  });
});

test('weights that could round, and a graph input an op also writes, are answered by CutIndex', () => {
  const weights = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
  const index = new CutIndex(UNET);
  const sweep = new CutSweep(UNET, weights);
  for (const cut of [['e1'], ['d2', 'p'], ['d1']])
    assert.deepEqual(sweep.check(cut), expected(index, weights, cut));
  const rewritten = graphOf(['A: x -> a', 'B: a -> x', 'C: x -> y'], ['x'], ['y']);
  const odd = new CutSweep(rewritten);
  const oddIndex = new CutIndex(rewritten);
  for (const cut of [['a'], ['x'], ['y']]) assert.deepEqual(odd.check(cut), expected(oddIndex, [], cut));
});

test('a graph with a cycle is walked, not looped on', () => {
  const ops = [
    { index: 0, name: 'A', opType: 'A', domain: '', inputs: ['x', 'b'], outputs: ['a'] },
    { index: 1, name: 'B', opType: 'B', domain: '', inputs: ['a'], outputs: ['b'] },
    { index: 2, name: 'C', opType: 'C', domain: '', inputs: ['b'], outputs: ['y'] },
  ];
  const graph = makeGraph(ops, ['x'], ['y']);
  const index = new CutIndex(graph);
  const sweep = new CutSweep(graph);
  for (const cut of [['b'], ['a'], ['y']]) assert.deepEqual(sweep.check(cut), expected(index, [], cut));
});

test('a cut of many tensors, given in any order with repeats, comes back once each in producer order', () => {
  // x feeds 24 branches that one op joins: the cut across the branches has 24 tensors.
  const branches = Array.from({ length: 24 }, (_, i) => `b${i}`);
  const graph = graphOf(
    [...branches.map((b, i) => `R${i}: x -> ${b}`), `J: ${branches.join(',')} -> y`],
    ['x'],
    ['y'],
  );
  const index = new CutIndex(graph);
  const sweep = new CutSweep(graph);
  const shuffled = [...branches].reverse();
  shuffled.splice(5, 0, 'b3', 'b17');
  const answer = sweep.check(shuffled);
  assert.deepEqual(answer, expected(index, [], shuffled));
  assert.deepEqual(answer, { ok: true, tensors: branches, headOps: 24, headWeight: 0 });
  assert.equal(sweep.check(shuffled.slice(1)).ok, false);
});
