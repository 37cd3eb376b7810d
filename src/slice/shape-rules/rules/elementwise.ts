/**
 * Operators whose output has the shape of an input (unary maps, activations,
 * normalisations over a fixed axis) or of their inputs broadcast together
 * (numpy rules; before opset 7, B was broadcast to A's shape).
 */
import type { DType } from '../../../core/dtype.js';
import type { NodeContext } from '../context.js';
import type { Rule, RuleTable } from '../rule.js';
import { broadcastShapes } from '../values.js';

const sameAsFirst: Rule = (n) => [n.type(0)];

const UNARY = [
  'Abs',
  'Neg',
  'Reciprocal',
  'Floor',
  'Ceil',
  'Round',
  'Sqrt',
  'Exp',
  'Log',
  'Sign',
  'Erf',
  'Sin',
  'Cos',
  'Tan',
  'Asin',
  'Acos',
  'Atan',
  'Sinh',
  'Cosh',
  'Asinh',
  'Acosh',
  'Atanh',
  'Relu',
  'LeakyRelu',
  'PRelu',
  'Elu',
  'Selu',
  'Celu',
  'ThresholdedRelu',
  'Sigmoid',
  'HardSigmoid',
  'HardSwish',
  'Tanh',
  'Softplus',
  'Softsign',
  'Gelu',
  'Mish',
  'Shrink',
  'Clip',
  'BitwiseNot',
  'Identity',
  'Softmax',
  'LogSoftmax',
  'Hardmax',
  'CumSum',
  'Trilu',
  'ReverseSequence',
  'LRN',
  'InstanceNormalization',
  'MeanVarianceNormalization',
  'LpNormalization',
  'GroupNormalization',
  'ScatterElements',
  'ScatterND',
  'Scatter',
];

const ARITHMETIC = [
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Mod',
  'Pow',
  'BitShift',
  'BitwiseAnd',
  'BitwiseOr',
  'BitwiseXor',
];
const COMPARISON = ['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'And', 'Or', 'Xor'];
const VARIADIC = ['Sum', 'Max', 'Min', 'Mean'];

function inputs(n: NodeContext): number[] {
  return Array.from({ length: n.inputCount }, (_, i) => i).filter((i) => n.has(i));
}

function broadcastOf(n: NodeContext, indices: readonly number[]): number[] {
  // Opset 1-6 broadcast B to A (attribute `broadcast`): the output is A's shape.
  if (n.opset < 7) return [...n.shape(indices[0]!)];
  return broadcastShapes(indices.map((i) => n.shape(i)));
}

function broadcasting(dtype: (n: NodeContext) => DType): Rule {
  return (n) => [{ dtype: dtype(n), shape: broadcastOf(n, inputs(n)) }];
}

/** Same shape as input 0; the dtype from attribute `dtype` when given, else input 0's. */
const likeInput: Rule = (n) => [{ dtype: n.dtypeAttr('dtype', n.dtype(0)), shape: n.shape(0) }];

export const elementwiseRules: RuleTable = {
  ...Object.fromEntries(UNARY.map((op) => [op, sameAsFirst])),
  ...Object.fromEntries(ARITHMETIC.map((op) => [op, broadcasting((n) => n.dtype(0))])),
  ...Object.fromEntries(COMPARISON.map((op) => [op, broadcasting(() => 'bool')])),
  ...Object.fromEntries(VARIADIC.map((op) => [op, broadcasting((n) => n.dtype(inputs(n)[0]!))])),
  Not: (n) => [{ dtype: 'bool', shape: n.shape(0) }],
  IsNaN: (n) => [{ dtype: 'bool', shape: n.shape(0) }],
  IsInf: (n) => [{ dtype: 'bool', shape: n.shape(0) }],
  Where: (n) => [{ dtype: n.dtype(1), shape: broadcastShapes([n.shape(0), n.shape(1), n.shape(2)]) }],
  EyeLike: likeInput,
  RandomNormalLike: likeInput,
  RandomUniformLike: likeInput,
  Bernoulli: likeInput,
  // The mask is bool from opset 10; before, it had the input's type.
  Dropout: (n) => [n.type(0), { dtype: n.opset >= 10 ? 'bool' : n.dtype(0), shape: n.shape(0) }],
  GatherElements: (n) => [{ dtype: n.dtype(0), shape: n.shape(1) }],
};
