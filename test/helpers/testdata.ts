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
import { onnx } from '../../src/onnx/proto.js';
import { tensorValues, type TensorValues } from './tensor-data.js';
import type { HostTensor } from '../../src/runtime/runtime.js';

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

/** Read one .pb file as a TensorProto and decode its values. */
export function readTensorFile(file: string): { name: string; value: TensorValues } {
  let proto: onnx.TensorProto;
  try {
    proto = onnx.TensorProto.decode(fs.readFileSync(file));
  } catch (err) {
    throw new ModelError(`'${file}' is not a TensorProto: ${String(err)}`);
  }
  return { name: proto.name, value: tensorValues(proto, path.dirname(file)) };
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
