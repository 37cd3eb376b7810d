/**
 * Signal processing (windows, MelWeightMatrix, DFT, STFT) and text
 * (TfIdfVectorizer): sizes from scalar operands and attributes.
 */
import type { NodeContext } from '../context.js';
import type { Rule, RuleTable } from '../rule.js';

function scalarInt(n: NodeContext, i: number): number {
  return n.integers(i)[0] ?? n.miss(`has an empty input ${i}`);
}

const windowRule: Rule = (n) => [
  { dtype: n.dtypeAttr('output_datatype', 'float32'), shape: [scalarInt(n, 0)] },
];

const melWeightMatrix: Rule = (n) => [
  {
    dtype: n.dtypeAttr('output_datatype', 'float32'),
    shape: [Math.floor(scalarInt(n, 1) / 2) + 1, scalarInt(n, 0)],
  },
];

/** DFT (opset 17): the transformed axis becomes dft_length (halved + 1 when onesided), the last axis 2 (complex). */
const dft: Rule = (n) => {
  const x = n.shape(0);
  const axis = n.axis(n.int('axis', 1), x.length);
  const length = n.has(1) ? scalarInt(n, 1) : x[axis]!;
  const out = [...x];
  out[axis] = n.int('onesided', 0) === 1 ? Math.floor(length / 2) + 1 : length;
  out[x.length - 1] = 2;
  return [{ dtype: n.dtype(0), shape: out }];
};

/** STFT(signal [batch, length, 1|2], frame_step, window?, frame_length?) → [batch, frames, bins, 2]. */
const stft: Rule = (n) => {
  const signal = n.shape(0);
  if (signal.length !== 3) n.miss(`needs a 3-D signal, not rank ${signal.length}`);
  const step = scalarInt(n, 1);
  const frame = n.has(3)
    ? scalarInt(n, 3)
    : n.has(2)
      ? n.shape(2)[0]!
      : n.miss('has neither window nor frame_length');
  if (step < 1 || frame < 1 || frame > signal[1]!)
    n.miss(`has frames of ${frame} every ${step} over ${signal[1]}`);
  const frames = Math.floor((signal[1]! - frame) / step) + 1;
  const bins = n.int('onesided', 1) === 1 ? Math.floor(frame / 2) + 1 : frame;
  return [{ dtype: n.dtype(0), shape: [signal[0]!, frames, bins, 2] }];
};

/** TfIdfVectorizer: one float per n-gram index, for each row of a 2-D input. */
const tfIdf: Rule = (n) => {
  const x = n.shape(0);
  const width = Math.max(-1, ...(n.ints('ngram_indexes') ?? [])) + 1;
  if (x.length > 2 || x.length === 0) n.miss(`needs a 1-D or 2-D input, not rank ${x.length}`);
  return [{ dtype: 'float32', shape: x.length === 1 ? [width] : [x[0]!, width] }];
};

export const signalRules: RuleTable = {
  HannWindow: windowRule,
  HammingWindow: windowRule,
  BlackmanWindow: windowRule,
  MelWeightMatrix: melWeightMatrix,
  DFT: dft,
  STFT: stft,
  TfIdfVectorizer: tfIdf,
};
