/**
 * What one part of a slice holds: its compute nodes, plus every constant
 * (initializer or constant-only node, followed transitively) that they read,
 * including names that If/Loop/Scan bodies capture from the outer graph.
 */
import { byteSize, dtypeFromCode } from '../core/dtype.js';
import { elementCount } from '../core/tensor.js';
import { externalLocations, externalRef } from '../onnx/external-data.js';
import { allTensors } from '../onnx/model-file.js';
import { int64, type GraphProto, type NodeProto, type TensorProto } from '../onnx/proto.js';
import { capturedNames, type ModelGraph } from './model-graph.js';

export interface PartContents {
  /** Compute operators in the part. */
  readonly nodes: number;
  /** Constant-only nodes copied into the part (weights held or computed in nodes). */
  readonly constantNodes: number;
  readonly initializers: readonly string[];
  /** Bytes of every weight the part holds: initializers and tensors inside its nodes. */
  readonly weightsBytes: number;
  /** External data files the part's weights live in, as the original model names them. */
  readonly externalFiles: readonly string[];
  /** Indices into the original graph.node, in file order. Internal: not written to slice.json. */
  readonly nodeIndices: readonly number[];
}

/**
 * `ops` are dataflow op indices; `extraReads` are further names the part
 * needs (graph outputs that are constants).
 */
export function partContents(
  mg: ModelGraph,
  graph: GraphProto,
  ops: readonly number[],
  extraReads: readonly string[],
): PartContents {
  const nodes = graph.node ?? [];
  const computeNodes = ops.map((i) => mg.nodeIndex[i]!);
  const reads = [...computeNodes.flatMap((i) => nodeReads(nodes[i]!)), ...extraReads];
  const closure = constantClosure(mg, graph, reads);
  const nodeIndices = [...computeNodes, ...closure.nodes].sort((a, b) => a - b);
  const tensors = [
    ...initializerTensors(graph, closure.initializers),
    ...allTensors({ node: nodeIndices.map((i) => nodes[i]!) }),
  ];
  return {
    nodes: computeNodes.length,
    constantNodes: closure.nodes.size,
    initializers: initializerNames(graph).filter((n) => closure.initializers.has(n)),
    weightsBytes: tensors.reduce((sum, t) => sum + tensorProtoBytes(t), 0),
    externalFiles: [...externalLocations(tensors)].sort(),
    nodeIndices,
  };
}

/** Every name a node reads, its subgraphs' captures included. */
export function nodeReads(node: NodeProto): string[] {
  return [...(node.input ?? []).filter((t) => t !== ''), ...capturedNames(node)];
}

/** Dense and sparse initializer names in file order. */
export function initializerNames(graph: GraphProto): string[] {
  return [
    ...(graph.initializer ?? []).map((t) => t.name ?? ''),
    ...(graph.sparseInitializer ?? []).map((t) => t.values?.name ?? ''),
  ];
}

/** The stored tensors of the named initializers (a sparse one is its values and indices). */
export function initializerTensors(graph: GraphProto, names: ReadonlySet<string>): TensorProto[] {
  const out = (graph.initializer ?? []).filter((t) => names.has(t.name ?? ''));
  for (const sparse of graph.sparseInitializer ?? []) {
    if (!names.has(sparse.values?.name ?? '')) continue;
    if (sparse.values) out.push(sparse.values);
    if (sparse.indices) out.push(sparse.indices);
  }
  return out;
}

function constantClosure(
  mg: ModelGraph,
  graph: GraphProto,
  reads: readonly string[],
): { nodes: Set<number>; initializers: Set<string> } {
  const nodes = graph.node ?? [];
  const initializers = new Set(initializerNames(graph));
  const constProducer = new Map<string, number>();
  for (const i of mg.constantNodes)
    for (const t of nodes[i]!.output ?? []) if (t !== '') constProducer.set(t, i);
  const found = { nodes: new Set<number>(), initializers: new Set<string>() };
  const seen = new Set<string>();
  const stack = [...reads];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    if (initializers.has(t)) found.initializers.add(t);
    const p = constProducer.get(t);
    if (p !== undefined && !found.nodes.has(p)) {
      found.nodes.add(p);
      stack.push(...nodeReads(nodes[p]!));
    }
  }
  return found;
}

/** Bytes a tensor's values take: from its dims, or its strings' lengths. */
export function tensorProtoBytes(t: TensorProto): number {
  const dtype = dtypeFromCode(t.dataType ?? 0, `tensor '${t.name ?? ''}'`);
  const fixed = byteSize(dtype, elementCount((t.dims ?? []).map(int64)));
  if (fixed !== null) return fixed;
  const ref = externalRef(t);
  if (ref) return ref.length ?? 0;
  return (t.stringData ?? []).reduce((sum, s) => sum + s.length, 0);
}
