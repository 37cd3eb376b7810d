/**
 * Operators that rearrange a tensor's dimensions: Reshape, Flatten,
 * Transpose, Squeeze, Unsqueeze, Expand, Tile, Pad, CenterCropPad. Their
 * shape operands were attributes in early opsets and inputs later (Reshape
 * from opset 5, Pad from 11, Squeeze and Unsqueeze from 13): both are read.
 */
import { elementCount } from '../../../core/tensor.js';
import type { NodeContext } from '../context.js';
import type { Rule, RuleTable } from '../rule.js';
import { broadcastShapes } from '../values.js';

/** Reshape's target: 0 copies the input's dimension (unless allowzero), -1 takes what is left. */
export function reshapeTarget(n: NodeContext, input: readonly number[], target: readonly number[]): number[] {
  const allowZero = n.int('allowzero', 0) === 1;
  const out = target.map((d, i) =>
    d === 0 && !allowZero ? (input[i] ?? n.miss(`copies dimension ${i}, which the input lacks`)) : d,
  );
  const inferred = out.filter((d) => d === -1).length;
  if (inferred > 1 || out.some((d) => d < -1)) n.miss(`has an invalid target shape [${target.join(',')}]`);
  const total = elementCount(input);
  if (inferred === 0) {
    if (elementCount(out) !== total) n.miss(`cannot reshape [${input.join(',')}] to [${out.join(',')}]`);
    return out;
  }
  const known = elementCount(out.filter((d) => d !== -1));
  if (known === 0 || total % known !== 0)
    n.miss(`cannot reshape [${input.join(',')}] to [${target.join(',')}]`);
  return out.map((d) => (d === -1 ? total / known : d));
}

const reshape: Rule = (n) => {
  const target = n.opset < 5 ? (n.ints('shape') ?? n.miss('has no shape attribute')) : n.integers(1);
  return [{ dtype: n.dtype(0), shape: reshapeTarget(n, n.shape(0), target) }];
};

export function flattenShape(n: NodeContext, x: readonly number[]): number[] {
  const raw = n.int('axis', 1);
  const axis = raw < 0 ? raw + x.length : raw;
  if (axis < 0 || axis > x.length) n.miss(`axis ${raw} is out of range for rank ${x.length}`);
  return [elementCount(x.slice(0, axis)), elementCount(x.slice(axis))];
}

export function transposePerm(n: NodeContext, rank: number): number[] {
  const perm = n.ints('perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  if (perm.length !== rank || new Set(perm).size !== rank || perm.some((p) => p < 0 || p >= rank))
    n.miss(`perm [${perm.join(',')}] is not a permutation of ${rank} axes`);
  return perm;
}

/** Axes from the attribute (before opset `inputFrom`) or input 1; undefined when neither is given. */
export function axesOperand(n: NodeContext, inputFrom: number, index = 1): number[] | undefined {
  if (n.opset < inputFrom) return n.ints('axes');
  return n.has(index) ? n.integers(index) : undefined;
}

export function squeezeShape(n: NodeContext, x: readonly number[]): number[] {
  const given = axesOperand(n, 13);
  if (given === undefined) return x.filter((d) => d !== 1);
  const axes = new Set(given.map((a) => n.axis(a, x.length)));
  for (const a of axes) if (x[a] !== 1) n.miss(`squeezes axis ${a} of size ${x[a]}`);
  return x.filter((_, i) => !axes.has(i));
}

export function unsqueezeShape(n: NodeContext, x: readonly number[]): number[] {
  const given = axesOperand(n, 13) ?? n.miss('has no axes');
  const rank = x.length + given.length;
  const axes = new Set(given.map((a) => n.axis(a, rank)));
  if (axes.size !== given.length) n.miss('repeats an axis');
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(axes.has(i) ? 1 : x[k++]!);
  return out;
}

function padShape(n: NodeContext): number[] {
  const x = n.shape(0);
  const pads = n.opset < 11 ? (n.ints('pads') ?? n.ints('paddings') ?? n.miss('has no pads')) : n.integers(1);
  const axes = n.opset >= 18 && n.has(3) ? n.integers(3).map((a) => n.axis(a, x.length)) : x.map((_, i) => i);
  if (pads.length !== 2 * axes.length) n.miss(`has ${pads.length} pads for ${axes.length} axes`);
  const out = [...x];
  axes.forEach((a, k) => (out[a] = out[a]! + pads[k]! + pads[k + axes.length]!));
  return out;
}

function centerCropPad(n: NodeContext): number[] {
  const x = n.shape(0);
  const sizes = n.integers(1);
  const axes = (n.ints('axes') ?? x.map((_, i) => i)).map((a) => n.axis(a, x.length));
  if (sizes.length !== axes.length) n.miss(`gives ${sizes.length} sizes for ${axes.length} axes`);
  const out = [...x];
  axes.forEach((a, k) => (out[a] = sizes[k]!));
  return out;
}

function tileShape(n: NodeContext): number[] {
  const x = n.shape(0);
  const repeats = n.integers(1);
  if (repeats.length !== x.length) n.miss(`has ${repeats.length} repeats for rank ${x.length}`);
  return x.map((d, i) => d * repeats[i]!);
}

const withShape =
  (shape: (n: NodeContext) => number[]): Rule =>
  (n) => [{ dtype: n.dtype(0), shape: shape(n) }];

export const reshapeRules: RuleTable = {
  Reshape: reshape,
  Flatten: withShape((n) => flattenShape(n, n.shape(0))),
  Transpose: withShape((n) => {
    const x = n.shape(0);
    return transposePerm(n, x.length).map((p) => x[p]!);
  }),
  Squeeze: withShape((n) => squeezeShape(n, n.shape(0))),
  Unsqueeze: withShape((n) => unsqueezeShape(n, n.shape(0))),
  Expand: withShape((n) => broadcastShapes([n.shape(0), n.integers(1)])),
  Tile: withShape(tileShape),
  Pad: withShape(padShape),
  CenterCropPad: withShape(centerCropPad),
};
