/**
 * Convolution and pooling: the spatial output size from kernel, strides,
 * dilations, pads or auto_pad, and ceil_mode, computed as onnxruntime's
 * kernels compute it (core/providers/common.h, pool_attributes.h), so the
 * shapes here are the ones a run produces.
 */
import type { NodeContext } from '../context.js';
import type { Rule, RuleTable } from '../rule.js';
import type { TensorType } from '../types.js';

interface Window {
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  /** Begin pads then end pads, one per spatial axis each. */
  readonly pads: readonly number[];
  readonly autoPad: string;
  readonly ceil: boolean;
}

function window(n: NodeContext, kernel: readonly number[]): Window {
  const k = kernel.length;
  const fill = (name: string, v: number, len: number): number[] =>
    n.ints(name) ?? new Array<number>(len).fill(v);
  const w = {
    kernel,
    strides: fill('strides', 1, k),
    dilations: fill('dilations', 1, k),
    pads: fill('pads', 0, 2 * k),
    autoPad: n.string('auto_pad', 'NOTSET'),
    ceil: n.int('ceil_mode', 0) === 1,
  };
  if (w.strides.length !== k || w.dilations.length !== k || w.pads.length !== 2 * k)
    n.miss(`strides, dilations or pads do not match its ${k} spatial axes`);
  if ([...w.strides, ...w.dilations].some((v) => v < 1)) n.miss('has a stride or dilation below 1');
  return w;
}

/** Output size along one axis, as onnxruntime computes it. */
function outputSize(n: NodeContext, w: Window, axis: number, size: number, pooling: boolean): number {
  const k = w.kernel[axis]!;
  const s = w.strides[axis]!;
  const d = w.dilations[axis]!;
  let head = w.pads[axis]!;
  let tail = w.pads[axis + w.kernel.length]!;
  if (w.autoPad === 'VALID') head = tail = 0;
  else if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') {
    // The legacy target ceil(size / stride); the pad is computed without the dilation, as onnxruntime does.
    const needed = (Math.ceil(size / s) - 1) * s + k - size;
    head = w.autoPad === 'SAME_LOWER' ? Math.floor((needed + 1) / 2) : Math.floor(needed / 2);
    tail = needed - head;
  } else if (w.autoPad !== 'NOTSET') n.miss(`auto_pad '${w.autoPad}' is not one ONNX defines`);
  const span = size + head + tail - d * (k - 1) - 1;
  if (span < 0)
    n.miss(`its window (${d * (k - 1) + 1}) is larger than the padded input (${size + head + tail})`);
  if (!(pooling && w.ceil)) return Math.floor(span / s) + 1;
  const out = Math.ceil(span / s) + 1;
  // The last window must start inside the input or its begin pad (onnx#5741, onnxruntime 1.18+).
  return (out - 1) * s >= size + head ? out - 1 : out;
}

function spatial(n: NodeContext, x: readonly number[], w: Window, pooling: boolean): number[] {
  if (x.length !== w.kernel.length + 2)
    n.miss(`input rank ${x.length} does not fit a ${w.kernel.length}-D kernel`);
  return w.kernel.map((_, i) => outputSize(n, w, i, x[i + 2]!, pooling));
}

const conv =
  (dtype: (n: NodeContext) => TensorType['dtype'], wIndex: number): Rule =>
  (n) => {
    const x = n.shape(0);
    const weights = n.shape(wIndex);
    const kernel = n.ints('kernel_shape') ?? weights.slice(2);
    return [{ dtype: dtype(n), shape: [x[0]!, weights[0]!, ...spatial(n, x, window(n, kernel), false)] }];
  };

const convTranspose: Rule = (n) => {
  const x = n.shape(0);
  const weights = n.shape(1);
  const kernel = n.ints('kernel_shape') ?? weights.slice(2);
  const w = window(n, kernel);
  const channels = weights[1]! * n.int('group', 1);
  const given = n.ints('output_shape');
  if (given)
    return [{ dtype: n.dtype(0), shape: [x[0]!, channels, ...given.slice(given.length - kernel.length)] }];
  const extra = n.ints('output_padding') ?? new Array<number>(kernel.length).fill(0);
  const sizes = kernel.map((k, i) => {
    const size = x[i + 2]!;
    const s = w.strides[i]!;
    // SAME_*: the output is input × stride (onnxruntime conv_transpose_attributes.h).
    if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') return size * s;
    const pads = w.autoPad === 'VALID' ? 0 : w.pads[i]! + w.pads[i + kernel.length]!;
    return s * (size - 1) + (extra[i] ?? 0) + (k - 1) * w.dilations[i]! + 1 - pads;
  });
  return [{ dtype: n.dtype(0), shape: [x[0]!, channels, ...sizes] }];
};

const pool: Rule = (n) => {
  const x = n.shape(0);
  const kernel = n.ints('kernel_shape');
  if (!kernel) return n.miss('has no kernel_shape');
  const shape = [x[0]!, x[1]!, ...spatial(n, x, window(n, kernel), true)];
  return [
    { dtype: n.dtype(0), shape },
    { dtype: 'int64', shape },
  ];
};

const globalPool: Rule = (n) => {
  const x = n.shape(0);
  return [{ dtype: n.dtype(0), shape: [x[0]!, x[1]!, ...x.slice(2).map(() => 1)] }];
};

const maxUnpool: Rule = (n) => {
  const x = n.shape(0);
  if (n.has(2)) return [{ dtype: n.dtype(0), shape: n.integers(2) }];
  const kernel = n.ints('kernel_shape');
  if (!kernel) return n.miss('has no kernel_shape');
  const w = window(n, kernel);
  const sizes = kernel.map(
    (k, i) => (x[i + 2]! - 1) * w.strides[i]! + k - w.pads[i]! - w.pads[i + kernel.length]!,
  );
  return [{ dtype: n.dtype(0), shape: [x[0]!, x[1]!, ...sizes] }];
};

const depthToSpace: Rule = (n) => {
  const [b, c, h, w] = fourD(n);
  const k = n.int('blocksize', 0);
  if (k < 1 || c % (k * k) !== 0) n.miss(`blocksize ${k} does not divide ${c} channels`);
  return [{ dtype: n.dtype(0), shape: [b, c / (k * k), h * k, w * k] }];
};

const spaceToDepth: Rule = (n) => {
  const [b, c, h, w] = fourD(n);
  const k = n.int('blocksize', 0);
  if (k < 1 || h % k !== 0 || w % k !== 0) n.miss(`blocksize ${k} does not divide ${h}x${w}`);
  return [{ dtype: n.dtype(0), shape: [b, c * k * k, h / k, w / k] }];
};

function fourD(n: NodeContext): [number, number, number, number] {
  const x = n.shape(0);
  if (x.length !== 4) n.miss(`needs a 4-D input, not rank ${x.length}`);
  return [x[0]!, x[1]!, x[2]!, x[3]!];
}

const roiAlign: Rule = (n) => [
  {
    dtype: n.dtype(0),
    shape: [n.shape(1)[0]!, n.shape(0)[1]!, n.int('output_height', 1), n.int('output_width', 1)],
  },
];

const maxRoiPool: Rule = (n) => {
  const pooled = n.ints('pooled_shape') ?? n.miss('has no pooled_shape');
  return [{ dtype: n.dtype(0), shape: [n.shape(1)[0]!, n.shape(0)[1]!, ...pooled] }];
};

const gridSample: Rule = (n) => {
  const x = n.shape(0);
  const grid = n.shape(1);
  return [{ dtype: n.dtype(0), shape: [x[0]!, x[1]!, ...grid.slice(1, -1)] }];
};

export const convPoolRules: RuleTable = {
  Conv: conv((n) => n.dtype(0), 1),
  ConvInteger: conv(() => 'int32', 1),
  // QLinearConv(x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp, B): y has y_zero_point's type.
  QLinearConv: conv((n) => n.dtype(7), 3),
  ConvTranspose: convTranspose,
  MaxPool: pool,
  AveragePool: pool,
  LpPool: pool,
  GlobalAveragePool: globalPool,
  GlobalMaxPool: globalPool,
  GlobalLpPool: globalPool,
  MaxUnpool: maxUnpool,
  DepthToSpace: depthToSpace,
  SpaceToDepth: spaceToDepth,
  RoiAlign: roiAlign,
  MaxRoiPool: maxRoiPool,
  GridSample: gridSample,
};
