/**
 * Dtype and shape of every tensor without running the model: the input
 * shapes, the initializers' headers and per-operator rules (shape-rules/),
 * folding the small integer tensors that shape computations pass around.
 * Weights are never read; a constant operand (Reshape's shape, a Constant
 * node) is read only when it is small (shape-rules/types.ts bounds it).
 * Where the file declares a shape (value_info, graph outputs) that no rule
 * can infer, the declaration is taken, as long as the input shapes are the
 * ones it was declared for.
 */
import { dtypeFromCode } from '../core/dtype.js';
import { int64, type GraphProto, type ModelProto, type ValueInfoProto } from '../onnx/proto.js';
import { inferGraph, type Unknown } from './shape-rules/engine.js';
import { Scope } from './shape-rules/scope.js';
import type { TensorType } from './shape-rules/types.js';
import type { InputSpec } from './inputs.js';

export type { TensorType } from './shape-rules/types.js';
export type { Unknown } from './shape-rules/engine.js';

export interface StaticShapes {
  /** Types of the data inputs and of every node output inferred. */
  readonly types: ReadonlyMap<string, TensorType>;
  /** Node outputs not inferred, in topological order (the first is a root cause), with why. */
  readonly unknown: readonly Unknown[];
  /** Node outputs taken from the file's declarations. */
  readonly declared: readonly string[];
  /** Model inputs whose values a rule needed (shapes that depend on input data). */
  readonly valueWanted: ReadonlySet<string>;
}

export interface StaticOptions {
  /** Use shapes the file declares where no rule answers (default true). */
  readonly useDeclared?: boolean;
}

export function inferStaticShapes(
  proto: ModelProto,
  modelDir: string | undefined,
  specs: readonly InputSpec[],
  options: StaticOptions = {},
): StaticShapes {
  const graph = proto.graph as GraphProto;
  const scope = new Scope(modelDir);
  for (const t of graph.initializer ?? []) scope.addStored(t);
  for (const s of specs) scope.addInput(s.name, { dtype: s.dtype, shape: s.shape });
  const declared = options.useDeclared === false ? undefined : declaredTypes(graph, specs);
  const result = inferGraph(graph, scope, { opset: aiOnnxOpset(proto), ...(declared && { declared }) });
  const types = new Map<string, TensorType>();
  for (const s of specs) types.set(s.name, { dtype: s.dtype, shape: s.shape });
  for (const node of graph.node ?? []) {
    for (const name of node.output ?? []) {
      const type = name === '' ? undefined : scope.type(name);
      if (type) types.set(name, type);
    }
  }
  const valueWanted = new Set([...result.valueWanted, ...scope.wanted]);
  return { types, unknown: result.unknown, declared: result.declared, valueWanted };
}

/** The version of the default (ai.onnx) opset; 1 for files old enough to have none. */
export function aiOnnxOpset(proto: ModelProto): number {
  const entry = (proto.opsetImport ?? []).find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx');
  return entry ? int64(entry.version) : 1;
}

/**
 * Fully static declared types of inner tensors and outputs, or undefined when
 * the inputs are not the shapes the file declares (a user's --input-shape
 * makes every inner declaration stale).
 */
function declaredTypes(graph: GraphProto, specs: readonly InputSpec[]): Map<string, TensorType> | undefined {
  const inputs = new Map((graph.input ?? []).map((v) => [v.name ?? '', v]));
  const matches = specs.every((s) => {
    const dims = inputs.get(s.name)?.type?.tensorType?.shape?.dim ?? [];
    return dims.every((d, i) => d.dimValue == null || int64(d.dimValue) === s.shape[i]);
  });
  if (!matches) return undefined;
  const out = new Map<string, TensorType>();
  for (const v of [...(graph.valueInfo ?? []), ...(graph.output ?? [])]) {
    const type = staticType(v);
    if (type) out.set(v.name ?? '', type);
  }
  return out;
}

function staticType(v: ValueInfoProto): TensorType | undefined {
  const tensorType = v.type?.tensorType;
  const dims = tensorType?.shape?.dim;
  if (!tensorType || !dims) return undefined;
  // A dimension is fixed when dim_value is set (protobuf leaves it null otherwise), even at 0.
  if (!dims.every((d) => d.dimValue != null && int64(d.dimValue) >= 0)) return undefined;
  try {
    return {
      dtype: dtypeFromCode(tensorType.elemType ?? 0, `'${v.name}'`),
      shape: dims.map((d) => int64(d.dimValue)),
    };
  } catch {
    return undefined;
  }
}
