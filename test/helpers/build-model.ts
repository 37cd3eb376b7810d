/**
 * Small ONNX models built in tests with the generated classes, so each test
 * shows the exact graph it is about.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { encodeModel } from '../../src/onnx/model-file.js';
import {
  onnx,
  toLong,
  type GraphProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from '../../src/onnx/proto.js';

export const FLOAT = onnx.TensorProto.DataType.FLOAT;

/** A tensor-typed value: dims are numbers or symbolic names (dim_param). */
export function valueInfo(
  name: string,
  dims: ReadonlyArray<number | string> = [1],
  elemType = FLOAT,
): ValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: toLong(d) } : { dimParam: d })) },
      },
    },
  };
}

export function node(opType: string, inputs: string[], outputs: string[], extra: NodeProto = {}): NodeProto {
  return { opType, input: inputs, output: outputs, name: `${opType}_${outputs[0] ?? ''}`, ...extra };
}

export function floatTensor(name: string, values: number[], dims: number[] = [values.length]): TensorProto {
  return { name, dataType: FLOAT, dims: dims.map(toLong), floatData: values };
}

/** A whole model around `graph`, opset 17 unless the graph says otherwise. */
export function model(graph: GraphProto, extra: onnx.ModelProto.$Properties = {}): onnx.ModelProto {
  return onnx.ModelProto.create({
    irVersion: toLong(8),
    opsetImport: [{ domain: '', version: toLong(17) }],
    producerName: 'couper-test',
    graph: { name: 'g', ...graph },
    ...extra,
  });
}

/** x -> Relu -> Neg -> y: the smallest model with a dataflow edge. */
export function chainModel(): onnx.ModelProto {
  return model({
    input: [valueInfo('x', [1, 4])],
    output: [valueInfo('y', [1, 4])],
    node: [node('Relu', ['x'], ['h']), node('Neg', ['h'], ['y'])],
  });
}

/** chainModel with a symbolic batch (x[batch, 4] -> y[batch, 4]), written as chain.onnx into `dir`. */
export function batchedChainFile(dir: string): string {
  const file = path.join(dir, 'chain.onnx');
  const proto = model({
    input: [valueInfo('x', ['batch', 4])],
    output: [valueInfo('y', ['batch', 4])],
    node: [node('Relu', ['x'], ['h']), node('Neg', ['h'], ['y'])],
  });
  fs.writeFileSync(file, encodeModel(proto));
  return file;
}

/** A fresh temporary folder, removed when the test ends. */
export function tempDir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-test-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
