/**
 * Reductions (Reduce*, ArgMax/ArgMin) and the losses that reduce to a scalar
 * unless told not to. Reduce axes were an attribute until opset 13 (ReduceSum)
 * or 18 (the others), an input after.
 */
import type { NodeContext } from '../context.js';
import type { Rule, RuleTable } from '../rule.js';
import { axesOperand } from './reshape.js';

const REDUCE = [
  'ReduceSum',
  'ReduceMean',
  'ReduceMax',
  'ReduceMin',
  'ReduceProd',
  'ReduceL1',
  'ReduceL2',
  'ReduceLogSum',
  'ReduceLogSumExp',
  'ReduceSumSquare',
];

/** The axes a reduction reduces: all when none are given, none with noop_with_empty_axes. */
export function reductionAxes(n: NodeContext, rank: number): Set<number> {
  const given = axesOperand(n, n.opType === 'ReduceSum' ? 13 : 18);
  if ((given === undefined || given.length === 0) && n.int('noop_with_empty_axes', 0) === 1) return new Set();
  const all = Array.from({ length: rank }, (_, i) => i);
  return new Set((given?.length ? given : all).map((a) => n.axis(a, rank)));
}

export function reducedShape(n: NodeContext, x: readonly number[]): number[] {
  const axes = reductionAxes(n, x.length);
  const keep = n.int('keepdims', 1) === 1;
  return x.flatMap((d, i) => (axes.has(i) ? (keep ? [1] : []) : [d]));
}

const reduce: Rule = (n) => [{ dtype: n.dtype(0), shape: reducedShape(n, n.shape(0)) }];

const argReduce: Rule = (n) => {
  const x = n.shape(0);
  const axis = n.axis(n.int('axis', 0), x.length);
  const keep = n.int('keepdims', 1) === 1;
  return [{ dtype: 'int64', shape: x.flatMap((d, i) => (i === axis ? (keep ? [1] : []) : [d])) }];
};

/** Losses: a scalar for reduction 'mean' or 'sum', the per-element shape (the target's) for 'none'. */
const loss =
  (logProb: boolean): Rule =>
  (n) => {
    const reduction = n.string('reduction', 'mean');
    const out = { dtype: n.dtype(0), shape: reduction === 'none' ? n.shape(1) : [] };
    return logProb ? [out, n.type(0)] : [out];
  };

export const reduceRules: RuleTable = {
  ...Object.fromEntries(REDUCE.map((op) => [op, reduce])),
  ArgMax: argReduce,
  ArgMin: argReduce,
  SoftmaxCrossEntropyLoss: loss(true),
  NegativeLogLikelihoodLoss: loss(false),
};
