/**
 * Control flow, inferred through the subgraphs. If: the branch a constant
 * condition picks, or either branch when both give the same types. Scan: the
 * body's per-iteration outputs stacked along the scanned axis. Loop: the
 * loop-carried values when the body keeps their types, and scan outputs only
 * when the trip count is a constant the body cannot cut short.
 */
import type { SubgraphOutput } from '../context.js';
import type { Rule, RuleTable } from '../rule.js';
import type { TensorType } from '../types.js';

function sameType(a: TensorType, b: TensorType): boolean {
  return a.dtype === b.dtype && a.shape.join(',') === b.shape.join(',');
}

const ifRule: Rule = (n) => {
  const condition = n.knownValue(0)?.data[0];
  const types = (outs: SubgraphOutput[]): TensorType[] => outs.map((o) => o.type);
  if (condition !== undefined)
    return types(n.inferSubgraph(n.graph(condition !== 0 ? 'then_branch' : 'else_branch')));
  const then = types(n.inferSubgraph(n.graph('then_branch')));
  const otherwise = types(n.inferSubgraph(n.graph('else_branch')));
  if (then.length !== otherwise.length || !then.every((t, i) => sameType(t, otherwise[i]!)))
    n.miss('has branches of different shapes and a condition known only at run time');
  return then;
};

/** Scan (opset 9+): states, then scan inputs sliced along their axes; outputs stack along theirs. */
const scan: Rule = (n) => {
  if (n.opset < 9) n.miss('is the opset-8 Scan (batched), which has no rule');
  const scanCount = n.int('num_scan_inputs', 0);
  const stateCount = n.inputCount - scanCount;
  const states = Array.from({ length: stateCount }, (_, i) => n.type(i));
  const inputAxes = n.ints('scan_input_axes') ?? [];
  let length = -1;
  const slices = Array.from({ length: scanCount }, (_, k) => {
    const x = n.type(stateCount + k);
    const axis = n.axis(inputAxes[k] ?? 0, x.shape.length);
    if (length !== -1 && x.shape[axis] !== length) n.miss('scans inputs of different lengths');
    length = x.shape[axis]!;
    return { dtype: x.dtype, shape: x.shape.filter((_, i) => i !== axis) };
  });
  const outs = n.inferSubgraph(n.graph('body'), [...states, ...slices]).map((o) => o.type);
  const outputAxes = n.ints('scan_output_axes') ?? [];
  return outs.map((t, i) => {
    if (i < stateCount) return t;
    const shape = [...t.shape];
    shape.splice(n.axis(outputAxes[i - stateCount] ?? 0, shape.length + 1), 0, length);
    return { dtype: t.dtype, shape };
  });
};

/** Loop(M, cond, v_initial…): the body takes (iteration, cond, v…) and gives (cond, v…, scan outputs…). */
const loop: Rule = (n) => {
  const carried = Array.from({ length: n.inputCount - 2 }, (_, i) => n.type(i + 2));
  const body = n.graph('body');
  const outs = n.inferSubgraph(body, [
    { dtype: 'int64', shape: [] },
    { dtype: 'bool', shape: [] },
    ...carried,
  ]);
  const final = outs.slice(1, 1 + carried.length).map((o) => o.type);
  if (!final.every((t, i) => sameType(t, carried[i]!)))
    n.miss('has a body that changes the shapes it carries');
  const scanned = outs.slice(1 + carried.length);
  if (scanned.length === 0) return final;
  const trips = n.has(0) ? n.value(0).data[0] : undefined;
  const startsTrue = !n.has(1) || n.value(1).data[0] !== 0;
  // The body may end the loop early unless its condition output is constant true or the condition passed on.
  const condOut = outs[0]!;
  const passesOn = body.output?.[0]?.name === body.input?.[1]?.name;
  if (trips === undefined || !startsTrue || !(condOut.value?.data[0] === 1 || passesOn))
    n.miss('has scan outputs whose length depends on when the loop stops');
  return [...final, ...scanned.map((o) => ({ dtype: o.type.dtype, shape: [trips!, ...o.type.shape] }))];
};

export const controlRules: RuleTable = { If: ifRule, Scan: scan, Loop: loop };
