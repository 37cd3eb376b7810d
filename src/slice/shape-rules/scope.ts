/**
 * The names a graph (or a subgraph, inside its parent's scope) knows: types
 * of every inferred tensor, and values on demand only. A stored constant is
 * read, and a node's fold computed, when a rule asks for a value (Reshape for
 * its shape, say) and not before, so a bias that no rule asks about is never
 * read even when it is small.
 */
import type { TensorProto } from '../../onnx/proto.js';
import type { Lookup } from './context.js';
import { ShapeMiss, type ConstValue, type TensorType } from './types.js';
import { storedType, storedValue } from './values.js';

/** Computes a node's output values; undefined entries where it cannot. */
export type PendingFold = () => readonly (ConstValue | undefined)[];

export class Scope implements Lookup {
  private readonly types = new Map<string, TensorType>();
  /** Values computed or read; null where a stored tensor could not be read. */
  private readonly values = new Map<string, ConstValue | null>();
  private readonly storedTensors = new Map<string, TensorProto>();
  private readonly dataInputs = new Set<string>();
  /** Folds not yet computed, by output name; each entry lists the node's outputs, in order. */
  private readonly pending = new Map<string, { fold: PendingFold; outputs: readonly string[] }>();
  /** Model inputs whose values a fold needed. */
  readonly wanted: Set<string>;

  constructor(
    /** Folder that external data locations are relative to. */
    private readonly modelDir: string | undefined,
    private readonly parent?: Scope,
  ) {
    this.wanted = parent?.wanted ?? new Set();
  }

  /** A scope for a subgraph: its names shadow this one's. */
  child(): Scope {
    return new Scope(this.modelDir, this);
  }

  /** A model input whose values arrive at run time. */
  addInput(name: string, type: TensorType): void {
    this.types.set(name, type);
    this.dataInputs.add(name);
  }

  /** An initializer: its type now, its values on demand. */
  addStored(tensor: TensorProto): boolean {
    const type = storedType(tensor);
    if (!type) return false;
    this.types.set(tensor.name ?? '', type);
    this.storedTensors.set(tensor.name ?? '', tensor);
    return true;
  }

  set(name: string, type: TensorType, value?: ConstValue): void {
    this.types.set(name, type);
    if (value) this.values.set(name, value);
  }

  /** A node's outputs (named, in order; '' for an absent one) can be folded, when asked for, by `fold`. */
  deferFold(outputs: readonly string[], fold: PendingFold): void {
    const entry = { fold, outputs };
    for (const name of outputs) if (name !== '') this.pending.set(name, entry);
  }

  /** Whether `name` is defined here, shadowing any outer scope. */
  defines(name: string): boolean {
    return this.types.has(name);
  }

  type(name: string): TensorType | undefined {
    return this.types.get(name) ?? (this.defines(name) ? undefined : this.parent?.type(name));
  }

  value(name: string): ConstValue | undefined {
    const known = this.values.get(name);
    if (known !== undefined) return known ?? undefined;
    const tensor = this.storedTensors.get(name);
    if (tensor) return this.remember(name, storedValue(tensor, this.modelDir));
    const pending = this.pending.get(name);
    if (pending) {
      this.runFold(pending.outputs, pending.fold);
      return this.values.get(name) ?? undefined;
    }
    return this.defines(name) ? undefined : this.parent?.value(name);
  }

  private remember(name: string, value: ConstValue | undefined): ConstValue | undefined {
    this.values.set(name, value ?? null);
    return value;
  }

  private runFold(outputs: readonly string[], fold: PendingFold): void {
    for (const name of outputs) this.pending.delete(name);
    let values: readonly (ConstValue | undefined)[] = [];
    try {
      values = fold();
    } catch (err) {
      // A fold that cannot compute leaves the values unknown; the types stand.
      if (!(err instanceof ShapeMiss)) throw err;
      if (err.wantsValueOf) this.wanted.add(err.wantsValueOf);
    }
    outputs.forEach((name, i) => name !== '' && this.remember(name, values[i]));
  }

  isDataInput(name: string): boolean {
    return this.dataInputs.has(name) || (!this.defines(name) && (this.parent?.isDataInput(name) ?? false));
  }

  isStored(name: string): boolean {
    return this.storedTensors.has(name) || (!this.defines(name) && (this.parent?.isStored(name) ?? false));
  }

  stored(tensor: TensorProto): ConstValue | undefined {
    return storedValue(tensor, this.modelDir);
  }
}
