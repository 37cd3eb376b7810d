/**
 * Small hand-built graphs and helpers shared by the algorithm tests (not
 * used by the product code).
 */
import { makeGraph, type DataflowGraph } from '../../src/graph/graph.js';
import { topologicalOrder } from '../../src/graph/topo.js';
import type { AlgorithmContext } from '../../src/slice/algorithm.js';
import { seededRandom } from '../../src/core/bootstrap.js';

/** Ops written as 'NAME: in1,in2 -> out1', in file order. */
export function graphOf(
  lines: readonly string[],
  inputs: readonly string[],
  outputs: readonly string[],
): DataflowGraph {
  const ops = lines.map((line, index) => {
    const match = /^(\w+):\s*([\w,]*)\s*->\s*([\w,]*)$/.exec(line);
    if (!match) throw new Error(`bad op line '${line}'`);
    const list = (s: string): string[] => (s === '' ? [] : s.split(','));
    return {
      index,
      name: match[1]!,
      opType: match[1]!,
      domain: '',
      inputs: list(match[2]!),
      outputs: list(match[3]!),
    };
  });
  return makeGraph(ops, inputs, outputs);
}

export function contextOf(
  graph: DataflowGraph,
  bytes: Readonly<Record<string, number>> = {},
  maxTensors = 4,
): AlgorithmContext {
  const sorted = topologicalOrder(graph);
  if (!sorted.ok) throw new Error('test graph has a cycle');
  return { graph, order: sorted.order, bytesOf: (t) => bytes[t] ?? 1, maxTensors };
}

/** The same graph with its ops listed in another file order. */
export function permuted(graph: DataflowGraph, filePosition: (oldIndex: number) => number): DataflowGraph {
  const ops = [...graph.ops]
    .sort((a, b) => filePosition(a.index) - filePosition(b.index))
    .map((op, index) => ({ ...op, index }));
  return makeGraph(ops, graph.inputs, graph.outputs);
}

/** Deterministic pseudo-random numbers: the product's own seeded generator (mulberry32). */
export const random: (seed: number) => () => number = seededRandom;

/** A random DAG of `n` ops over one or two graph inputs; each op reads one to three earlier tensors. */
export function randomDag(rand: () => number, n: number): DataflowGraph {
  const inputs = rand() < 0.3 ? ['x0', 'x1'] : ['x0'];
  const available = [...inputs];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const reads = new Set<string>();
    const count = Math.min(available.length, 1 + (rand() < 0.35 ? 1 : 0) + (rand() < 0.1 ? 1 : 0));
    // Favour recent tensors so the graphs look like networks, not random soup.
    while (reads.size < count) {
      const back = Math.floor(Math.pow(rand(), 3) * available.length);
      reads.add(available[available.length - 1 - back]!);
    }
    const outs = rand() < 0.15 ? [`t${i}`, `u${i}`] : [`t${i}`];
    lines.push(`op${i}: ${[...reads].join(',')} -> ${outs.join(',')}`);
    available.push(...outs);
  }
  const graph = graphOf(lines, inputs, []);
  const outputs = [...graph.producer.keys()].filter((t) => !graph.consumers.has(t));
  return graphOf(lines, inputs, outputs);
}

export const CHAIN = graphOf(['A: x -> a', 'B: a -> b', 'C: b -> c', 'D: c -> y'], ['x'], ['y']);

/** A residual block: a feeds both the body (B, C) and the add (D). */
export const RESIDUAL = graphOf(
  ['A: x -> a', 'B: a -> b', 'C: b -> c', 'D: a,c -> d', 'E: d -> e', 'F: e -> y'],
  ['x'],
  ['y'],
);

/**
 * A small U-Net: encoders E1-E3, decoders D3-D1, skips e2 -> D2 and, through
 * a cheap projection P listed late in the file, e1 -> D1.
 */
export const UNET = graphOf(
  [
    'E1: x -> e1',
    'E2: e1 -> e2',
    'E3: e2 -> e3',
    'D3: e3 -> d3',
    'D2: d3,e2 -> d2',
    'P: e1 -> p',
    'D1: d2,p -> d1',
    'OUT: d1 -> y',
  ],
  ['x'],
  ['y'],
);
export const UNET_BYTES = { x: 1000, e1: 100, e2: 50, e3: 10, d3: 40, d2: 60, p: 5, d1: 100, y: 1000 };

/** The graph input x is read again by the last op. */
export const LATE_INPUT = graphOf(['A: x -> a', 'B: a -> b', 'C: b,x -> y'], ['x'], ['y']);
