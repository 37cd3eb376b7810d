/** Tests of articulation segments: the tensors every input-to-output path crosses. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeGraph, type DataflowGraph } from '../../graph/graph.js';
import { articulationSegments } from './segments.js';
import { indexTensors } from './tensor-index.js';
import { contextOf, random, randomDag, RESIDUAL, UNET } from '../../../test/helpers/test-graphs.js';

test('a residual block: a opens segment 1, d segment 2, e segment 3', () => {
  const ctx = contextOf(RESIDUAL);
  const index = indexTensors(ctx);
  const { ofOp, chain } = articulationSegments(ctx, index);
  assert.deepEqual(
    chain.map((k) => index.names[k]),
    ['x', 'a', 'd', 'e'], // not y: the path through F to the end does not need it
  );
  // A reads x (segment 1); B, C, D depend on a; E on d; F on e.
  assert.deepEqual([...ofOp], [1, 2, 2, 2, 3, 4]);
});

test('a U-Net: the skips leave only the ends as segment boundaries', () => {
  const ctx = contextOf(UNET);
  const index = indexTensors(ctx);
  const { ofOp, chain } = articulationSegments(ctx, index);
  assert.deepEqual(
    chain.map((k) => index.names[k]),
    ['x', 'e1', 'd1'],
  );
  assert.deepEqual([...ofOp], [1, 2, 2, 2, 2, 2, 2, 3]);
});

test('on random DAGs the chain is every tensor no input-to-output path avoids, and segments count them', () => {
  const rand = random(11);
  for (let i = 0; i < 200; i++) {
    const dag = randomDag(rand, 2 + Math.floor(rand() * 14));
    // Some results left unread and not outputs (dead ends), some read tensors made outputs.
    const outputs = [...dag.producer.keys()].filter((t) => rand() < (dag.consumers.has(t) ? 0.1 : 0.7));
    const graph = makeGraph(dag.ops, dag.inputs, outputs);
    const ctx = contextOf(graph);
    const index = indexTensors(ctx);
    const { ofOp, chain } = articulationSegments(ctx, index);
    const names = chain.map((k) => index.names[k]!);
    const brute = index.names.filter((t) => !reachesEnd(graph, t));
    assert.deepEqual([...names].sort(), [...brute].sort());
    for (const op of graph.ops) {
      const above = ancestorsTensors(graph, op.index);
      assert.equal(ofOp[op.index], names.filter((t) => above.has(t)).length, `op ${op.name}`);
    }
  }
});

/** Whether some path from the inputs (or an op reading nothing) reaches the end without touching `avoid`. */
function reachesEnd(graph: DataflowGraph, avoid: string): boolean {
  const seen = new Set<string>();
  const stack = graph.inputs.filter((t) => t !== avoid);
  const starts = graph.ops.filter(
    (op) => !op.inputs.some((t) => graph.producer.has(t) || graph.inputs.includes(t)),
  );
  for (const op of starts) stack.push(...op.outputs.filter((t) => t !== avoid));
  if (starts.some((op) => op.outputs.every((t) => !graph.consumers.has(t)))) return true;
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    if (graph.outputs.includes(t)) return true;
    for (const r of graph.consumers.get(t) ?? []) {
      const outs = graph.ops[r]!.outputs;
      // An op whose outputs nobody reads runs to the end by itself.
      if (outs.every((o) => !graph.consumers.has(o))) return true;
      stack.push(...outs.filter((o) => o !== avoid));
    }
  }
  return false;
}

/** Tensors op i depends on: its inputs and, transitively, theirs. */
function ancestorsTensors(graph: DataflowGraph, i: number): Set<string> {
  const found = new Set<string>();
  const stack = [...graph.ops[i]!.inputs];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (found.has(t)) continue;
    found.add(t);
    const p = graph.producer.get(t);
    if (p !== undefined) stack.push(...graph.ops[p]!.inputs);
  }
  return found;
}
