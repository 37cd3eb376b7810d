/**
 * Floating-point operations of the operators that dominate DNN compute
 * (Conv, ConvTranspose, Gemm, MatMul), from resolved shapes. Other operators
 * count 0: they are memory-bound and small next to these.
 */
import { elementCount } from '../core/tensor.js';
import { int64, type GraphProto, type NodeProto } from '../onnx/proto.js';

type ShapeOf = (tensor: string) => readonly number[] | undefined;

/** A lookup over resolved shapes that also knows the initializers' dims. */
export function shapeLookup(
  graph: GraphProto,
  resolved: ReadonlyMap<string, { shape: readonly number[] }>,
): ShapeOf {
  const dims = new Map<string, number[]>();
  for (const t of graph.initializer ?? []) dims.set(t.name ?? '', (t.dims ?? []).map(int64));
  return (tensor) => resolved.get(tensor)?.shape ?? dims.get(tensor);
}

/** Operators whose FLOPs are counted; the rest count 0 without looking up a shape. */
const COUNTED = new Set(['Conv', 'ConvTranspose', 'Gemm', 'MatMul']);

export function nodeFlops(node: NodeProto, shapeOf: ShapeOf): number {
  // Listing sums every node's FLOPs each time: most nodes need no shape lookups at all.
  if (!COUNTED.has(node.opType ?? '')) return 0;
  const input = node.input ?? [];
  const out = shapeOf(node.output?.[0] ?? '');
  const a = shapeOf(input[0] ?? '');
  const b = shapeOf(input[1] ?? '');
  if (!out || !b) return 0;
  switch (node.opType ?? '') {
    case 'Conv':
      // Each output element: one multiply-add per weight of its group (Cin/g × kernel).
      return 2 * elementCount(out) * elementCount(b.slice(1));
    case 'ConvTranspose':
      return a ? 2 * elementCount(a) * elementCount(b.slice(1)) : 0;
    case 'Gemm': {
      if (!a) return 0;
      const transA = (node.attribute ?? []).some((x) => x.name === 'transA' && int64(x.i) === 1);
      return 2 * elementCount(out) * (a[transA ? 0 : 1] ?? 0);
    }
    case 'MatMul':
      return a ? 2 * elementCount(out) * (a[a.length - 1] ?? 0) : 0;
    default:
      return 0;
  }
}
