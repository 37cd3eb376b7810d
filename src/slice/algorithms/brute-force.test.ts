/**
 * Cross-checks against brute force on small random DAGs: the algorithms must
 * agree with checkCut applied to every candidate the slow way.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataflowGraph } from '../../graph/graph.js';
import { checkCut, crossingTensors } from '../../graph/cut.js';
import type { AlgorithmContext } from '../algorithm.js';
import { prefixCuts } from './all-ops.js';
import { articulationTensors } from './articulation.js';
import { CutNetwork } from './cut-network.js';
import { contextOf, random, randomDag } from '../../../test/helpers/test-graphs.js';

const GRAPHS = 150;

function* randomCases(seed: number): Generator<AlgorithmContext> {
  const rand = random(seed);
  for (let i = 0; i < GRAPHS; i++) {
    const graph = randomDag(rand, 3 + Math.floor(rand() * 7));
    const bytes: Record<string, number> = {};
    for (const t of [...graph.inputs, ...graph.producer.keys()]) bytes[t] = 1 + Math.floor(rand() * 20);
    yield contextOf(graph, bytes, 99);
  }
}

const sortedKey = (tensors: readonly string[]): string => [...tensors].sort().join(',');

function readsOnlyInputs(graph: DataflowGraph, op: number): boolean {
  return graph.ops[op]!.inputs.every((t) => !graph.producer.has(t));
}

test('articulation = every tensor that is a valid cut by itself, less the excluded ones', () => {
  for (const ctx of randomCases(1)) {
    const { graph } = ctx;
    const expected = [...graph.producer.entries()]
      .filter(([t, p]) => !graph.outputs.includes(t) && !readsOnlyInputs(graph, p))
      .filter(([t]) => checkCut(graph, [t]).ok)
      .map(([t]) => t);
    assert.deepEqual(
      articulationTensors(ctx).sort(),
      expected.sort(),
      JSON.stringify(graph.ops.map((o) => [o.inputs, o.outputs])),
    );
  }
});

test('all-ops = crossingTensors of every prefix of the order', () => {
  for (const ctx of randomCases(2)) {
    const expected: string[] = [];
    const head = new Uint8Array(ctx.graph.ops.length);
    for (const op of ctx.order.slice(0, -1)) {
      head[op] = 1;
      const crossing = crossingTensors(ctx.graph, head);
      if (crossing.length > 0) expected.push(sortedKey(crossing));
    }
    assert.deepEqual(prefixCuts(ctx).map(sortedKey), expected);
  }
});

test('min-cut after each op is valid and no valid cut separating it from its readers is cheaper', () => {
  for (const ctx of randomCases(3)) {
    const network = new CutNetwork(ctx, 'bytes');
    const valid = allValidCuts(ctx.graph);
    for (const v of ctx.order) {
      const readers = ctx.graph.ops[v]!.outputs.flatMap((t) => ctx.graph.consumers.get(t) ?? []);
      if (readers.length === 0) continue;
      const rivals = valid.filter((c) => c.head[v] === 1 && readers.every((r) => c.head[r] === 0));
      const cut = network.cutAfter(v);
      if (rivals.length === 0) {
        assert.equal(cut, undefined);
        continue;
      }
      assert.ok(cut !== undefined);
      const check = checkCut(ctx.graph, cut);
      assert.ok(check.ok && check.head[v] === 1 && readers.every((r) => check.head[r] === 0));
      const best = Math.min(...rivals.map((c) => cost(ctx, c.tensors)));
      assert.equal(cost(ctx, cut), best);
      const fewest = Math.min(
        ...rivals.filter((c) => cost(ctx, c.tensors) === best).map((c) => c.tensors.length),
      );
      assert.equal(cut.length, fewest);
    }
  }
});

/** Every valid cut, found by trying the crossing set of every subset of ops as a head. */
function allValidCuts(graph: DataflowGraph): { tensors: readonly string[]; head: Uint8Array }[] {
  const n = graph.ops.length;
  const seen = new Map<string, { tensors: readonly string[]; head: Uint8Array }>();
  for (let mask = 1; mask < 1 << n; mask++) {
    const head = Uint8Array.from({ length: n }, (_, i) => (mask >> i) & 1);
    const crossing = crossingTensors(graph, head);
    if (crossing.length === 0) continue;
    const check = checkCut(graph, crossing);
    if (check.ok) seen.set(sortedKey(crossing), { tensors: crossing, head: check.head });
  }
  return [...seen.values()];
}

function cost(ctx: AlgorithmContext, tensors: readonly string[]): number {
  return tensors.reduce((sum, t) => sum + ctx.bytesOf(t), 0);
}
