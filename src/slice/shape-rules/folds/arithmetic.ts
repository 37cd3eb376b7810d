/**
 * Folds of elementwise operators with numpy broadcasting: the arithmetic,
 * comparisons and logic that exporters apply to shape vectors (PyTorch's
 * `x.size(0) * 2`, `Where(Equal(shape, -1), …)`), rounded to the output dtype.
 */
import { elementCount } from '../../../core/tensor.js';
import type { NodeContext } from '../context.js';
import { ShapeMiss, type ConstValue } from '../types.js';
import { asDType, broadcastIndex } from '../values.js';
import { build, type Fold, type FoldTable } from './fold.js';

type Binary = (a: number, b: number, n: NodeContext) => number;

function integerDivide(a: number, b: number): number {
  if (b === 0) throw new ShapeMiss('divides an integer by zero');
  return Math.trunc(a / b);
}

/** ONNX Mod: fmod=1 keeps the dividend's sign (C fmod), fmod=0 the divisor's (Python %). */
function mod(a: number, b: number, n: NodeContext): number {
  if (b === 0) throw new ShapeMiss('takes an integer modulo zero');
  const r = a % b;
  return n.int('fmod', 0) === 1 || r === 0 || r < 0 === b < 0 ? r : r + b;
}

const isInteger = (n: NodeContext): boolean => !n.dtype(0).startsWith('float');

const BINARY: Record<string, Binary> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b, n) => (isInteger(n) ? integerDivide(a, b) : a / b),
  Mod: mod,
  Pow: (a, b) => a ** b,
  Equal: (a, b) => (a === b ? 1 : 0),
  Less: (a, b) => (a < b ? 1 : 0),
  Greater: (a, b) => (a > b ? 1 : 0),
  LessOrEqual: (a, b) => (a <= b ? 1 : 0),
  GreaterOrEqual: (a, b) => (a >= b ? 1 : 0),
  And: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  Or: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
  Xor: (a, b) => ((a !== 0) !== (b !== 0) ? 1 : 0),
  Max: (a, b) => Math.max(a, b),
  Min: (a, b) => Math.min(a, b),
  Sum: (a, b) => a + b,
};

/** Round half to even, as ONNX Round does. */
function roundEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const UNARY: Record<string, (v: number) => number> = {
  Identity: (v) => v,
  Neg: (v) => -v,
  Abs: Math.abs,
  Floor: Math.floor,
  Ceil: Math.ceil,
  Round: roundEven,
  Sqrt: Math.sqrt,
  Reciprocal: (v) => 1 / v,
  Sign: Math.sign,
  Relu: (v) => Math.max(v, 0),
  Not: (v) => (v === 0 ? 1 : 0),
  Exp: Math.exp,
  Log: Math.log,
};

function inputs(n: NodeContext): ConstValue[] {
  return Array.from({ length: n.inputCount }, (_, i) => i)
    .filter((i) => n.has(i))
    .map((i) => n.value(i));
}

/** Apply `op` left to right over broadcast inputs; the result rounded to the output's dtype. */
function broadcasting(op: Binary, mean = false): Fold {
  return (n, [type]) => {
    // Before opset 7, `axis` aligned B with A from the left: not numpy's rule.
    if (n.opset < 7 && n.attr('axis')) throw new ShapeMiss('uses legacy broadcasting');
    const values = inputs(n);
    const length = elementCount(type!.shape);
    const maps = values.map((v) => broadcastIndex(v.shape, type!.shape));
    const round = (v: number): number => asDType(type!.dtype, v);
    return [
      build(type!, length, (k) => {
        let acc = values[0]!.data[maps[0]![k]!]!;
        for (let j = 1; j < values.length; j++) acc = round(op(acc, values[j]!.data[maps[j]![k]!]!, n));
        return round(mean ? acc / values.length : acc);
      }),
    ];
  };
}

const unary =
  (op: (v: number) => number): Fold =>
  (n, [type]) => {
    const x = n.value(0);
    return [build(type!, x.data.length, (k) => asDType(type!.dtype, op(x.data[k]!)))];
  };

const where: Fold = (n, [type]) => {
  const [c, x, y] = [n.value(0), n.value(1), n.value(2)];
  const [mc, mx, my] = [c, x, y].map((v) => broadcastIndex(v.shape, type!.shape));
  return [
    build(type!, elementCount(type!.shape), (k) => (c.data[mc![k]!] ? x.data[mx![k]!]! : y.data[my![k]!]!)),
  ];
};

const clip: Fold = (n, [type]) => {
  const x = n.value(0);
  const lo = n.opset < 11 ? n.float('min', -Infinity) : (n.optionalValue(1)?.data[0] ?? -Infinity);
  const hi = n.opset < 11 ? n.float('max', Infinity) : (n.optionalValue(2)?.data[0] ?? Infinity);
  return [build(type!, x.data.length, (k) => Math.min(Math.max(x.data[k]!, lo), hi))];
};

export const arithmeticFolds: FoldTable = {
  ...Object.fromEntries(Object.entries(BINARY).map(([op, f]) => [op, broadcasting(f)])),
  Mean: broadcasting((a, b) => a + b, true),
  ...Object.fromEntries(Object.entries(UNARY).map(([op, f]) => [op, unary(f)])),
  Where: where,
  Clip: clip,
};
