/**
 * What a shape rule sees of one node: its attributes, its inputs' types and,
 * for small constants, their values. Every accessor that cannot answer
 * throws a ShapeMiss saying why, so rules read as the ONNX spec does.
 */
import type { DType } from '../../core/dtype.js';
import { dtypeFromCode } from '../../core/dtype.js';
import {
  int64,
  type AttributeProto,
  type GraphProto,
  type NodeProto,
  type TensorProto,
} from '../../onnx/proto.js';
import { ShapeMiss, type ConstValue, type TensorType } from './types.js';

/** Where a node's inputs are looked up: its graph, and the graphs around a subgraph. */
export interface Lookup {
  type(name: string): TensorType | undefined;
  value(name: string): ConstValue | undefined;
  /** A data input of the model: its values arrive at run time. */
  isDataInput(name: string): boolean;
  /** The values of a tensor stored in the model (an attribute's), where it is small enough to read. */
  stored(tensor: TensorProto): ConstValue | undefined;
  /** Whether `name` is an initializer (stored in the file, not computed). */
  isStored(name: string): boolean;
}

/** A subgraph output: its type, and its values where they are constant. */
export interface SubgraphOutput {
  readonly type: TensorType;
  readonly value: ConstValue | undefined;
}

/** Outputs of a subgraph (If branch, Loop or Scan body) inferred in the node's scope, its inputs typed as given. */
export type SubgraphInference = (graph: GraphProto, inputs?: readonly TensorType[]) => SubgraphOutput[];

export class NodeContext {
  constructor(
    readonly node: NodeProto,
    /** Version of the ai.onnx opset the model imports. */
    readonly opset: number,
    private readonly scope: Lookup,
    readonly inferSubgraph: SubgraphInference,
  ) {}

  get opType(): string {
    return this.node.opType ?? '';
  }

  /** Inputs listed, empty optional ones included. */
  get inputCount(): number {
    return (this.node.input ?? []).length;
  }

  get outputCount(): number {
    return (this.node.output ?? []).length;
  }

  /** Whether optional input `i` is given. */
  has(i: number): boolean {
    return (this.node.input?.[i] ?? '') !== '';
  }

  inputName(i: number): string {
    return this.node.input?.[i] ?? '';
  }

  type(i: number): TensorType {
    const name = this.inputName(i);
    if (name === '') throw new ShapeMiss(`input ${i} is missing`);
    const t = this.scope.type(name);
    if (!t) throw new ShapeMiss(`depends on '${name}', whose shape is unknown`);
    return t;
  }

  shape(i: number): readonly number[] {
    return this.type(i).shape;
  }

  dtype(i: number): DType {
    return this.type(i).dtype;
  }

  rank(i: number): number {
    return this.shape(i).length;
  }

  /** The values of input `i`, which must be a constant the analysis can read (or fold). */
  value(i: number): ConstValue {
    const name = this.inputName(i);
    if (name === '') throw new ShapeMiss(`input ${i} is missing`);
    const v = this.scope.value(name);
    if (v) return v;
    if (this.scope.isDataInput(name))
      throw new ShapeMiss(`needs the values of model input '${name}', known only at run time`, name);
    if (this.scope.isStored(name))
      throw new ShapeMiss(
        `needs the values of '${name}', a stored tensor too large (or of a type) to read for them`,
      );
    throw new ShapeMiss(`needs the values of '${name}', which it cannot compute before a run`);
  }

  /** Values of input `i` where they are known, else undefined (for rules that can do without). */
  knownValue(i: number): ConstValue | undefined {
    const name = this.inputName(i);
    return name === '' ? undefined : this.scope.value(name);
  }

  /** The values of a tensor attribute (Constant's value, ConstantOfShape's fill), where small enough to read. */
  storedValue(tensor: TensorProto): ConstValue {
    return (
      this.scope.stored(tensor) ??
      this.miss(`holds a tensor too large or of a type the analysis does not read`)
    );
  }

  /** Values of optional input `i`, undefined when it is not given. */
  optionalValue(i: number): ConstValue | undefined {
    return this.has(i) ? this.value(i) : undefined;
  }

  /** Input `i` as a list of whole numbers (axes, a shape, pads). */
  integers(i: number): number[] {
    return wholeNumbers(this.value(i).data, this.inputName(i));
  }

  attr(name: string): AttributeProto | undefined {
    return (this.node.attribute ?? []).find((a) => a.name === name);
  }

  int(name: string, fallback: number): number {
    const a = this.attr(name);
    return a ? int64(a.i) : fallback;
  }

  ints(name: string): number[] | undefined {
    const a = this.attr(name);
    return a ? (a.ints ?? []).map((v) => int64(v)) : undefined;
  }

  float(name: string, fallback: number): number {
    const a = this.attr(name);
    return a ? (a.f ?? 0) : fallback;
  }

  floats(name: string): number[] | undefined {
    const a = this.attr(name);
    return a ? [...(a.floats ?? [])] : undefined;
  }

  string(name: string, fallback: string): string {
    const a = this.attr(name);
    return a?.s ? Buffer.from(a.s).toString('utf8') : fallback;
  }

  tensor(name: string): TensorProto | undefined {
    return this.attr(name)?.t ?? undefined;
  }

  graph(name: string): GraphProto {
    const g = this.attr(name)?.g;
    if (!g) throw new ShapeMiss(`has no '${name}' subgraph`);
    return g;
  }

  /** A dtype given as an attribute holding an ONNX type code. */
  dtypeAttr(name: string, fallback: DType): DType {
    const a = this.attr(name);
    if (!a) return fallback;
    return checkedDType(int64(a.i), `attribute '${name}'`);
  }

  /** An axis attribute or value made non-negative, checked against `rank`. */
  axis(value: number, rank: number): number {
    const a = value < 0 ? value + rank : value;
    if (!Number.isInteger(a) || a < 0 || a >= rank)
      throw new ShapeMiss(`axis ${value} is out of range for rank ${rank}`);
    return a;
  }

  miss(reason: string): never {
    throw new ShapeMiss(reason);
  }
}

export function checkedDType(code: number, where: string): DType {
  try {
    return dtypeFromCode(code, where);
  } catch {
    throw new ShapeMiss(`${where} names dtype ${code}, which is not an ONNX tensor type`);
  }
}

function wholeNumbers(data: readonly number[], name: string): number[] {
  for (const v of data)
    if (!Number.isFinite(v) || Math.trunc(v) !== v)
      throw new ShapeMiss(`'${name}' holds ${v}, not a whole number`);
  return [...data];
}
