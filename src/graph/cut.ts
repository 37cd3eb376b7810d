/**
 * Cuts. A cut is a set of tensors; the head is every op those tensors depend
 * on, the tail is everything else. A cut is valid when the tail needs nothing
 * from the head (or from the graph inputs) except the cut tensors.
 */
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
 */
export function crossingTensors(graph: DataflowGraph, head: Uint8Array): string[] {
  const out: string[] = [];
  const readByTail = (t: string): boolean => (graph.consumers.get(t) ?? []).some((c) => head[c] === 0);
  for (const t of graph.inputs) if (readByTail(t)) out.push(t);
  for (const op of graph.ops) {
    if (head[op.index] === 0) continue;
    for (const t of op.outputs) if (readByTail(t)) out.push(t);
  }
  return out;
}

export function checkCut(graph: DataflowGraph, tensors: readonly string[]): CutCheck {
  for (const t of tensors) {
    if (!graph.producer.has(t) && !graph.inputs.includes(t)) {
      return { ok: false, reason: `tensor '${t}' is not a dataflow tensor of this model` };
    }
  }
  const head = headOf(graph, tensors);
  const crossing = crossingTensors(graph, head);
  const wanted = new Set(tensors);
  const missing = crossing.filter((t) => !wanted.has(t));
  if (missing.length > 0) {
    return { ok: false, reason: `the tail also needs ${quoteList(missing)}, which the cut does not carry` };
  }
  const crossingSet = new Set(crossing);
  const idle = tensors.filter((t) => !crossingSet.has(t));
  if (idle.length > 0) return { ok: false, reason: `nothing after the cut reads ${quoteList(idle)}` };
  return { ok: true, head, tensors: crossing };
}

/** Count of ops on the head side. */
export function countHead(head: Uint8Array): number {
  let n = 0;
  for (const v of head) n += v;
  return n;
}

function quoteList(names: readonly string[]): string {
  const shown = names.slice(0, 3).map((n) => `'${n}'`);
  return names.length > 3 ? `${shown.join(', ')} and ${names.length - 3} more` : shown.join(', ');
}
