/**
 * One-node models for shape rule tests: operands are model inputs (shape
 * only) or, with values, initializers; attributes built with the helpers here.
 */
import { dtypeCode, type DType } from '../../src/core/dtype.js';
import { onnx, toLong, type AttributeProto, type TensorProto } from '../../src/onnx/proto.js';
import type { InputSpec } from '../../src/slice/inputs.js';
import { inferStaticShapes, type StaticShapes, type TensorType } from '../../src/slice/static-shapes.js';
import { model, node, valueInfo } from './build-model.js';

const A = onnx.AttributeProto.AttributeType;

export const attr = {
  int: (name: string, i: number): AttributeProto => ({ name, type: A.INT, i: toLong(i) }),
  ints: (name: string, v: number[]): AttributeProto => ({ name, type: A.INTS, ints: v.map(toLong) }),
  float: (name: string, f: number): AttributeProto => ({ name, type: A.FLOAT, f }),
  floats: (name: string, v: number[]): AttributeProto => ({ name, type: A.FLOATS, floats: v }),
  string: (name: string, s: string): AttributeProto => ({ name, type: A.STRING, s: Buffer.from(s) }),
  tensor: (name: string, t: TensorProto): AttributeProto => ({ name, type: A.TENSOR, t }),
};

/** A stored tensor of `dtype` (int64 by default) holding `values`. */
export function valuesTensor(
  name: string,
  values: number[],
  dims: number[] = [values.length],
  dtype: DType = 'int64',
): TensorProto {
  const base = { name, dims: dims.map(toLong), dataType: dtypeCode(dtype) };
  if (dtype === 'int64') return { ...base, int64Data: values.map(toLong) };
  if (dtype === 'float32') return { ...base, floatData: values };
  if (dtype === 'float64') return { ...base, doubleData: values };
  return { ...base, int32Data: values };
}

/** An operand: a model input of this shape, or (with values) an initializer. */
export interface Operand {
  readonly shape: number[];
  readonly dtype?: DType;
  readonly values?: number[];
}

export interface NodeCase {
  readonly attrs?: AttributeProto[];
  readonly opset?: number;
  /** How many outputs the node names (default 1). */
  readonly outputs?: number;
}

/** Infer one node; operand i is named in<i>, output k out<k> ('' for a skipped optional input). */
export function inferNode(
  opType: string,
  operands: readonly (Operand | null)[],
  c: NodeCase = {},
): { result: StaticShapes; out: (TensorType | undefined)[] } {
  const names = operands.map((o, i) => (o ? `in${i}` : ''));
  const outputs = Array.from({ length: c.outputs ?? 1 }, (_, k) => `out${k}`);
  const inputs = operands.flatMap((o, i) => (o && !o.values ? [{ name: `in${i}`, o }] : []));
  const initializer = operands.flatMap((o, i) =>
    o?.values ? [valuesTensor(`in${i}`, o.values, o.shape, o.dtype)] : [],
  );
  const proto = model(
    {
      input: inputs.map(({ name, o }) => valueInfo(name, o.shape, dtypeCode(o.dtype ?? 'float32'))),
      output: outputs.map((name) => ({ name })),
      initializer,
      node: [node(opType, names, outputs, { attribute: c.attrs ?? [] })],
    },
    { opsetImport: [{ domain: '', version: toLong(c.opset ?? 17) }] },
  );
  const specs: InputSpec[] = inputs.map(({ name, o }) => ({
    name,
    dtype: o.dtype ?? 'float32',
    shape: o.shape,
    defaulted: [],
  }));
  const result = inferStaticShapes(proto, undefined, specs, { useDeclared: false });
  return { result, out: outputs.map((name) => result.types.get(name)) };
}

/** The shape of output 0, or the reason it is unknown. */
export function shapeOf(
  opType: string,
  operands: readonly (Operand | null)[],
  c: NodeCase = {},
): number[] | string {
  const { result, out } = inferNode(opType, operands, c);
  return out[0] ? [...out[0].shape] : (result.unknown[0]?.reason ?? 'unknown');
}
