/**
 * Cuts. A cut is a set of tensors; the head is every op those tensors depend
 * on, the tail is everything else. A cut is valid when the tail needs nothing
 * from the head (or from the graph inputs) except the cut tensors.
 */
import { CutIndex } from './cut-index.js';
import type { DataflowGraph } from './graph.js';

export type CutCheck =
  | { readonly ok: true; readonly head: Uint8Array; readonly tensors: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/** Ops that `tensors` depend on (their producers and all their ancestors): 1 in head, 0 elsewhere. */
export function headOf(graph: DataflowGraph, tensors: Iterable<string>): Uint8Array {
  const head = new Uint8Array(graph.ops.length);
  const stack: number[] = [];
  for (const t of tensors) {
    const p = graph.producer.get(t);
    if (p !== undefined && head[p] === 0) {
      head[p] = 1;
      stack.push(p);
    }
  }
  while (stack.length > 0) {
    const op = graph.ops[stack.pop()!]!;
    for (const t of op.inputs) {
      const p = graph.producer.get(t);
      if (p !== undefined && head[p] === 0) {
        head[p] = 1;
        stack.push(p);
      }
    }
  }
  return head;
}

/**
 * Tensors that cross from the head side (head ops and graph inputs) to the
 * tail, in a deterministic order: graph inputs first, then by producer position.
 * A cut with an empty tail is not a split; callers filter those out.
 */
export function crossingTensors(graph: DataflowGraph, head: Uint8Array): string[] {
  const out: string[] = [];
  // Graph outputs count as read after the last operator: a result computed on
  // the head side still has to travel on to where the results are collected.
  const outputs = new Set(graph.outputs);
  const readByTail = (t: string): boolean =>
    outputs.has(t) || (graph.consumers.get(t) ?? []).some((c) => head[c] === 0);
  for (const t of graph.inputs) if (readByTail(t)) out.push(t);
  for (const op of graph.ops) {
    if (head[op.index] === 0) continue;
    for (const t of op.outputs) if (readByTail(t)) out.push(t);
  }
  return out;
}

export function checkCut(graph: DataflowGraph, tensors: readonly string[]): CutCheck {
  return new CutIndex(graph).check(tensors);
}

/** Count of ops on the head side. */
export function countHead(head: Uint8Array): number {
  let n = 0;
  for (const v of head) n += v;
  return n;
}
