/**
 * `classification`: the k most likely classes. Scores are probabilities:
 * an output that already is one (non-negative, summing to 1) is used as it
 * is, anything else is taken for logits and softmaxed.
 */
import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import { elementCount } from '../../core/tensor.js';
import type { HostTensor } from '../../runtime/runtime.js';
import {
  checkOptions,
  floatValues,
  labelOf,
  pickOutput,
  type BuiltInPostProcessor,
} from './postprocessor.js';

export interface Prediction {
  readonly index: number;
  readonly label: string;
  readonly score: number;
}

/** Whether the values already form a probability distribution (within float32 rounding). */
export function isProbability(values: ArrayLike<number>): boolean {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1)) return false;
    sum += v;
  }
  return Math.abs(sum - 1) <= 1e-3;
}

export function softmax(values: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  const out = new Float64Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += out[i] = Math.exp(values[i]! - max);
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/** The k highest-scoring classes, best first; ties go to the lower index. */
export function topK(scores: ArrayLike<number>, k: number, labels: readonly string[] | null): Prediction[] {
  const probabilities = isProbability(scores) ? scores : softmax(scores);
  const order = Array.from({ length: probabilities.length }, (_, i) => i);
  order.sort((a, b) => probabilities[b]! - probabilities[a]! || a - b);
  return order
    .slice(0, k)
    .map((index) => ({ index, label: labelOf(labels, index), score: probabilities[index]! }));
}

/** One batch item's class scores: a [N], [1, N] or [1, N, 1, 1] tensor. */
export function classScores(tensor: HostTensor, where: string): Float32Array | Float64Array {
  const values = floatValues(tensor, where);
  const classes = tensor.shape.filter((d) => d !== 1);
  if (classes.length > 1 || elementCount(tensor.shape) !== values.length) {
    throw new ConfigError(
      `${where}: expected one row of class scores, got shape [${tensor.shape.join(', ')}]`,
    );
  }
  return values;
}

const options = z.strictObject({
  topK: z
    .number()
    .int()
    .min(1)
    .max(1e6)
    .default(5)
    .describe('How many of the most likely classes to report.'),
});

export const classification: BuiltInPostProcessor = {
  kind: 'classification',
  description: 'top-k classes with their probabilities (softmax applied to logits)',
  options,
  expects: (shape) =>
    shape.filter((d) => d !== 1 && d !== null).length > 1 ? 'one row of class scores ([N] or [1, N])' : null,
  create(config) {
    const { topK: k } = checkOptions('classification', options, config.options);
    return {
      kind: 'classification',
      process(outputs) {
        const where = `classification of output '${config.output ?? Object.keys(outputs)[0]}'`;
        return { top: topK(classScores(pickOutput(outputs, config.output), where), k, config.labels) };
      },
    };
  },
};
