/**
 * Topological order of a dataflow graph's ops, the order every algorithm
 * walks them in.
 */
import type { DataflowGraph } from './graph.js';

/**
 * Topological order of the ops (Kahn's algorithm, ties broken by file
 * position so the order is deterministic), or the ops on a cycle if there is one.
 */
export function topologicalOrder(
  graph: DataflowGraph,
): { ok: true; order: number[] } | { ok: false; cycle: number[] } {
  const n = graph.ops.length;
  const indegree = new Int32Array(n);
  for (const op of graph.ops) {
    for (const t of op.inputs) if (graph.producer.has(t)) indegree[op.index]!++;
  }
  // A binary heap would be O(n log n); file order is nearly topological already,
  // so a sorted ready list stays tiny and this is linear in practice.
  const ready: number[] = [];
  for (let i = n - 1; i >= 0; i--) if (indegree[i] === 0) ready.push(i);
  const order: number[] = [];
  while (ready.length > 0) {
    const next = ready.pop()!;
    order.push(next);
    for (const t of graph.ops[next]!.outputs) {
      for (const c of graph.consumers.get(t) ?? []) {
        if (--indegree[c]! === 0) insertDescending(ready, c);
      }
    }
  }
  if (order.length === n) return { ok: true, order };
  const cycle: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i]! > 0) cycle.push(i);
  return { ok: false, cycle };
}

/** Keep `ready` sorted high-to-low so pop() yields the lowest file position. */
function insertDescending(ready: number[], value: number): void {
  // Shifted by hand: splice allocates an array of the removed items on every call.
  let i = ready.length;
  ready.push(value);
  for (; i > 0 && ready[i - 1]! < value; i--) ready[i] = ready[i - 1]!;
  ready[i] = value;
}
