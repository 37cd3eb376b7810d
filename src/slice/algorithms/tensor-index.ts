/**
 * Numbering shared by the graph-theoretic algorithms: every dataflow tensor
 * gets a dense id (graph inputs first, then op outputs in topological order,
 * so ids also read from the input side to the output side), each op's read
 * and written tensors as ids, and each op is marked as a source (reads no
 * tensor another op writes) or a sink (writes nothing another op reads: the
 * graph outputs and dead ends). The names are looked up here once; the
 * algorithms then work on integers.
 */
import type { AlgorithmContext } from '../algorithm.js';
import { ListBuilder, type Lists } from './int-list.js';

export interface TensorIndex {
  readonly names: readonly string[];
  readonly id: ReadonlyMap<string, number>;
  /** Ids of the tensors each op reads (Op.inputs order, tensors without an id left out). */
  readonly reads: Lists;
  /** Ids of the tensors each op writes (Op.outputs order). */
  readonly writes: Lists;
  /** 1 for ops whose inputs are all graph inputs (or that have none). */
  readonly isSource: Uint8Array;
  /** 1 for ops none of whose outputs another op reads. */
  readonly isSink: Uint8Array;
}

export function indexTensors(ctx: Pick<AlgorithmContext, 'graph' | 'order'>): TensorIndex {
  const { graph, order } = ctx;
  const names: string[] = [];
  const id = new Map<string, number>();
  const add = (t: string): void => {
    if (id.has(t)) return;
    id.set(t, names.length);
    names.push(t);
  };
  for (const t of graph.inputs) add(t);
  for (const i of order) for (const t of graph.ops[i]!.outputs) add(t);
  const n = graph.ops.length;
  const reads = new ListBuilder(n);
  const writes = new ListBuilder(n);
  const written = new Uint8Array(names.length);
  const read = new Uint8Array(names.length);
  for (let i = 0; i < n; i++) {
    const op = graph.ops[i]!;
    for (const t of op.inputs) {
      const k = id.get(t);
      if (k === undefined) continue;
      reads.add(k);
      read[k] = 1;
    }
    for (const t of op.outputs) {
      const k = id.get(t)!;
      writes.add(k);
      written[k] = 1;
    }
    reads.end();
    writes.end();
  }
  const index = { names, id, reads: reads.done(), writes: writes.done() };
  const isSource = new Uint8Array(n);
  const isSink = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    isSource[i] = anyOf(index.reads, i, written) ? 0 : 1;
    isSink[i] = anyOf(index.writes, i, read) ? 0 : 1;
  }
  return { ...index, isSource, isSink };
}

/** Whether list i holds a tensor marked in `marks`. */
function anyOf(lists: Lists, i: number, marks: Uint8Array): boolean {
  for (let j = lists.start[i]!; j < lists.start[i + 1]!; j++) if (marks[lists.items[j]!] === 1) return true;
  return false;
}
