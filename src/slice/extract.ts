/**
 * Build the ModelProto of one planned part. Weights are shared by reference
 * with the original proto, so external ones keep their external_data entry
 * and their bytes are never read here (write.ts points them at the linked file).
 */
import type { CutTensor } from '../core/tensor.js';
import { dtypeCode } from '../core/dtype.js';
import {
  int64,
  toLong,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type ValueInfoProto,
  onnx,
} from '../onnx/proto.js';
import { nodeReads } from './part-contents.js';
import type { SlicePlan } from './plan.js';

export function extractPart(model: ModelProto, plan: SlicePlan, k: number): onnx.ModelProto.$Properties {
  const graph = model.graph as GraphProto;
  const part = plan.parts[k]!;
  const nodes = part.nodeIndices.map((i) => graph.node![i]!);
  const wantedInit = new Set(part.initializers);
  const declare = declarer(
    graph,
    plan.cuts.flatMap((c) => c.tensors),
    hasDynamicInput(graph),
  );
  const io = new Set([...part.inputs, ...part.outputs]);
  const used = new Set(nodes.flatMap((n) => [...nodeReads(n), ...(n.output ?? [])]));
  const partGraph: GraphProto = {
    name: `${graph.name || 'graph'}_part${k}`,
    docString: graph.docString ?? '',
    node: nodes,
    // Old IR versions list initializers among the inputs too; keep those that stay.
    input: [...part.inputs.map(declare), ...(graph.input ?? []).filter((v) => wantedInit.has(v.name ?? ''))],
    output: part.outputs.map(declare),
    initializer: (graph.initializer ?? []).filter((t) => wantedInit.has(t.name ?? '')),
    sparseInitializer: (graph.sparseInitializer ?? []).filter((t) => wantedInit.has(t.values?.name ?? '')),
    valueInfo: (graph.valueInfo ?? []).filter((v) => used.has(v.name ?? '') && !io.has(v.name ?? '')),
    quantizationAnnotation: (graph.quantizationAnnotation ?? []).filter((a) => used.has(a.tensorName ?? '')),
    metadataProps: graph.metadataProps ?? [],
  };
  return {
    irVersion: model.irVersion,
    opsetImport: model.opsetImport,
    producerName: model.producerName,
    producerVersion: model.producerVersion,
    domain: model.domain,
    modelVersion: model.modelVersion,
    docString: model.docString,
    metadataProps: model.metadataProps,
    functions: usedFunctions(model, nodes),
    graph: partGraph,
  };
}

/**
 * ValueInfo for a part's input or output: the original graph's own entry
 * where there is one (keeping its symbolic dims), else the resolved shape of
 * the cut tensor. When the model takes inputs of varying size, the resolved
 * shape holds for one input size only, so we declare the rank alone and let
 * onnxruntime infer the rest.
 */
function declarer(
  graph: GraphProto,
  cutTensors: readonly CutTensor[],
  dynamic: boolean,
): (name: string) => ValueInfoProto {
  const original = new Map<string, ValueInfoProto>();
  for (const v of [...(graph.output ?? []), ...(graph.input ?? [])]) original.set(v.name ?? '', v);
  const cut = new Map(cutTensors.map((t) => [t.name, t]));
  return (name) => {
    const known = original.get(name);
    if (known) return known;
    const t = cut.get(name);
    // Every part input or output is a graph input/output or a cut tensor; a bare name lets onnxruntime infer.
    if (!t) return { name };
    const dim = t.shape.map((d) => (dynamic ? {} : { dimValue: toLong(d) }));
    return { name, type: { tensorType: { elemType: dtypeCode(t.dtype), shape: { dim } } } };
  };
}

function hasDynamicInput(graph: GraphProto): boolean {
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  return (graph.input ?? [])
    .filter((v) => !initializers.has(v.name ?? ''))
    .some((v) => (v.type?.tensorType?.shape?.dim ?? []).some((d) => !(int64(d.dimValue) > 0)));
}

/** The model-local functions the part's nodes call, directly, in subgraphs or through other functions. */
function usedFunctions(model: ModelProto, nodes: readonly NodeProto[]): onnx.FunctionProto.$Properties[] {
  const functions = model.functions ?? [];
  if (functions.length === 0) return [];
  const key = (
    domain: string | null | undefined,
    name: string | null | undefined,
    overload?: string | null,
  ) => `${domain ?? ''}\u0000${name ?? ''}\u0000${overload ?? ''}`;
  const byKey = new Map(functions.map((f) => [key(f.domain, f.name, f.overload), f]));
  const used = new Set<onnx.FunctionProto.$Properties>();
  const stack = [...nodes];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const attr of node.attribute ?? []) {
      for (const g of [...(attr.g ? [attr.g] : []), ...(attr.graphs ?? [])]) stack.push(...(g.node ?? []));
    }
    const f = byKey.get(key(node.domain, node.opType, node.overload));
    if (f && !used.has(f)) {
      used.add(f);
      stack.push(...(f.node ?? []));
    }
  }
  return functions.filter((f) => used.has(f));
}
