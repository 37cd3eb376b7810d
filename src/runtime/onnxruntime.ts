/**
 * Runtime on onnxruntime-node (CPU). The only file that imports onnxruntime.
 */
import ort from 'onnxruntime-node';
import type { DType } from '../core/dtype.js';
import { describeError, RuntimeError } from '../core/errors.js';
import type { HostTensor, Runtime, Session, SessionOptions, TensorMap } from './runtime.js';

// onnxruntime-node's tensor type names where they differ from ours.
const TO_ORT: Partial<Record<DType, ort.Tensor.Type>> = {
  float32: 'float32',
  float64: 'float64',
  float16: 'float16',
  int8: 'int8',
  uint8: 'uint8',
  int16: 'int16',
  uint16: 'uint16',
  int32: 'int32',
  uint32: 'uint32',
  int64: 'int64',
  uint64: 'uint64',
  bool: 'bool',
  string: 'string',
};

function toOrt(t: HostTensor, name: string): ort.Tensor {
  const type = TO_ORT[t.dtype];
  if (!type)
    throw new RuntimeError(`tensor '${name}' has dtype ${t.dtype}, which onnxruntime-node cannot take`);
  return new ort.Tensor(type, t.data as ort.Tensor.DataType, t.shape);
}

function fromOrt(t: ort.Tensor): HostTensor {
  return { dtype: t.type, shape: [...t.dims], data: t.data as unknown as ArrayBufferView };
}

class OrtSession implements Session {
  constructor(private readonly session: ort.InferenceSession) {}

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  async run(feeds: TensorMap, outputs?: readonly string[]): Promise<TensorMap> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = toOrt(t, name);
    let result: ort.InferenceSession.OnnxValueMapType;
    try {
      result = outputs ? await this.session.run(ortFeeds, [...outputs]) : await this.session.run(ortFeeds);
    } catch (err) {
      throw new RuntimeError(`onnxruntime failed to run the model: ${describeError(err)}`, { cause: err });
    }
    const out: TensorMap = {};
    for (const [name, value] of Object.entries(result)) out[name] = fromOrt(value);
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }

  endProfiling(): void {
    this.session.endProfiling();
  }
}

export const onnxRuntime: Runtime = {
  name: 'onnxruntime',
  async open(model: string | Uint8Array, options: SessionOptions = {}): Promise<Session> {
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      graphOptimizationLevel: options.optimization ?? 'all',
      intraOpNumThreads: options.intraOpThreads ?? 0,
      interOpNumThreads: options.interOpThreads ?? 0,
      // Warnings such as "initializer appears in graph inputs" are about the
      // model's style, not its meaning; errors still surface as exceptions.
      logSeverityLevel: 3,
      ...(options.profileFilePrefix !== undefined && {
        enableProfiling: true,
        profileFilePrefix: options.profileFilePrefix,
      }),
    };
    try {
      const session =
        typeof model === 'string'
          ? await ort.InferenceSession.create(model, sessionOptions)
          : await ort.InferenceSession.create(model, sessionOptions);
      return new OrtSession(session);
    } catch (err) {
      const where = typeof model === 'string' ? `'${model}'` : 'the model';
      throw new RuntimeError(`onnxruntime cannot load ${where}: ${describeError(err)}`, { cause: err });
    }
  },
};
