/**
 * Matrix products: Gemm, MatMul with numpy's batch broadcasting (and its 1-D
 * promotion rules), their integer and quantized forms, Einsum, Det.
 */
import type { DType } from '../../../core/dtype.js';
import type { NodeContext } from '../context.js';
import type { Rule, RuleTable } from '../rule.js';
import { broadcastShapes } from '../values.js';

const gemm: Rule = (n) => {
  const a = n.shape(0);
  const b = n.shape(1);
  if (a.length !== 2 || b.length !== 2)
    n.miss(`needs 2-D operands, not [${a.join(',')}] and [${b.join(',')}]`);
  const m = n.int('transA', 0) ? a[1]! : a[0]!;
  const cols = n.int('transB', 0) ? b[0]! : b[1]!;
  return [{ dtype: n.dtype(0), shape: [m, cols] }];
};

/** numpy.matmul's output shape. */
export function matmulShape(n: NodeContext, a: readonly number[], b: readonly number[]): number[] {
  if (a.length === 0 || b.length === 0) n.miss('multiplies a scalar');
  const left = a.length === 1 ? [1, a[0]!] : a;
  const right = b.length === 1 ? [b[0]!, 1] : b;
  if (left[left.length - 1] !== right[right.length - 2])
    n.miss(`inner dimensions of [${a.join(',')}] and [${b.join(',')}] differ`);
  const batch = broadcastShapes([left.slice(0, -2), right.slice(0, -2)]);
  return [
    ...batch,
    ...(a.length === 1 ? [] : [left[left.length - 2]!]),
    ...(b.length === 1 ? [] : [right[right.length - 1]!]),
  ];
}

const matmul =
  (dtype: (n: NodeContext) => DType, ai: number, bi: number): Rule =>
  (n) => [{ dtype: dtype(n), shape: matmulShape(n, n.shape(ai), n.shape(bi)) }];

const det: Rule = (n) => {
  const x = n.shape(0);
  if (x.length < 2 || x[x.length - 1] !== x[x.length - 2]) n.miss('needs square matrices');
  return [{ dtype: n.dtype(0), shape: x.slice(0, -2) }];
};

/** Einsum: each output letter takes its size from an input; '...' broadcasts. */
const einsum: Rule = (n) => {
  const equation = n.string('equation', '').replace(/\s/g, '');
  const [lhs, rhs] = equation.split('->');
  const terms = (lhs ?? '').split(',');
  if (terms.length !== n.inputCount)
    n.miss(`equation '${equation}' has ${terms.length} operands, the node ${n.inputCount}`);
  const sizes = new Map<string, number>();
  const ellipses: number[][] = [];
  terms.forEach((term, i) => {
    const shape = n.shape(i);
    const letters = term.replace('...', '');
    const dots = shape.length - letters.length;
    if (dots < 0 || (dots > 0 && !term.includes('...')))
      n.miss(`term '${term}' does not fit rank ${shape.length}`);
    const at = term.indexOf('...');
    if (at >= 0) ellipses.push(shape.slice(at, at + dots));
    [...letters].forEach((letter, k) => {
      const d = shape[at >= 0 && k >= at ? k + dots : k]!;
      const seen = sizes.get(letter);
      if (seen === undefined || seen === 1) sizes.set(letter, d);
      else if (d !== 1 && d !== seen) n.miss(`letter '${letter}' has sizes ${seen} and ${d}`);
    });
  });
  const dots = broadcastShapes(ellipses);
  // Implicit output: '...' then the letters used once, in alphabetical order.
  const out =
    rhs ??
    `${ellipses.length > 0 ? '...' : ''}${[...sizes.keys()]
      .filter((l) => [...(lhs ?? '')].filter((c) => c === l).length === 1)
      .sort()
      .join('')}`;
  const shape: number[] = [];
  for (let k = 0; k < out.length; k++) {
    if (out.startsWith('...', k)) {
      shape.push(...dots);
      k += 2;
    } else shape.push(sizes.get(out[k]!) ?? n.miss(`output letter '${out[k]}' appears in no input`));
  }
  return [{ dtype: n.dtype(0), shape }];
};

export const linearRules: RuleTable = {
  Gemm: gemm,
  MatMul: matmul((n) => n.dtype(0), 0, 1),
  MatMulInteger: matmul(() => 'int32', 0, 1),
  // QLinearMatMul(a, a_scale, a_zp, b, b_scale, b_zp, y_scale, y_zp): y has y_zero_point's type.
  QLinearMatMul: matmul((n) => n.dtype(7), 0, 3),
  Det: det,
  Einsum: einsum,
};
