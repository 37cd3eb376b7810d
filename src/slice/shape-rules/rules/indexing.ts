/**
 * Operators that select or join parts of tensors: Concat, Split, Slice,
 * Gather, GatherND, OneHot, TopK, and those whose output size depends on
 * values (Compress, NonZero), inferred only where those values are constant.
 */
import type { NodeContext } from '../context.js';
import type { Rule, RuleTable } from '../rule.js';
import type { TensorType } from '../types.js';

export function concatShape(n: NodeContext, shapes: readonly (readonly number[])[]): number[] {
  const first = shapes[0] ?? n.miss('has no inputs');
  const axis = n.axis(n.int('axis', n.opset < 4 ? 1 : 0), first.length);
  const out = [...first];
  out[axis] = 0;
  for (const s of shapes) {
    if (s.length !== first.length || s.some((d, i) => i !== axis && d !== first[i]))
      n.miss(`joins [${first.join(',')}] and [${s.join(',')}] along axis ${axis}`);
    out[axis] += s[axis]!;
  }
  return out;
}

function given(n: NodeContext): number[] {
  return Array.from({ length: n.inputCount }, (_, i) => i).filter((i) => n.has(i));
}

const concat: Rule = (n) => [
  {
    dtype: n.dtype(0),
    shape: concatShape(
      n,
      given(n).map((i) => n.shape(i)),
    ),
  },
];

/** The sizes of Split's outputs along its axis. */
function splitSizes(n: NodeContext, dim: number): number[] {
  const explicit =
    n.opset >= 13 || (n.opset < 2 && n.has(1)) ? (n.has(1) ? n.integers(1) : undefined) : n.ints('split');
  const parts = n.int('num_outputs', n.outputCount);
  if (explicit) {
    if (explicit.reduce((a, b) => a + b, 0) !== dim || explicit.some((s) => s < 0))
      n.miss(`splits ${dim} into [${explicit.join(',')}]`);
    return explicit;
  }
  if (parts < 1) n.miss('has no outputs');
  if (dim % parts === 0) return new Array<number>(parts).fill(dim / parts);
  // Opset 18 allows uneven splits: ceil-sized chunks, the last one smaller.
  if (n.opset < 18) n.miss(`cannot split ${dim} into ${parts} equal parts`);
  const chunk = Math.ceil(dim / parts);
  return Array.from({ length: parts }, (_, i) => Math.max(0, Math.min(chunk, dim - i * chunk)));
}

const split: Rule = (n) => {
  const x = n.shape(0);
  const axis = n.axis(n.int('axis', 0), x.length);
  return splitSizes(n, x[axis]!).map((size) => {
    const shape = [...x];
    shape[axis] = size;
    return { dtype: n.dtype(0), shape };
  });
};

export interface SliceSpec {
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  readonly axes: readonly number[];
  readonly steps: readonly number[];
}

export function sliceSpec(n: NodeContext, rank: number): SliceSpec {
  const fromAttrs = n.opset < 10;
  const starts = fromAttrs ? (n.ints('starts') ?? n.miss('has no starts')) : n.integers(1);
  const ends = fromAttrs ? (n.ints('ends') ?? n.miss('has no ends')) : n.integers(2);
  const axesGiven = fromAttrs ? n.ints('axes') : n.has(3) ? n.integers(3) : undefined;
  const axes = (axesGiven ?? starts.map((_, i) => i)).map((a) => n.axis(a, rank));
  const steps = !fromAttrs && n.has(4) ? n.integers(4) : starts.map(() => 1);
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length)
    n.miss('has starts, ends, axes and steps of different lengths');
  if (steps.some((s) => s === 0)) n.miss('has a step of 0');
  return { starts, ends, axes, steps };
}

/** For each axis of `shape`, the first index, step and count a Slice takes (clamped as the spec says). */
export function sliceRanges(
  shape: readonly number[],
  spec: SliceSpec,
): { start: number; step: number; count: number }[] {
  const ranges = shape.map((d) => ({ start: 0, step: 1, count: d }));
  spec.axes.forEach((axis, k) => {
    const dim = shape[axis]!;
    const step = spec.steps[k]!;
    let start = spec.starts[k]!;
    let end = spec.ends[k]!;
    if (start < 0) start += dim;
    if (end < 0) end += dim;
    if (step > 0) {
      start = clamp(start, 0, dim);
      end = clamp(end, 0, dim);
    } else {
      start = clamp(start, 0, dim - 1);
      end = clamp(end, -1, dim - 1);
    }
    ranges[axis] = { start, step, count: Math.max(0, Math.ceil((end - start) / step)) };
  });
  return ranges;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}

const slice: Rule = (n) => {
  const x = n.shape(0);
  return [{ dtype: n.dtype(0), shape: sliceRanges(x, sliceSpec(n, x.length)).map((r) => r.count) }];
};

export function gatherShape(n: NodeContext, data: readonly number[], indices: readonly number[]): number[] {
  const axis = n.axis(n.int('axis', 0), data.length);
  return [...data.slice(0, axis), ...indices, ...data.slice(axis + 1)];
}

const gather: Rule = (n) => [{ dtype: n.dtype(0), shape: gatherShape(n, n.shape(0), n.shape(1)) }];

const gatherND: Rule = (n) => {
  const data = n.shape(0);
  const indices = n.shape(1);
  const batch = n.int('batch_dims', 0);
  const last = indices[indices.length - 1] ?? n.miss('has scalar indices');
  if (batch + last > data.length)
    n.miss(`indexes ${last} axes after ${batch} batch axes of rank ${data.length}`);
  return [{ dtype: n.dtype(0), shape: [...indices.slice(0, -1), ...data.slice(batch + last)] }];
};

const oneHot: Rule = (n) => {
  const indices = n.shape(0);
  const depth = n.value(1).data[0] ?? n.miss('has an empty depth');
  const axis = n.axis(n.int('axis', -1), indices.length + 1);
  const shape = [...indices];
  shape.splice(axis, 0, Math.trunc(depth));
  return [{ dtype: n.dtype(2), shape }];
};

const topK: Rule = (n) => {
  const x = n.shape(0);
  const k = n.opset < 10 ? n.int('k', -1) : (n.value(1).data[0] ?? n.miss('has an empty K'));
  const axis = n.axis(n.int('axis', -1), x.length);
  if (k < 0 || k > x[axis]!) n.miss(`takes the top ${k} of ${x[axis]}`);
  const shape = [...x];
  shape[axis] = k;
  return [
    { dtype: n.dtype(0), shape },
    { dtype: 'int64', shape },
  ];
};

/** Compress keeps the entries its condition marks: countable only when the condition is constant. */
const compress: Rule = (n) => {
  const x = n.shape(0);
  const condition = n.value(1).data;
  const axisAttr = n.attr('axis');
  const length = axisAttr ? x[n.axis(n.int('axis', 0), x.length)]! : x.reduce((a, b) => a * b, 1);
  const kept = condition.slice(0, length).filter((c) => c !== 0).length;
  if (!axisAttr) return [{ dtype: n.dtype(0), shape: [kept] }];
  const shape = [...x];
  shape[n.axis(n.int('axis', 0), x.length)] = kept;
  return [{ dtype: n.dtype(0), shape }];
};

const nonZero: Rule = (n) => {
  const x = n.value(0);
  return [
    { dtype: 'int64', shape: [x.shape.length, x.data.filter((v) => v !== 0).length] } satisfies TensorType,
  ];
};

/** Operators whose output size is the number of things they find in their input's values. */
const dataDependent: Rule = (n) => n.miss('gives an output whose size depends on the values of its input');

export const indexingRules: RuleTable = {
  NonMaxSuppression: dataDependent,
  Unique: dataDependent,
  Concat: concat,
  Split: split,
  Slice: slice,
  Gather: gather,
  GatherND: gatherND,
  OneHot: oneHot,
  TopK: topK,
  Compress: compress,
  NonZero: nonZero,
};
