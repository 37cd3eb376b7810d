/**
 * The names a graph (or an If branch, inside its parent's scope) knows:
 * types of every inferred tensor, values of the small ones, and stored
 * constants whose values are read only when a rule or fold asks for them.
 */
import type { TensorProto } from '../../onnx/proto.js';
import type { Lookup } from './context.js';
import type { ConstValue, TensorType } from './types.js';
import { isReadable, storedType, storedValue } from './values.js';

export class Scope implements Lookup {
  private readonly types = new Map<string, TensorType>();
  /** Values computed or read; null where a stored tensor could not be read. */
  private readonly values = new Map<string, ConstValue | null>();
  private readonly storedTensors = new Map<string, TensorProto>();
  private readonly dataInputs = new Set<string>();

  constructor(
    /** Folder that external data locations are relative to. */
    private readonly modelDir: string | undefined,
    private readonly parent?: Scope,
  ) {}

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
    if (tensor) {
      const read = storedValue(tensor, this.modelDir) ?? null;
      this.values.set(name, read);
      return read ?? undefined;
    }
    return this.defines(name) ? undefined : this.parent?.value(name);
  }

  /** Whether value(name) can answer, without reading anything. */
  mayHaveValue(name: string): boolean {
    const known = this.values.get(name);
    if (known !== undefined) return known !== null;
    const type = this.storedTensors.has(name) ? this.types.get(name) : undefined;
    if (type) return isReadable(type);
    return this.defines(name) ? false : (this.parent?.mayHaveValue(name) ?? false);
  }

  isDataInput(name: string): boolean {
    return this.dataInputs.has(name) || (!this.defines(name) && (this.parent?.isDataInput(name) ?? false));
  }

  stored(tensor: TensorProto): ConstValue | undefined {
    return storedValue(tensor, this.modelDir);
  }
}
