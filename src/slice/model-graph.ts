/**
 * Turn an ONNX graph into the dataflow graph that cuts are made on.
 *
 * Constants are not dataflow: initializers, Constant nodes and any node whose
 * inputs are all constant are set apart, so a cut never lands on a weight and
 * each slice simply takes along the constants it reads.
 */
import { ModelError } from '../core/errors.js';
import { makeGraph, type DataflowGraph, type Op } from '../graph/graph.js';
import { topologicalOrder } from '../graph/topo.js';
import type { GraphProto, ModelProto, NodeProto } from '../onnx/proto.js';

/** Operator domains whose semantics onnxruntime (and so Couper) knows. */
const KNOWN_DOMAINS = new Set(['', 'ai.onnx', 'ai.onnx.ml', 'com.microsoft', 'ai.onnx.preview.training']);

export interface ModelGraph {
  readonly graph: DataflowGraph;
  /** For each dataflow op, the index of its node in graph.node. */
  readonly nodeIndex: readonly number[];
  /** Tensors that are constant (weights, Constant outputs and what is computed only from them). */
  readonly constants: ReadonlySet<string>;
  /** Node indices of the constant-only nodes, in a topological order. */
  readonly constantNodes: readonly number[];
}

export function buildModelGraph(model: ModelProto): ModelGraph {
  const g = model.graph as GraphProto;
  const nodes = g.node ?? [];
  const localDomains = new Set((model.functions ?? []).map((f) => f.domain ?? ''));
  const initializers = new Set([
    ...(g.initializer ?? []).map((t) => t.name ?? ''),
    ...(g.sparseInitializer ?? []).map((t) => t.values?.name ?? ''),
  ]);
  const graphInputs = (g.input ?? []).map((v) => v.name ?? '');
  const dataInputs = graphInputs.filter((n) => !initializers.has(n));

  // All nodes first, constant or not, to check names and order.
  const allOps: Op[] = nodes.map((node, index) => {
    const domain = node.domain ?? '';
    if (!KNOWN_DOMAINS.has(domain) && !localDomains.has(domain)) {
      throw new ModelError(
        `node '${nodeLabel(node, index)}' uses operator '${node.opType}' from domain '${domain}', which Couper cannot reason about (known: ai.onnx, ai.onnx.ml, com.microsoft and the model's own functions)`,
      );
    }
    return {
      index,
      name: nodeLabel(node, index),
      opType: node.opType ?? '',
      domain,
      inputs: nodeInputs(node),
      outputs: nonEmpty(node.output ?? []),
    };
  });
  const full = makeGraph(
    allOps,
    dataInputs,
    (g.output ?? []).map((v) => v.name ?? ''),
  );
  const known = new Set([...graphInputs, ...initializers]);
  for (const op of allOps) {
    for (const t of op.inputs) {
      if (!known.has(t) && !full.producer.has(t)) {
        throw new ModelError(
          `node '${op.name}' reads tensor '${t}', which no node, input or initializer produces`,
        );
      }
    }
  }
  for (const t of full.outputs) {
    if (!known.has(t) && !full.producer.has(t)) {
      throw new ModelError(`graph output '${t}' is never produced`);
    }
  }
  const sorted = topologicalOrder(full);
  if (!sorted.ok) {
    const names = sorted.cycle.slice(0, 4).map((i) => `'${allOps[i]!.name}'`);
    throw new ModelError(
      `the graph has a cycle through nodes ${names.join(', ')}${sorted.cycle.length > 4 ? ', …' : ''}`,
    );
  }

  const live = liveNodes(full);
  const constants = new Set(initializers);
  const constantNodes: number[] = [];
  const dataflowNodes: number[] = [];
  for (const i of sorted.order) {
    const op = allOps[i]!;
    // Nodes without inputs (Constant, ConstantOfShape-free generators) are constant too.
    if (op.inputs.every((t) => constants.has(t)) && !isStateful(op.opType)) {
      for (const t of op.outputs) constants.add(t);
      constantNodes.push(i);
    } else if (live[i] === 1) {
      // Ops whose results reach no graph output are dead code: onnxruntime
      // drops them, and a cut must not have to carry their inputs.
      dataflowNodes.push(i);
    }
  }
  dataflowNodes.sort((a, b) => a - b);
  const ops: Op[] = dataflowNodes.map((nodeIdx, index) => {
    const op = allOps[nodeIdx]!;
    return {
      index,
      name: op.name,
      opType: op.opType,
      domain: op.domain,
      inputs: op.inputs.some((t) => constants.has(t))
        ? op.inputs.filter((t) => !constants.has(t))
        : op.inputs,
      outputs: op.outputs,
    };
  });
  return {
    graph: makeGraph(ops, dataInputs, full.outputs),
    nodeIndex: dataflowNodes,
    constants,
    constantNodes,
  };
}

/** Nodes from which some graph output can be reached: 1, else 0. */
function liveNodes(full: DataflowGraph): Uint8Array {
  const live = new Uint8Array(full.ops.length);
  const stack: number[] = [];
  const visit = (t: string): void => {
    const p = full.producer.get(t);
    if (p !== undefined && live[p] === 0) {
      live[p] = 1;
      stack.push(p);
    }
  };
  full.outputs.forEach(visit);
  while (stack.length > 0) full.ops[stack.pop()!]!.inputs.forEach(visit);
  return live;
}

/** Random generators give a new value per run: never fold them into constants. */
function isStateful(opType: string): boolean {
  return opType.startsWith('Random');
}

function nodeLabel(node: NodeProto, index: number): string {
  return node.name ? node.name : `${node.opType ?? 'node'}#${index}`;
}

/**
 * The names a node reads, each once, in order: its inputs (empty optional
 * ones left out), then what its subgraphs capture. Nearly every node has a
 * few inputs and no subgraph: those take one small array (listing builds
 * this graph each time, and the Sets and spreads were a tenth of its garbage).
 */
function nodeInputs(node: NodeProto): string[] {
  const inputs = node.input ?? [];
  if (inputs.length > 16 || hasSubgraph(node)) {
    return [...new Set([...inputs.filter((t) => t !== ''), ...capturedNames(node)])];
  }
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i]!;
    if (t === '' || inputs.indexOf(t) < i) return nonEmpty([...new Set(inputs)]);
  }
  // A copy of the exact size (an array grown by push holds 17 slots).
  return inputs.slice();
}

function hasSubgraph(node: NodeProto): boolean {
  for (const attr of node.attribute ?? []) if (attr.g || (attr.graphs?.length ?? 0) > 0) return true;
  return false;
}

function nonEmpty(names: readonly string[]): string[] {
  return names.includes('') ? names.filter((t) => t !== '') : names.slice();
}

/**
 * Names a node's subgraphs (If/Loop/Scan bodies) read from the enclosing
 * scope. They are real inputs of the node: a cut must treat the whole
 * control-flow node as one operator that reads them.
 */
export function capturedNames(node: NodeProto): string[] {
  const out = new Set<string>();
  for (const attr of node.attribute ?? []) {
    for (const sub of [...(attr.g ? [attr.g] : []), ...(attr.graphs ?? [])]) {
      for (const name of freeNames(sub)) out.add(name);
    }
  }
  return [...out];
}

function freeNames(graph: GraphProto): Set<string> {
  const defined = new Set<string>([
    ...(graph.input ?? []).map((v) => v.name ?? ''),
    ...(graph.initializer ?? []).map((t) => t.name ?? ''),
    ...(graph.sparseInitializer ?? []).map((t) => t.values?.name ?? ''),
  ]);
  for (const node of graph.node ?? []) for (const t of node.output ?? []) defined.add(t);
  const free = new Set<string>();
  for (const node of graph.node ?? []) {
    for (const t of [...(node.input ?? []), ...capturedNames(node)]) {
      if (t !== '' && !defined.has(t)) free.add(t);
    }
  }
  for (const v of graph.output ?? []) if (v.name && !defined.has(v.name)) free.add(v.name);
  return free;
}
