/**
 * Runtime on onnxruntime-node (the CPU, or the execution provider asked for). The only file that imports onnxruntime,
 * and only when a model is first opened: loading its native library costs a
 * command that never runs a model (candidates, slice) about 80 ms.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type ort from 'onnxruntime-node';
import { isDType, isTensorDType } from '../core/dtype.js';
import { describeError, RuntimeError } from '../core/errors.js';
import { isVerbose } from '../core/log.js';
import { ortSummary } from './ort-message.js';
import type {
  HostTensor,
  InputSpec,
  OfferedProvider,
  Runtime,
  Session,
  SessionOptions,
  TensorMap,
} from './runtime.js';
import { checkProvider } from './providers.js';

type Ort = typeof ort;

let loaded: Promise<Ort> | undefined;

function loadOrt(): Promise<Ort> {
  return (loaded ??= import('onnxruntime-node').then((m) => m.default));
}

interface Backend {
  readonly name: string;
  readonly bundled: boolean;
}

/**
 * The providers this build lists; one not bundled in the npm package is
 * usable only where its library lies beside the binding, as the install
 * script puts it (libonnxruntime_providers_cuda.so and the like).
 */
function offeredProviders(lib: Ort): OfferedProvider[] {
  const list = (lib as unknown as { listSupportedBackends?: () => Backend[] }).listSupportedBackends;
  const backends = typeof list === 'function' ? list() : [{ name: 'cpu', bundled: true }];
  const dir = bindingDir();
  return backends.map((b) => ({
    name: b.name,
    installed:
      b.bundled ||
      (dir !== null && fs.readdirSync(dir).some((f) => f.startsWith(`libonnxruntime_providers_${b.name}.`))),
  }));
}

function bindingDir(): string | null {
  try {
    const main = createRequire(import.meta.url).resolve('onnxruntime-node');
    const dir = path.join(path.dirname(main), '..', 'bin', 'napi-v6', process.platform, process.arch);
    return fs.existsSync(dir) ? dir : null;
  } catch {
    return null;
  }
}

function toOrt(lib: Ort, t: HostTensor): ort.Tensor {
  return new lib.Tensor(t.dtype, t.data, t.shape);
}

function fromOrt(t: ort.Tensor, name: string): HostTensor {
  if (!isTensorDType(t.type))
    throw new RuntimeError(`output '${name}' has dtype ${t.type}, which Couper cannot hold in memory`);
  // ort.Tensor carries its type and its data as two separate unions; they pair up as TensorDataMap says.
  return { dtype: t.type, shape: [...t.dims], data: t.data } as HostTensor;
}

/** onnxruntime's metadata as ours: a non-tensor value (a sequence, a map) has no dtype or shape. */
function specOf(meta: ort.InferenceSession.ValueMetadata): InputSpec {
  if (!meta.isTensor) return { name: meta.name, dtype: null, shape: null };
  // onnxruntime reports a value without a declared shape as [] (the same as a scalar's).
  return { name: meta.name, dtype: isDType(meta.type) ? meta.type : null, shape: [...meta.shape] };
}

class OrtSession implements Session {
  constructor(
    private readonly lib: Ort,
    private readonly session: ort.InferenceSession,
  ) {}

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  get inputs(): readonly InputSpec[] {
    return this.session.inputMetadata.map(specOf);
  }

  get outputs(): readonly InputSpec[] {
    return this.session.outputMetadata.map(specOf);
  }

  async run(feeds: TensorMap, outputs?: readonly string[]): Promise<TensorMap> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = toOrt(this.lib, t);
    let result: ort.InferenceSession.OnnxValueMapType;
    try {
      const options = { logSeverityLevel: logSeverity() };
      result = outputs
        ? await this.session.run(ortFeeds, [...outputs], options)
        : await this.session.run(ortFeeds, options);
    } catch (err) {
      throw ortError('onnxruntime failed to run the model', err);
    }
    const out: TensorMap = {};
    for (const [name, value] of Object.entries(result)) out[name] = fromOrt(value, name);
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
      logSeverityLevel: logSeverity(),
      ...(options.executionProvider !== undefined && { executionProviders: [options.executionProvider] }),
      ...(options.profileFilePrefix !== undefined && {
        enableProfiling: true,
        profileFilePrefix: options.profileFilePrefix,
      }),
    };
    // Refused with how to install it, before the engine's own message, which names neither.
    if (options.executionProvider !== undefined) await checkProvider(onnxRuntime, options.executionProvider);
    const lib = await loadOrt();
    try {
      const session =
        typeof model === 'string'
          ? await lib.InferenceSession.create(model, sessionOptions)
          : await lib.InferenceSession.create(model, sessionOptions);
      return new OrtSession(lib, session);
    } catch (err) {
      const where = typeof model === 'string' ? `'${model}'` : 'the model';
      const on = options.executionProvider ? ` on execution provider '${options.executionProvider}'` : '';
      throw ortError(`onnxruntime cannot load ${where}${on}`, err);
    }
  },
  async providers(): Promise<readonly OfferedProvider[]> {
    return offeredProviders(await loadOrt());
  },
  async version(): Promise<string> {
    const lib = await loadOrt();
    return lib.env.versions.node ?? lib.env.versions.common ?? 'unknown';
  },
};

/**
 * onnxruntime writes its own log lines to stderr, raw and coloured, besides
 * the exceptions it throws (which say the same). Only fatal ones unless
 * --verbose; then warnings too (3 would be errors; 2 adds warnings such as
 * "initializer appears in graph inputs", about a model's style, not its meaning).
 */
function logSeverity(): 2 | 4 {
  return isVerbose() ? 2 : 4;
}

/** Our one line, onnxruntime's whole text kept as the detail --verbose shows. */
function ortError(what: string, err: unknown): RuntimeError {
  const text = describeError(err);
  return new RuntimeError(`${what}: ${ortSummary(text)}`, {
    cause: err,
    detail: `onnxruntime said: ${text}`,
  });
}
