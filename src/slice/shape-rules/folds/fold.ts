/**
 * A fold computes the values of a node's outputs from its inputs' values,
 * for the small integer (and float) tensors that shape computations pass
 * around: Shape → Gather → Concat → Reshape and the like. The engine calls a
 * fold only after the node's rule gave every output a type, and only when
 * every output is small; `types` are those outputs' types.
 */
import type { NodeContext } from '../context.js';
import type { ConstValue, TensorType } from '../types.js';

export type Fold = (n: NodeContext, types: readonly TensorType[]) => readonly (ConstValue | undefined)[];

export type FoldTable = Readonly<Record<string, Fold>>;

/** A value of `type` whose element `k` is `at(k)`. */
export function build(type: TensorType, length: number, at: (k: number) => number): ConstValue {
  const data = new Array<number>(length);
  for (let k = 0; k < length; k++) data[k] = at(k);
  return { ...type, data };
}
