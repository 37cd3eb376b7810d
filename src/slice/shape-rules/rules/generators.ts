/**
 * Operators that make tensors from attributes or from other tensors' shapes
 * and values (Shape, Size, Constant, ConstantOfShape, Range, random
 * generators), and those that change only the dtype (Cast, CastLike,
 * quantization).
 */
import type { DType } from '../../../core/dtype.js';
import { int64 } from '../../../onnx/proto.js';
import { onnx } from '../../../onnx/proto.js';
import { checkedDType, type NodeContext } from '../context.js';
import type { Rule, RuleTable } from '../rule.js';
import type { TensorType } from '../types.js';
import { storedType } from '../values.js';

/** Shape's [start, end) over the dimensions (opset 15), clamped to the rank. */
export function shapeRange(n: NodeContext, rank: number): [number, number] {
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
  return [clamp(n.int('start', 0)), clamp(n.int('end', rank))];
}

const shape: Rule = (n) => {
  const [start, end] = shapeRange(n, n.rank(0));
  return [{ dtype: 'int64', shape: [Math.max(0, end - start)] }];
};

/** The Constant node's tensor, whichever attribute holds it. */
export function constantType(n: NodeContext): TensorType {
  const tensor = n.tensor('value');
  if (tensor) return storedType(tensor) ?? n.miss('holds a tensor with an invalid type or shape');
  const sparse = n.attr('sparse_value')?.sparseTensor;
  if (sparse) {
    const dtype = checkedDType(sparse.values?.dataType ?? 0, 'sparse_value');
    return { dtype, shape: (sparse.dims ?? []).map((d) => int64(d)) };
  }
  const list = (
    name: string,
    dtype: DType,
    length: (a: onnx.IAttributeProto) => number,
  ): TensorType | undefined => {
    const a = n.attr(name);
    return a ? { dtype, shape: name.endsWith('s') ? [length(a)] : [] } : undefined;
  };
  return (
    list('value_float', 'float32', () => 1) ??
    list('value_floats', 'float32', (a) => (a.floats ?? []).length) ??
    list('value_int', 'int64', () => 1) ??
    list('value_ints', 'int64', (a) => (a.ints ?? []).length) ??
    list('value_string', 'string', () => 1) ??
    list('value_strings', 'string', (a) => (a.strings ?? []).length) ??
    n.miss('holds no value')
  );
}

/** ConstantOfShape's dtype: its `value` tensor's, float32 when absent. */
export function fillType(n: NodeContext): DType {
  const value = n.tensor('value');
  return value ? checkedDType(value.dataType ?? 0, "attribute 'value'") : 'float32';
}

const range: Rule = (n) => {
  const [start, limit, delta] = [0, 1, 2].map((i) => n.value(i).data[0] ?? n.miss(`has an empty input ${i}`));
  if (delta === 0) n.miss('has delta 0');
  return [{ dtype: n.dtype(0), shape: [rangeLength(n.dtype(0), start!, limit!, delta!)] }];
};

/** Range's element count, computed as onnxruntime does: ceil((limit - start) / delta) with T's subtraction. */
export function rangeLength(dtype: DType, start: number, limit: number, delta: number): number {
  const diff = dtype === 'float32' ? Math.fround(limit - start) : limit - start;
  return Math.max(0, Math.ceil(diff / delta));
}

/** Cast's target: an int code from opset 6, a type name (FLOAT, INT64…) in opset 1. */
export function castTarget(n: NodeContext): DType {
  const a = n.attr('to') ?? n.miss("has no 'to'");
  if (a.s && a.s.length > 0) {
    const name = Buffer.from(a.s).toString('utf8');
    const codes = onnx.TensorProto.DataType;
    const code = Object.hasOwn(codes, name) ? codes[name as keyof typeof codes] : -1;
    return checkedDType(code, `Cast to '${name}'`);
  }
  return checkedDType(int64(a.i), "attribute 'to'");
}

const quantize: Rule = (n) => {
  const dtype = n.has(2) ? n.dtype(2) : n.dtypeAttr('output_dtype', 'uint8');
  return [{ dtype, shape: n.shape(0) }];
};

const dequantize: Rule = (n) => [{ dtype: n.opset >= 19 ? n.dtype(1) : 'float32', shape: n.shape(0) }];

const dynamicQuantize: Rule = (n) => [
  { dtype: 'uint8', shape: n.shape(0) },
  { dtype: 'float32', shape: [] },
  { dtype: 'uint8', shape: [] },
];

const fromShapeAttr: Rule = (n) => [
  { dtype: n.dtypeAttr('dtype', 'float32'), shape: n.ints('shape') ?? n.miss('has no shape') },
];

export const generatorRules: RuleTable = {
  Shape: shape,
  Size: () => [{ dtype: 'int64', shape: [] }],
  Constant: (n) => [constantType(n)],
  ConstantOfShape: (n) => [{ dtype: fillType(n), shape: n.integers(0) }],
  Range: range,
  RandomNormal: fromShapeAttr,
  RandomUniform: fromShapeAttr,
  Multinomial: (n) => [
    { dtype: n.dtypeAttr('dtype', 'int32'), shape: [n.shape(0)[0]!, n.int('sample_size', 1)] },
  ],
  Cast: (n) => [{ dtype: castTarget(n), shape: n.shape(0) }],
  CastLike: (n) => [{ dtype: n.dtype(1), shape: n.shape(0) }],
  QuantizeLinear: quantize,
  DequantizeLinear: dequantize,
  DynamicQuantizeLinear: dynamicQuantize,
};
