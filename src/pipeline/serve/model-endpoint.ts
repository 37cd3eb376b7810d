/**
 * One ONNX model (a whole model or a slice) as a KServe v2 model: its
 * onnxruntime session, what it declares, and a check of each request's
 * tensors against that before onnxruntime sees them, so a client's mistake is
 * INVALID_ARGUMENT naming the tensor rather than onnxruntime's INTERNAL. The
 * evaluator stage computes with it and `couper serve` answers with it, so a
 * part behaves the same inside a run and behind any KServe client.
 */
import path from 'node:path';
import { isTensorDType } from '../../core/dtype.js';
import { getRuntime } from '../../runtime/registry.js';
import type { InputSpec, TensorMap } from '../../runtime/runtime.js';
import { InvalidRequest, kserveDatatype, type ServedModelInfo } from '../../transport/index.js';

export interface ModelEndpointOptions {
  /** The name clients address it by; the file's name without `.onnx` by default. */
  readonly name?: string;
  readonly version?: string;
  /** onnxruntime threads inside one operator; 0 lets it choose. */
  readonly threads?: number;
  /** The onnxruntime execution provider (runtime/providers.ts); the CPU when absent. */
  readonly executionProvider?: string;
}

export interface ModelEndpoint {
  readonly info: ServedModelInfo;
  /** Checks `tensors` against the model's inputs (InvalidRequest naming the tensor), then runs it. */
  infer(tensors: TensorMap, outputs?: readonly string[]): Promise<TensorMap>;
  close(): Promise<void>;
}

/** Triton's platform name for an ONNX model run by onnxruntime. */
const PLATFORM = 'onnxruntime_onnx';

export function defaultModelName(file: string): string {
  return path.basename(file).replace(/\.onnx$/i, '');
}

export async function openModelEndpoint(
  file: string,
  options: ModelEndpointOptions = {},
): Promise<ModelEndpoint> {
  const session = await getRuntime().open(file, {
    intraOpThreads: options.threads ?? 0,
    interOpThreads: 1,
    ...(options.executionProvider !== undefined && { executionProvider: options.executionProvider }),
  });
  const info: ServedModelInfo = {
    name: options.name ?? defaultModelName(file),
    version: options.version ?? '1',
    platform: PLATFORM,
    inputs: session.inputs,
    outputs: session.outputs,
  };
  return {
    info,
    infer(tensors, outputs) {
      checkInputs(info, tensors);
      if (outputs) checkOutputs(info, outputs);
      return session.run(tensors, outputs);
    },
    close: () => session.release(),
  };
}

/** Every input present, none unknown, each of the declared datatype and shape. */
export function checkInputs(info: ServedModelInfo, tensors: TensorMap): void {
  const declared = new Map(info.inputs.map((spec) => [spec.name, spec]));
  const names = info.inputs.map((s) => s.name).join(', ');
  for (const name of Object.keys(tensors)) {
    if (!declared.has(name))
      throw new InvalidRequest(
        `input '${name}' is not an input of model '${info.name}' (its inputs: ${names})`,
      );
  }
  for (const spec of info.inputs) {
    const tensor = tensors[spec.name];
    if (!tensor)
      throw new InvalidRequest(`input '${spec.name}' is missing (model '${info.name}' takes ${names})`);
    if (spec.dtype !== null && spec.dtype !== tensor.dtype) {
      throw new InvalidRequest(
        `input '${spec.name}' has datatype ${kserveDatatype(tensor.dtype)}; model '${info.name}' takes ${datatypeOf(spec)}`,
      );
    }
    if (!shapeFits(spec.shape, tensor.shape)) {
      throw new InvalidRequest(
        `input '${spec.name}' has shape [${tensor.shape.join(', ')}]; model '${info.name}' takes [${openShape(spec.shape).join(', ')}]`,
      );
    }
  }
}

function checkOutputs(info: ServedModelInfo, outputs: readonly string[]): void {
  const names = info.outputs.map((s) => s.name);
  for (const name of outputs) {
    if (!names.includes(name))
      throw new InvalidRequest(
        `output '${name}' is not an output of model '${info.name}' (its outputs: ${names.join(', ')})`,
      );
  }
}

/**
 * Whether `shape` fits the declared one: same rank, and equal wherever a dimension is fixed.
 * onnxruntime reports an undeclared shape as [] (like a scalar's), so [] checks nothing.
 */
function shapeFits(declared: InputSpec['shape'], shape: readonly number[]): boolean {
  if (declared === null || declared.length === 0) return true;
  if (declared.length !== shape.length) return false;
  return declared.every((d, i) => typeof d !== 'number' || d < 0 || d === shape[i]);
}

/** The declared shape as KServe writes it: -1 for an open dimension. */
function openShape(declared: InputSpec['shape']): number[] {
  return (declared ?? []).map((d) => (typeof d === 'number' && d >= 0 ? d : -1));
}

function datatypeOf(spec: InputSpec): string {
  const { dtype } = spec;
  return dtype !== null && isTensorDType(dtype) ? kserveDatatype(dtype) : String(dtype);
}
