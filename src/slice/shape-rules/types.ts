/**
 * What static shape inference knows about a tensor: its dtype and a fully
 * static shape (the input shapes are always concrete here, so no symbolic
 * dimensions survive), and for small constants their values.
 */
import type { DType } from '../../core/dtype.js';

export interface TensorType {
  readonly dtype: DType;
  readonly shape: readonly number[];
}

/**
 * The values of a small constant tensor, row-major. Integers, booleans (0/1)
 * and floats are all held as JS numbers: exact for every integer a shape
 * computation meets (up to 2^53), and float32 results are rounded with
 * Math.fround where they are made, as onnxruntime would compute them.
 */
export interface ConstValue extends TensorType {
  readonly data: readonly number[];
}

/** Why a tensor's shape could not be inferred; thrown by rules, caught by the engine. */
export class ShapeMiss extends Error {
  constructor(
    readonly reason: string,
    /** A graph input whose value the rule needed: the shape depends on input data. */
    readonly wantsValueOf?: string,
  ) {
    super(reason);
  }
}

/** Tensors the analysis holds values for: at most this many elements (shape operands are tiny). */
export const MAX_VALUE_ELEMENTS = 4096;

/** Stored constants (initializers, Constant nodes, external data) read for their values: at most this many bytes. */
export const MAX_CONSTANT_BYTES = 64 * 1024;
