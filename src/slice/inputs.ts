/**
 * The model's data inputs with concrete shapes, and seeded values for them.
 * Used to resolve shapes by running the model once and to verify slices.
 */
import { byteSize, dtypeFromCode, type DType } from '../core/dtype.js';
import { ConfigError, ModelError } from '../core/errors.js';
import { elementCount } from '../core/tensor.js';
import { int64, type ModelProto } from '../onnx/proto.js';
import type { HostTensor, TensorMap } from '../runtime/runtime.js';

export interface InputSpec {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** Dimensions the file leaves open that we filled with a default. */
  readonly defaulted: readonly string[];
}

/** Used for a dynamic dimension nobody gave: batch 1, spatial 224 (ImageNet-sized). */
const DEFAULT_BATCH = 1;
const DEFAULT_DIM = 224;

/**
 * The largest input we feed: a dimension fits onnxruntime's int32 indexing of
 * most kernels, and a whole input fits one protobuf message (2 GiB, the most
 * an ONNX tensor can hold) and one typed array. Past these, valid syntax like
 * 2^53 would only fail later as "Invalid typed array length" or a plan of
 * absurd FLOPs.
 */
export const MAX_INPUT_DIM = 2 ** 31 - 1;
export const MAX_INPUT_BYTES = 2 ** 31;

export function modelInputSpecs(
  proto: ModelProto,
  given: Record<string, readonly number[]> = {},
): InputSpec[] {
  const graph = proto.graph!;
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  const inputs = (graph.input ?? []).filter((v) => !initializers.has(v.name ?? ''));
  for (const name of Object.keys(given)) {
    if (!inputs.some((v) => v.name === name)) {
      const known = inputs.map((v) => v.name).join(', ');
      throw new ConfigError(
        `--input-shape names '${name}', which is not an input of the model (inputs: ${known})`,
      );
    }
  }
  return inputs.map((v) => {
    const name = v.name ?? '';
    const tensorType = v.type?.tensorType;
    if (!tensorType)
      throw new ModelError(`input '${name}' is not a tensor (sequences and maps cannot be fed)`);
    const dtype = dtypeFromCode(tensorType.elemType ?? 0, `input '${name}'`);
    const dims = tensorType.shape?.dim ?? [];
    const override = given[name];
    if (override) {
      if (override.length !== dims.length) {
        throw new ConfigError(
          `--input-shape ${name} has ${override.length} dims, the model's input has ${dims.length}`,
        );
      }
      return checkedSize({ name, dtype, shape: [...override], defaulted: [] }, '--input-shape gives');
    }
    const defaulted: string[] = [];
    const shape = dims.map((d, i) => {
      if (d.dimValue !== undefined && d.dimValue !== null && int64(d.dimValue) > 0) {
        const dim = int64(d.dimValue);
        if (dim > MAX_INPUT_DIM)
          throw new ModelError(
            `the model gives input '${name}' dimension ${i} the size ${dim}, above the limit ${MAX_INPUT_DIM}; pass a smaller --input-shape`,
          );
        return dim;
      }
      defaulted.push(d.dimParam ? d.dimParam : `dim ${i}`);
      return i === 0 ? DEFAULT_BATCH : DEFAULT_DIM;
    });
    return checkedSize({ name, dtype, shape, defaulted }, 'the model gives');
  });
}

/** `spec`, unless its values would not fit MAX_INPUT_BYTES (`source` says who chose the shape). */
function checkedSize(spec: InputSpec, source: string): InputSpec {
  const bytes = byteSize(spec.dtype, elementCount(spec.shape)) ?? 0;
  if (bytes <= MAX_INPUT_BYTES) return spec;
  const Err = source.startsWith('--') ? ConfigError : ModelError;
  throw new Err(
    `${source} input '${spec.name}' the shape ${spec.shape.join('x')}, ${bytes.toExponential(2)} bytes of ${spec.dtype}, above the limit of ${MAX_INPUT_BYTES} bytes (2 GiB); give a smaller --input-shape`,
  );
}

/** Parse `name=1x3x224x224` option values. */
export function parseInputShapes(values: readonly string[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const value of values) {
    const m = /^(.+)=(\d+(?:x\d+)*)$/.exec(value);
    if (!m) throw new ConfigError(`--input-shape '${value}' must look like name=1x3x224x224`);
    const dims = m[2]!.split('x').map(Number);
    const bad = dims.find((d) => d < 1 || d > MAX_INPUT_DIM);
    if (bad !== undefined)
      throw new ConfigError(
        `--input-shape '${value}': every dimension must be from 1 to ${MAX_INPUT_DIM}, not ${m[2]!.split('x')[dims.indexOf(bad)]}`,
      );
    out[m[1]!] = dims;
  }
  return out;
}

export function seededInputs(specs: readonly InputSpec[], seed = 1): TensorMap {
  const out: TensorMap = {};
  specs.forEach((spec, i) => {
    out[spec.name] = seededTensor(spec, seed * 7919 + i);
  });
  return out;
}

function seededTensor(spec: InputSpec, seed: number): HostTensor {
  const n = elementCount(spec.shape);
  const next = xorshift(seed);
  const shape = spec.shape;
  switch (spec.dtype) {
    case 'float32':
      return { dtype: 'float32', shape, data: Float32Array.from({ length: n }, () => next() * 2 - 1) };
    case 'float64':
      return { dtype: 'float64', shape, data: Float64Array.from({ length: n }, () => next() * 2 - 1) };
    case 'int64':
      return {
        dtype: 'int64',
        shape,
        data: BigInt64Array.from({ length: n }, () => BigInt(Math.floor(next() * 10))),
      };
    case 'int32':
      return { dtype: 'int32', shape, data: Int32Array.from({ length: n }, () => Math.floor(next() * 10)) };
    case 'uint8':
      return { dtype: 'uint8', shape, data: Uint8Array.from({ length: n }, () => Math.floor(next() * 256)) };
    case 'bool':
      return { dtype: 'bool', shape, data: Uint8Array.from({ length: n }, () => (next() < 0.5 ? 0 : 1)) };
    case 'float16':
    case 'bfloat16':
    case 'int8':
    case 'int16':
    case 'uint16':
    case 'uint32':
    case 'uint64':
    case 'int4':
    case 'uint4':
    case 'complex64':
    case 'complex128':
    case 'float8e4m3fn':
    case 'float8e4m3fnuz':
    case 'float8e5m2':
    case 'float8e5m2fnuz':
    case 'float4e2m1':
    case 'string':
      throw new ModelError(
        `input '${spec.name}' has dtype ${spec.dtype}; Couper can feed float, int and bool inputs`,
      );
  }
}

/** xorshift32: the same values on every machine for a given seed. */
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}
