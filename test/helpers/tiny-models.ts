/**
 * Small hand-built ONNX models for unit tests: float32 tensors, value_info
 * for every node output so shapes are known without running anything.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeModel, encodeModel, readModel, type LoadedModel } from '../../src/onnx/model-file.js';
import {
  onnx,
  toLong,
  type AttributeProto,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from '../../src/onnx/proto.js';

export interface TinyNode {
  readonly op: string;
  readonly in: readonly string[];
  readonly out: readonly string[];
  readonly attrs?: readonly AttributeProto[];
}

export interface TinySpec {
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly nodes: readonly TinyNode[];
  /** Initializers: name to values (1-D unless dims given in `dims`). */
  readonly weights?: Readonly<Record<string, readonly number[]>>;
  readonly dims?: Readonly<Record<string, readonly number[]>>;
  /** Shape of every input and node output unless listed in `shapes`. */
  readonly shape?: readonly number[];
  readonly shapes?: Readonly<Record<string, readonly number[]>>;
  /** Element types other than float32 (ONNX codes), by tensor name. */
  readonly types?: Readonly<Record<string, number>>;
}

export const FLOAT = 1;
export const BOOL = 9;

export function valueInfo(name: string, shape: readonly number[], elemType = FLOAT): ValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: shape.map((d) => ({ dimValue: toLong(d) })) } } },
  };
}

export function floatTensor(
  name: string,
  values: readonly number[],
  dims: readonly number[] = [values.length],
): TensorProto {
  return { name, dataType: FLOAT, dims: dims.map(toLong), floatData: [...values] };
}

export function node(n: TinyNode, i: number): NodeProto {
  return {
    name: `${n.op}_${i}`,
    opType: n.op,
    input: [...n.in],
    output: [...n.out],
    attribute: [...(n.attrs ?? [])],
  };
}

export function tinyGraph(spec: TinySpec, name = 'tiny'): GraphProto {
  const shapeOf = (t: string) => spec.shapes?.[t] ?? spec.shape ?? [2, 3];
  const info = (t: string) => valueInfo(t, shapeOf(t), spec.types?.[t] ?? FLOAT);
  const outputs = new Set(spec.outputs);
  const constants = new Set(spec.nodes.filter((n) => n.op === 'Constant').flatMap((n) => n.out));
  const produced = spec.nodes.flatMap((n) => n.out).filter((t) => !outputs.has(t) && !constants.has(t));
  return {
    name,
    node: spec.nodes.map(node),
    input: spec.inputs.map(info),
    output: spec.outputs.map(info),
    valueInfo: produced.map(info),
    initializer: Object.entries(spec.weights ?? {}).map(([n, v]) => floatTensor(n, v, spec.dims?.[n])),
  };
}

/** A decoded ModelProto, so fields look as they do when read from a file. */
export function tinyModel(spec: TinySpec, opset = 17): ModelProto {
  return decodeModel(encodeModel(wrap(tinyGraph(spec), opset)), 'tiny model');
}

export function wrap(graph: GraphProto, opset = 17): onnx.ModelProto.$Properties {
  return {
    irVersion: toLong(8),
    opsetImport: [{ domain: '', version: toLong(opset) }],
    producerName: 'couper-test',
    graph,
  };
}

const made: string[] = [];
// Every folder made here goes when the test process ends, pass or fail.
process.on('exit', () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed when the test process exits. */
export function tempDir(prefix = 'couper-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Write `proto` as model.onnx in a fresh temp folder and read it back. */
export function saveModel(proto: onnx.ModelProto.$Properties, dir = tempDir()): LoadedModel {
  const file = path.join(dir, 'model.onnx');
  fs.writeFileSync(file, encodeModel(proto));
  return readModel(file);
}

// Fixtures shared by the slice tests. Shapes are [2, 3] unless said.

/** x → Add(w1) → Relu → Mul(w2) → Sigmoid → y */
export const CHAIN: TinySpec = {
  inputs: ['x'],
  outputs: ['y'],
  weights: { w1: [0.5, -1, 2], w2: [3, 0.25, -0.5] },
  nodes: [
    { op: 'Add', in: ['x', 'w1'], out: ['a'] },
    { op: 'Relu', in: ['a'], out: ['b'] },
    { op: 'Mul', in: ['b', 'w2'], out: ['c'] },
    { op: 'Sigmoid', in: ['c'], out: ['y'] },
  ],
};

/** A skip connection: a feeds both Neg and the final Add. */
export const RESIDUAL: TinySpec = {
  inputs: ['x'],
  outputs: ['y'],
  nodes: [
    { op: 'Relu', in: ['x'], out: ['a'] },
    { op: 'Neg', in: ['a'], out: ['b'] },
    { op: 'Exp', in: ['b'], out: ['c'] },
    { op: 'Add', in: ['a', 'c'], out: ['d'] },
    { op: 'Sigmoid', in: ['d'], out: ['y'] },
  ],
};

/** A Constant node, a constant-only Mul and an initializer, each read on both sides of [b]. */
export const SHARED_CONSTANTS: TinySpec = {
  inputs: ['x'],
  outputs: ['y'],
  weights: { w: [1, 2, 3] },
  nodes: [
    {
      op: 'Constant',
      in: [],
      out: ['k'],
      attrs: [{ name: 'value', type: 4, t: floatTensor('k', [0.5, 0.5, 2]) }],
    },
    { op: 'Mul', in: ['k', 'w'], out: ['k2'] },
    { op: 'Add', in: ['x', 'k2'], out: ['a'] },
    { op: 'Relu', in: ['a'], out: ['b'] },
    { op: 'Mul', in: ['b', 'k2'], out: ['c'] },
    { op: 'Add', in: ['c', 'w'], out: ['y'] },
  ],
  shapes: { k2: [3] },
};

/** Split's first half is a graph output computed before the cut at [s1, t]. */
export const SPLIT: TinySpec = {
  inputs: ['x'],
  outputs: ['s1', 'y'],
  shape: [2, 2],
  shapes: { x: [2, 4] },
  nodes: [
    { op: 'Split', in: ['x'], out: ['s1', 's2'], attrs: [{ name: 'axis', type: 2, i: toLong(1) }] },
    { op: 'Relu', in: ['s2'], out: ['t'] },
    { op: 'Neg', in: ['t'], out: ['y'] },
  ],
};

/** An If whose branches read the outer tensors a and b and the outer initializer w. */
export function ifModelSpec(): TinySpec {
  const branch = (name: string, op: string, input: string): GraphProto => ({
    name,
    node: [{ name: `${name}_op`, opType: op, input: [input, 'w'], output: [`${name}_out`] }],
    output: [valueInfo(`${name}_out`, [2, 3])],
  });
  const cond: TensorProto = { name: 'cond', dataType: BOOL, dims: [], int32Data: [1] };
  return {
    inputs: ['x'],
    outputs: ['y'],
    weights: { w: [1, 2, 3] },
    nodes: [
      { op: 'Relu', in: ['x'], out: ['a'] },
      { op: 'Exp', in: ['a'], out: ['b'] },
      { op: 'Constant', in: [], out: ['cond'], attrs: [{ name: 'value', type: 4, t: cond }] },
      {
        op: 'If',
        in: ['cond'],
        out: ['r'],
        attrs: [
          { name: 'then_branch', type: 5, g: branch('then', 'Add', 'a') },
          { name: 'else_branch', type: 5, g: branch('else', 'Mul', 'b') },
        ],
      },
      { op: 'Neg', in: ['r'], out: ['y'] },
    ],
  };
}
