/**
 * A summary of a model for `couper inspect`: what it reads and writes, what it
 * is made of, and where its weights live. Read from the file alone, no run.
 */
import { dtypeFromCode, byteSize, isKnownDTypeCode } from '../core/dtype.js';
import { elementCount } from '../core/tensor.js';
import { externalRef } from '../onnx/external-data.js';
import { allTensors, type LoadedModel } from '../onnx/model-file.js';
import { int64, type GraphProto, type TensorProto, type ValueInfoProto } from '../onnx/proto.js';
import type { ModelGraph } from './model-graph.js';

export interface ValueSummary {
  readonly name: string;
  readonly dtype: string;
  readonly shape: ReadonlyArray<number | string>;
}

export interface ModelSummary {
  readonly file: string;
  readonly irVersion: number;
  readonly opsets: ReadonlyArray<{ domain: string; version: number }>;
  readonly producer: string;
  readonly inputs: readonly ValueSummary[];
  readonly outputs: readonly ValueSummary[];
  readonly nodes: number;
  readonly operators: number;
  readonly constantNodes: number;
  readonly controlFlowNodes: number;
  readonly opTypes: Record<string, number>;
  readonly weights: {
    readonly tensors: number;
    readonly inlineBytes: number;
    readonly externalBytes: number;
  };
  readonly externalFiles: readonly string[];
}

const CONTROL_FLOW = new Set(['If', 'Loop', 'Scan']);

export function summarise(model: LoadedModel, mg: ModelGraph): ModelSummary {
  const graph = model.proto.graph as GraphProto;
  const nodes = graph.node ?? [];
  const opTypes: Record<string, number> = {};
  for (const op of mg.graph.ops) opTypes[op.opType] = (opTypes[op.opType] ?? 0) + 1;
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  const weights = { tensors: 0, inlineBytes: 0, externalBytes: 0 };
  const externalFiles = new Set<string>();
  for (const t of allTensors(graph)) {
    weights.tensors++;
    const ref = externalRef(t);
    if (ref) {
      externalFiles.add(ref.location);
      weights.externalBytes += ref.length ?? storedBytes(t);
    } else {
      weights.inlineBytes += storedBytes(t);
    }
  }
  return {
    file: model.file,
    irVersion: int64(model.proto.irVersion),
    opsets: (model.proto.opsetImport ?? []).map((o) => ({
      domain: o.domain || 'ai.onnx',
      version: int64(o.version),
    })),
    producer: [model.proto.producerName, model.proto.producerVersion].filter(Boolean).join(' '),
    inputs: (graph.input ?? []).filter((v) => !initializers.has(v.name ?? '')).map(valueSummary),
    outputs: (graph.output ?? []).map(valueSummary),
    nodes: nodes.length,
    operators: mg.graph.ops.length,
    constantNodes: mg.constantNodes.length,
    controlFlowNodes: nodes.filter((n) => CONTROL_FLOW.has(n.opType ?? '')).length,
    opTypes: Object.fromEntries(Object.entries(opTypes).sort((a, b) => b[1] - a[1])),
    weights,
    externalFiles: [...externalFiles],
  };
}

function valueSummary(v: ValueInfoProto): ValueSummary {
  const t = v.type?.tensorType;
  const code = t?.elemType ?? 0;
  return {
    name: v.name ?? '',
    dtype: t ? (isKnownDTypeCode(code) ? dtypeFromCode(code, v.name ?? '') : `dtype ${code}`) : 'non-tensor',
    shape: (t?.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue ? int64(d.dimValue) : '?')),
  };
}

/** Bytes a tensor's values take, whether in raw_data or in typed fields. */
function storedBytes(t: TensorProto): number {
  if (t.rawData && t.rawData.length > 0) return t.rawData.length;
  const code = t.dataType ?? 0;
  if (!isKnownDTypeCode(code)) return 0;
  return byteSize(dtypeFromCode(code, t.name ?? ''), elementCount((t.dims ?? []).map(int64))) ?? 0;
}
