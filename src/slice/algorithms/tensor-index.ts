/**
 * Numbering shared by the graph-theoretic algorithms: every dataflow tensor
 * gets a dense id (graph inputs first, then op outputs in topological order,
 * so ids also read from the input side to the output side), and each op is
 * marked as a source (reads no tensor another op writes) or a sink (writes
 * nothing another op reads: the graph outputs and dead ends).
 */
import type { AlgorithmContext } from '../algorithm.js';

export interface TensorIndex {
  readonly names: readonly string[];
  readonly id: ReadonlyMap<string, number>;
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
  const isSource = new Uint8Array(graph.ops.length);
  const isSink = new Uint8Array(graph.ops.length);
  for (const op of graph.ops) {
    isSource[op.index] = op.inputs.some((t) => graph.producer.has(t)) ? 0 : 1;
    isSink[op.index] = op.outputs.some((t) => (graph.consumers.get(t) ?? []).length > 0) ? 0 : 1;
  }
  return { names, id, isSource, isSink };
}
