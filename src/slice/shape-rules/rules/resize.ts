/**
 * Resize and Upsample: the output size from sizes, or from scales as
 * onnxruntime computes it (upsamplebase.h: the float scale times the
 * dimension in float arithmetic, truncated), so fractional scales give the
 * sizes a run gives.
 */
import type { NodeContext } from '../context.js';
import type { Rule, RuleTable } from '../rule.js';

function scaled(dim: number, scale: number): number {
  return Math.trunc(Math.fround(Math.fround(scale) * Math.fround(dim)));
}

/** Per-axis values given for `axes` only (opset 18), the others filled with `fill`. */
function perAxis(n: NodeContext, values: readonly number[], rank: number, fill: number): number[] {
  const axes = n.opset >= 18 ? n.ints('axes') : undefined;
  if (!axes) {
    if (values.length !== rank) n.miss(`gives ${values.length} scales or sizes for rank ${rank}`);
    return [...values];
  }
  if (values.length !== axes.length) n.miss(`gives ${values.length} scales or sizes for ${axes.length} axes`);
  const out = new Array<number>(rank).fill(fill);
  axes.forEach((a, k) => (out[n.axis(a, rank)] = values[k]!));
  return out;
}

/** Sizes with keep_aspect_ratio_policy (opset 18): one scale for every resized axis, rounded. */
function fromSizes(n: NodeContext, x: readonly number[], sizes: readonly number[]): number[] {
  const policy = n.string('keep_aspect_ratio_policy', 'stretch');
  const target = perAxis(n, sizes, x.length, -1);
  if (policy === 'stretch') return target.map((s, i) => (s === -1 ? x[i]! : s));
  const ratios = target.flatMap((s, i) => (s === -1 ? [] : [Math.fround(s / x[i]!)]));
  const scale = policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios);
  return target.map((s, i) => (s === -1 ? x[i]! : Math.round(Math.fround(scale * x[i]!))));
}

const resize: Rule = (n) => {
  const x = n.shape(0);
  // Opset 10: (X, scales). Opset 11+: (X, roi, scales, sizes); an empty scales tensor means "use sizes".
  const scalesAt = n.opset < 11 ? 1 : 2;
  const scales = n.has(scalesAt) ? n.value(scalesAt).data : [];
  if (scales.length > 0) {
    const all = perAxis(n, scales, x.length, 1);
    return [{ dtype: n.dtype(0), shape: x.map((d, i) => scaled(d, all[i]!)) }];
  }
  if (n.opset < 11 || !n.has(3)) return n.miss('has neither scales nor sizes');
  return [{ dtype: n.dtype(0), shape: fromSizes(n, x, n.integers(3)) }];
};

const upsample: Rule = (n) => {
  const x = n.shape(0);
  const scales = n.opset < 9 ? (n.floats('scales') ?? n.miss('has no scales')) : n.value(1).data;
  if (scales.length !== x.length) n.miss(`gives ${scales.length} scales for rank ${x.length}`);
  return [{ dtype: n.dtype(0), shape: x.map((d, i) => scaled(d, scales[i]!)) }];
};

export const resizeRules: RuleTable = { Resize: resize, Upsample: upsample };
