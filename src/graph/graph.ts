/**
 * A format-neutral dataflow graph: compute operators joined by the tensors
 * that flow between them. Weights, constants and anything computed only from
 * them are not dataflow and do not appear here (the paper's "placeholder
 * operators"); see src/slice/model-graph.ts for how an ONNX graph becomes one.
 */
export interface Op {
  /** Position in DataflowGraph.ops. */
  readonly index: number;
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  /** Dataflow tensors read, without duplicates; includes tensors a subgraph captures from outside. */
  readonly inputs: readonly string[];
  /** Tensors written (empty optional outputs left out). */
  readonly outputs: readonly string[];
}

export interface DataflowGraph {
  /** Compute operators in the order the file lists them. */
  readonly ops: readonly Op[];
  /** Graph inputs that carry data (initializer-backed inputs excluded). */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Tensor name to the index of the op that writes it; graph inputs have none. */
  readonly producer: ReadonlyMap<string, number>;
  /** Tensor name to the indices of the ops that read it. */
  readonly consumers: ReadonlyMap<string, readonly number[]>;
}

/** Build the producer/consumer indices for a list of ops. */
export function makeGraph(
  ops: readonly Op[],
  inputs: readonly string[],
  outputs: readonly string[],
): DataflowGraph {
  const producer = new Map<string, number>();
  const consumers = new Map<string, number[]>();
  for (const op of ops) {
    for (const t of op.outputs) producer.set(t, op.index);
    for (const t of op.inputs) {
      const list = consumers.get(t);
      if (list) list.push(op.index);
      else consumers.set(t, [op.index]);
    }
  }
  return { ops, inputs, outputs, producer, consumers };
}
