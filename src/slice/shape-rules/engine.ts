/**
 * Static shape inference over one graph: every node in topological order,
 * its rule giving its outputs' types; its fold (where the outputs are small)
 * gives their values if a later rule asks for them. What no rule can infer
 * is listed with the reason.
 */
import { describeError } from '../../core/errors.js';
import { elementCount } from '../../core/tensor.js';
import type { GraphProto, NodeProto } from '../../onnx/proto.js';
import { capturedNames } from '../model-graph.js';
import { NodeContext, type SubgraphOutput } from './context.js';
import { FOLDS } from './folds/index.js';
import { RULES } from './rules/index.js';
import { Scope } from './scope.js';
import { MAX_VALUE_ELEMENTS, ShapeMiss, type TensorType } from './types.js';
import { isDim, isFoldable } from './values.js';

export interface EngineOptions {
  /** The ai.onnx opset the model imports. */
  readonly opset: number;
  /** Types the file declares (value_info, graph outputs), used where no rule answers. */
  readonly declared?: ReadonlyMap<string, TensorType>;
}

export interface Unknown {
  readonly tensor: string;
  /** The operator that writes it. */
  readonly op: string;
  /** Why, naming the node: "NonZero node 'nz': its output size depends on input values". */
  readonly reason: string;
}

export interface GraphResult {
  /** Node outputs that stay unknown, in topological order. */
  readonly unknown: Unknown[];
  /** Node outputs taken from the file's declarations because no rule inferred them. */
  readonly declared: string[];
  /** Model inputs whose values some rule needed: shapes that depend on input data. */
  readonly valueWanted: Set<string>;
}

const ONNX_DOMAINS = new Set(['', 'ai.onnx']);

export function inferGraph(graph: GraphProto, scope: Scope, options: EngineOptions): GraphResult {
  const result: GraphResult = { unknown: [], declared: [], valueWanted: new Set() };
  const nodes = graph.node ?? [];
  for (const i of nodeOrder(nodes)) inferNode(nodes[i]!, i, scope, options, result);
  return result;
}

function inferNode(
  node: NodeProto,
  index: number,
  scope: Scope,
  options: EngineOptions,
  result: GraphResult,
): void {
  const ctx = new NodeContext(node, options.opset, scope, (g, inputs = []) =>
    inferSubgraph(g, inputs, scope, options),
  );
  let types: readonly (TensorType | undefined)[] = [];
  let reason: string | undefined;
  try {
    types = ruleFor(node)(ctx);
  } catch (err) {
    if (err instanceof ShapeMiss && err.wantsValueOf) result.valueWanted.add(err.wantsValueOf);
    reason = err instanceof ShapeMiss ? err.reason : `its shape rule failed (${describeError(err)})`;
  }
  const outputs = node.output ?? [];
  const valid = (i: number): boolean => types[i]?.shape.every(isDim) ?? false;
  outputs.forEach((name, i) => {
    if (name === '') return;
    if (valid(i)) return scope.set(name, types[i]!);
    const declared = options.declared?.get(name);
    if (declared) {
      result.declared.push(name);
      return scope.set(name, declared);
    }
    const type = types[i];
    const why =
      reason ??
      (type ? `would give the invalid shape [${type.shape.join(',')}]` : `gives no type for output ${i}`);
    result.unknown.push({
      tensor: name,
      op: node.opType ?? '',
      reason: `${node.opType} node '${nodeName(node, index)}' ${why}`,
    });
  });
  // Values only from the rule's own types, every output valid (not from declarations).
  if (outputs.every((name, i) => name === '' || valid(i))) deferFold(ctx, outputs, types, scope);
}

function ruleFor(node: NodeProto): (ctx: NodeContext) => readonly (TensorType | undefined)[] {
  const domain = node.domain ?? '';
  if (!ONNX_DOMAINS.has(domain)) throw new ShapeMiss(`is from domain '${domain}', which has no shape rules`);
  const rule = RULES[node.opType ?? ''];
  if (!rule) throw new ShapeMiss('has no shape rule');
  return rule;
}

/** Let the scope compute the node's output values if a rule asks for them, where they are small. */
function deferFold(
  ctx: NodeContext,
  outputs: readonly string[],
  types: readonly (TensorType | undefined)[],
  scope: Scope,
): void {
  const f = FOLDS[ctx.opType];
  if (!f || (ctx.node.domain ?? '') !== '') return;
  const typed = outputs.map((_, i) => types[i]);
  const small = (t: TensorType | undefined): t is TensorType =>
    t !== undefined && isFoldable(t.dtype) && elementCount(t.shape) <= MAX_VALUE_ELEMENTS;
  if (!typed.every(small)) return;
  scope.deferFold(outputs, () => f(ctx, typed));
}

/** A subgraph's outputs, inferred in a scope inside the node's, its inputs typed as the node feeds them. */
function inferSubgraph(
  graph: GraphProto,
  inputs: readonly TensorType[],
  parent: Scope,
  options: EngineOptions,
): SubgraphOutput[] {
  const declared = graph.input ?? [];
  if (declared.length !== inputs.length)
    throw new ShapeMiss(`has a subgraph of ${declared.length} inputs, fed ${inputs.length}`);
  const scope = parent.child();
  declared.forEach((v, i) => scope.set(v.name ?? '', inputs[i]!));
  for (const t of graph.initializer ?? []) scope.addStored(t);
  const inner = inferGraph(graph, scope, { opset: options.opset });
  return (graph.output ?? []).map((o) => {
    const name = o.name ?? '';
    const type = scope.type(name);
    if (!type)
      throw new ShapeMiss(
        `has a subgraph whose output '${name}' is unknown (${inner.unknown[0]?.reason ?? 'no type'})`,
      );
    return { type, value: scope.value(name) };
  });
}

/** Topological order of a graph's nodes: file order when it is one (ONNX requires it), else Kahn's. */
function nodeOrder(nodes: readonly NodeProto[]): number[] {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => (n.output ?? []).forEach((t) => t !== '' && producer.set(t, i)));
  const reads = nodes.map((n) => [...new Set([...(n.input ?? []), ...capturedNames(n)])]);
  if (reads.every((names, i) => names.every((t) => (producer.get(t) ?? -1) < i)))
    return nodes.map((_, i) => i);
  const waiting = new Int32Array(nodes.length);
  const readers: number[][] = nodes.map(() => []);
  reads.forEach((names, i) => {
    for (const t of names) {
      const p = producer.get(t);
      if (p === undefined || p === i) continue;
      waiting[i]!++;
      readers[p]!.push(i);
    }
  });
  const order: number[] = [];
  const ready = nodes.map((_, i) => i).filter((i) => waiting[i] === 0);
  for (let k = 0; k < ready.length; k++) {
    const i = ready[k]!;
    order.push(i);
    for (const r of readers[i]!) if (--waiting[r]! === 0) ready.push(r);
  }
  // Nodes on a cycle: inferred last, where their inputs stay unknown.
  if (order.length < nodes.length) order.push(...nodes.map((_, i) => i).filter((i) => waiting[i]! > 0));
  return order;
}

function nodeName(node: NodeProto, index: number): string {
  return node.name ? node.name : `${node.opType ?? 'node'}#${index}`;
}
