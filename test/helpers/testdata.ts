/**
 * The official ONNX backend test suite as Debian packages it (libonnx-testdata):
 * DATA/SUITE/CASE/model.onnx with test_data_set_N/{input,output}_M.pb, each
 * .pb file one serialized TensorProto (or Sequence/Map/Optional proto for
 * inputs of those types, which callers skip by looking at the graph).
 */
import fs from 'node:fs';
import path from 'node:path';
import { arrayView, bytesPerElement, isTensorDType, type NumericDType } from '../../src/core/dtype.js';
import { ModelError } from '../../src/core/errors.js';
import { onnx, type GraphProto, type ValueInfoProto } from '../../src/onnx/proto.js';
import { tensorValues, type TensorValues } from '../../src/onnx/tensor-data.js';
import type { HostTensor, TensorMap } from '../../src/runtime/runtime.js';

export const TESTDATA_DIR = process.env['ONNX_TESTDATA_DIR'] ?? '/usr/share/libonnx-testdata/data';

/** The suites with runnable cases ('real' holds only download stubs). */
export const BACKEND_SUITES = ['node', 'pytorch-converted', 'pytorch-operator', 'simple'] as const;

export interface BackendCase {
  /** 'suite/name', e.g. 'node/test_abs'. */
  readonly id: string;
  readonly model: string;
  /** Folders test_data_set_0, test_data_set_1 … in numeric order. */
  readonly dataSets: readonly string[];
}

export function backendCases(): BackendCase[] {
  const cases: BackendCase[] = [];
  for (const suite of BACKEND_SUITES) {
    const suiteDir = path.join(TESTDATA_DIR, suite);
    if (!fs.existsSync(suiteDir)) continue;
    for (const name of fs.readdirSync(suiteDir).sort()) {
      const dir = path.join(suiteDir, name);
      const model = path.join(dir, 'model.onnx');
      if (!fs.existsSync(model)) continue;
      const dataSets = numbered(fs.readdirSync(dir), 'test_data_set_', '').map((f) => path.join(dir, f));
      cases.push({ id: `${suite}/${name}`, model, dataSets });
    }
  }
  return cases;
}

/** The input_N.pb or output_N.pb files of a data set, in N order. */
export function dataSetFiles(dataSet: string, kind: 'input' | 'output'): string[] {
  return numbered(fs.readdirSync(dataSet), `${kind}_`, '.pb').map((f) => path.join(dataSet, f));
}

/** Read one .pb file as a TensorProto. */
export function readTensorProto(file: string): onnx.TensorProto {
  try {
    return onnx.TensorProto.decode(fs.readFileSync(file));
  } catch (err) {
    throw new ModelError(`'${file}' is not a TensorProto: ${String(err)}`);
  }
}

/** Read one .pb file as a TensorProto and decode its values. */
export function readTensorFile(file: string): { name: string; value: TensorValues } {
  const proto = readTensorProto(file);
  return { name: proto.name, value: tensorValues(proto, path.dirname(file)) };
}

// Element types onnxruntime-node can take as a typed array (see src/runtime/onnxruntime.ts).
const RUNNABLE_ELEM_TYPES = new Set([1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13]);

/** Graph inputs that are not initializers: what a data set feeds. */
export function dataInputs(graph: GraphProto): ValueInfoProto[] {
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  return (graph.input ?? []).filter((v) => !initializers.has(v.name ?? ''));
}

/** A tensor whose element type onnxruntime-node can feed or return (not a sequence, map or string). */
export function isRunnableTensor(v: ValueInfoProto): boolean {
  const elemType = v.type?.tensorType?.elemType;
  return typeof elemType === 'number' && RUNNABLE_ELEM_TYPES.has(elemType);
}

/** The stored input tensors of a data set by input name: input_N.pb names its tensor; an unnamed one goes to the Nth data input. */
export function readFeedProtos(
  dataSet: string,
  inputs: readonly ValueInfoProto[],
): Map<string, onnx.TensorProto> {
  const names = new Set(inputs.map((v) => v.name ?? ''));
  const out = new Map<string, onnx.TensorProto>();
  dataSetFiles(dataSet, 'input').forEach((file, i) => {
    const proto = readTensorProto(file);
    out.set(names.has(proto.name) ? proto.name : (inputs[i]?.name ?? proto.name), proto);
  });
  return out;
}

/** A data set's inputs as feeds. */
export function readFeeds(dataSet: string, inputs: readonly ValueInfoProto[]): TensorMap {
  const feeds: TensorMap = {};
  for (const [name, proto] of readFeedProtos(dataSet, inputs))
    feeds[name] = hostTensor(tensorValues(proto, dataSet), `${dataSet}: input '${name}'`);
  return feeds;
}

/** Decoded values as a runtime takes them: the same memory, viewed as the dtype's array. */
export function hostTensor(values: TensorValues, where: string): HostTensor {
  const { dtype } = values;
  if (dtype === 'string' || !isTensorDType(dtype))
    throw new ModelError(`${where} has dtype ${dtype}, which no runtime is fed here`);
  return viewAs(dtype, values);
}

function viewAs<D extends NumericDType>(dtype: D, { shape, data }: TensorValues): HostTensor<D> {
  const length = data.byteLength / bytesPerElement(dtype);
  return { dtype, shape, data: arrayView(dtype, data.buffer as ArrayBuffer, data.byteOffset, length) };
}

function numbered(names: string[], prefix: string, suffix: string): string[] {
  const index = (n: string): number => Number(n.slice(prefix.length, n.length - suffix.length));
  return names
    .filter((n) => n.startsWith(prefix) && n.endsWith(suffix) && Number.isInteger(index(n)))
    .sort((a, b) => index(a) - index(b));
}
