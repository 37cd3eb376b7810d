/**
 * Folds of the operators that build and rearrange shape vectors: Shape,
 * Size, Constant, ConstantOfShape, Cast, Gather, Slice, Concat, Split, the
 * reshapes (values unchanged), Transpose, Expand, Tile, Range, reductions.
 */
import { elementCount } from '../../../core/tensor.js';
import { int64 } from '../../../onnx/proto.js';
import { castTarget, fillType, rangeLength, shapeRange } from '../rules/generators.js';
import { sliceRanges, sliceSpec } from '../rules/indexing.js';
import { reductionAxes } from '../rules/reduce.js';
import { transposePerm } from '../rules/reshape.js';
import { ShapeMiss, type ConstValue, type TensorType } from '../types.js';
import { asDType, broadcastIndex, strides } from '../values.js';
import { build, type Fold, type FoldTable } from './fold.js';

/** Same values, new shape. */
const reshaped: Fold = (n, [type]) => [{ ...type!, data: n.value(0).data }];

const shape: Fold = (n, [type]) => {
  const x = n.shape(0);
  const [start, end] = shapeRange(n, x.length);
  return [{ ...type!, data: x.slice(start, end) }];
};

const cast: Fold = (n, [type]) => {
  const x = n.value(0);
  const target = n.opType === 'Cast' ? castTarget(n) : n.dtype(1);
  return [build(type!, x.data.length, (k) => asDType(target, x.data[k]!))];
};

const constantOfShape: Fold = (n, [type]) => {
  const tensor = n.tensor('value');
  const fill = tensor ? (n.storedValue(tensor).data[0] ?? 0) : 0;
  return [build(type!, elementCount(type!.shape), () => asDType(fillType(n), fill))];
};

/** Output element k → input element, for an output laid out over `axes` of the input with per-axis maps. */
function gathered(type: TensorType, x: ConstValue, source: (coords: number[]) => number): ConstValue {
  const outStrides = strides(type.shape);
  return build(type, elementCount(type.shape), (k) => {
    const coords = type.shape.map((d, i) => Math.floor(k / outStrides[i]!) % d);
    return x.data[source(coords)]!;
  });
}

const gather: Fold = (n, [type]) => {
  const x = n.value(0);
  const indices = n.value(1);
  const axis = n.axis(n.int('axis', 0), x.shape.length);
  const dim = x.shape[axis]!;
  const inStrides = strides(x.shape);
  const indexStrides = strides(indices.shape);
  const q = indices.shape.length;
  return [
    gathered(type!, x, (c) => {
      let j = 0;
      for (let i = 0; i < q; i++) j += c[axis + i]! * indexStrides[i]!;
      let at = indices.data[j]!;
      if (at < 0) at += dim;
      if (at < 0 || at >= dim) throw new ShapeMiss(`gathers index ${indices.data[j]} of ${dim}`);
      let src = at * inStrides[axis]!;
      for (let i = 0; i < axis; i++) src += c[i]! * inStrides[i]!;
      for (let i = axis + 1; i < x.shape.length; i++) src += c[i + q - 1]! * inStrides[i]!;
      return src;
    }),
  ];
};

const slice: Fold = (n, [type]) => {
  const x = n.value(0);
  const ranges = sliceRanges(x.shape, sliceSpec(n, x.shape.length));
  const inStrides = strides(x.shape);
  return [
    gathered(type!, x, (c) =>
      c.reduce((src, ci, i) => src + (ranges[i]!.start + ci * ranges[i]!.step) * inStrides[i]!, 0),
    ),
  ];
};

const transpose: Fold = (n, [type]) => {
  const x = n.value(0);
  const perm = transposePerm(n, x.shape.length);
  const inStrides = strides(x.shape);
  return [gathered(type!, x, (c) => c.reduce((src, ci, i) => src + ci * inStrides[perm[i]!]!, 0))];
};

const expand: Fold = (n, [type]) => {
  const x = n.value(0);
  const map = broadcastIndex(x.shape, type!.shape);
  return [build(type!, map.length, (k) => x.data[map[k]!]!)];
};

const tile: Fold = (n, [type]) => {
  const x = n.value(0);
  const inStrides = strides(x.shape);
  return [gathered(type!, x, (c) => c.reduce((src, ci, i) => src + (ci % x.shape[i]!) * inStrides[i]!, 0))];
};

/** Concat and Split: a tensor is blocks of `inner` elements along the axis, `outer` times over. */
const concat: Fold = (n, [type]) => {
  const parts = Array.from({ length: n.inputCount }, (_, i) => i)
    .filter((i) => n.has(i))
    .map((i) => n.value(i));
  const axis = n.axis(n.int('axis', n.opset < 4 ? 1 : 0), type!.shape.length);
  const outer = elementCount(type!.shape.slice(0, axis));
  const data: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const p of parts) {
      const block = elementCount(p.shape.slice(axis));
      data.push(...p.data.slice(o * block, (o + 1) * block));
    }
  }
  return [{ ...type!, data }];
};

const split: Fold = (n, types) => {
  const x = n.value(0);
  const axis = n.axis(n.int('axis', 0), x.shape.length);
  const outer = elementCount(x.shape.slice(0, axis));
  const inBlock = elementCount(x.shape.slice(axis));
  let offset = 0;
  return types.map((type) => {
    const block = elementCount(type.shape.slice(axis));
    const data: number[] = [];
    for (let o = 0; o < outer; o++)
      data.push(...x.data.slice(o * inBlock + offset, o * inBlock + offset + block));
    offset += block;
    return { ...type, data };
  });
};

const range: Fold = (n, [type]) => {
  const [start, limit, delta] = [0, 1, 2].map((i) => n.value(i).data[0]!);
  const length = rangeLength(type!.dtype, start!, limit!, delta!);
  return [build(type!, length, (k) => asDType(type!.dtype, start! + k * delta!))];
};

const REDUCERS: Record<string, (acc: number, v: number) => number> = {
  ReduceSum: (a, v) => a + v,
  ReduceProd: (a, v) => a * v,
  ReduceMax: (a, v) => Math.max(a, v),
  ReduceMin: (a, v) => Math.min(a, v),
};

const reduce: Fold = (n, [type]) => {
  const x = n.value(0);
  const op = REDUCERS[n.opType]!;
  const axes = reductionAxes(n, x.shape.length);
  // Accumulate into the keepdims layout; the output has the same elements in the same order.
  const kept = x.shape.map((d, i) => (axes.has(i) ? 1 : d));
  const outStrides = strides(kept);
  const inStrides = strides(x.shape);
  const acc = new Array<number | undefined>(elementCount(kept)).fill(undefined);
  for (let k = 0; k < x.data.length; k++) {
    let dst = 0;
    for (let i = 0; i < x.shape.length; i++)
      if (!axes.has(i)) dst += (Math.floor(k / inStrides[i]!) % x.shape[i]!) * outStrides[i]!;
    const prev = acc[dst];
    acc[dst] = prev === undefined ? x.data[k]! : op(prev, x.data[k]!);
  }
  if (acc.some((v) => v === undefined)) throw new ShapeMiss('reduces an empty tensor');
  return [{ ...type!, data: acc.map((v) => asDType(type!.dtype, v!)) }];
};

/** Constant: its tensor's values, or the value_int(s)/value_float(s) attribute's. */
const constant: Fold = (n, [type]) => {
  const tensor = n.tensor('value');
  if (tensor) return [n.storedValue(tensor)];
  const a = n.attr('value_int') ?? n.attr('value_ints') ?? n.attr('value_float') ?? n.attr('value_floats');
  if (!a) throw new ShapeMiss('holds no numeric value');
  const given: Record<string, () => number[]> = {
    value_int: () => [int64(a.i)],
    value_ints: () => (a.ints ?? []).map((v) => int64(v)),
    value_float: () => [a.f ?? 0],
    value_floats: () => [...(a.floats ?? [])],
  };
  const data = given[a.name ?? '']!().map((v) => asDType(type!.dtype, v));
  return [{ ...type!, data }];
};

export const layoutFolds: FoldTable = {
  Shape: shape,
  Size: (n, [type]) => [{ ...type!, data: [elementCount(n.shape(0))] }],
  Constant: constant,
  ConstantOfShape: constantOfShape,
  Cast: cast,
  CastLike: cast,
  Reshape: reshaped,
  Flatten: reshaped,
  Squeeze: reshaped,
  Unsqueeze: reshaped,
  Gather: gather,
  Slice: slice,
  Transpose: transpose,
  Expand: expand,
  Tile: tile,
  Concat: concat,
  Split: split,
  Range: range,
  ...Object.fromEntries(Object.keys(REDUCERS).map((op) => [op, reduce])),
};
