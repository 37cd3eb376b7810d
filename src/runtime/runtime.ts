/**
 * The one seam between Couper and an inference engine. Everything else talks
 * to a Runtime; src/runtime/onnxruntime.ts is the built-in implementation.
 */
import type { DType, TensorDataMap, TensorDType } from '../core/dtype.js';

/**
 * A tensor's values in this machine's memory; its array follows its dtype
 * (TensorDataMap: Float32Array for float32, Uint16Array half bits for
 * float16, string[] for string…), so checking the dtype narrows the data.
 */
export type HostTensor<D extends TensorDType = TensorDType> = {
  [K in D]: { readonly dtype: K; readonly shape: readonly number[]; readonly data: TensorDataMap[K] };
}[D];

export type TensorMap = Record<string, HostTensor>;

export interface SessionOptions {
  /** Threads inside one operator; 0 lets the runtime choose. */
  readonly intraOpThreads?: number;
  readonly interOpThreads?: number;
  /** Graph optimisation level; 'all' is the default. */
  readonly optimization?: 'disabled' | 'basic' | 'extended' | 'all';
  /** Record a per-operator trace, written to PREFIX_<time>.json by Session.endProfiling. */
  readonly profileFilePrefix?: string;
  /** Execution provider (providers.ts) the session runs on; 'cpu' when absent. */
  readonly executionProvider?: string;
}

/** An execution provider a runtime build offers, and whether its libraries are present. */
export interface OfferedProvider {
  readonly name: string;
  readonly installed: boolean;
}

export interface InputSpec {
  readonly name: string;
  readonly dtype: DType | null;
  /** Numbers where fixed, symbolic names or null where dynamic. */
  readonly shape: ReadonlyArray<number | string | null> | null;
}

export interface Session {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** What the model declares for each input and output, in the order of the names above. */
  readonly inputs: readonly InputSpec[];
  readonly outputs: readonly InputSpec[];
  run(feeds: TensorMap, outputs?: readonly string[]): Promise<TensorMap>;
  release(): Promise<void>;
  /** Finish the per-operator trace started by SessionOptions.profileFilePrefix (runtimes that can). */
  endProfiling?(): void;
}

export interface Runtime {
  readonly name: string;
  /** Open a model from a file (external data resolved beside it) or from bytes. */
  open(model: string | Uint8Array, options?: SessionOptions): Promise<Session>;
  /** The execution providers this build offers (runtimes that have several). */
  providers?(): Promise<readonly OfferedProvider[]>;
  /** The engine's version, for provenance. */
  version?(): Promise<string>;
}
