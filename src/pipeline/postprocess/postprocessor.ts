/**
 * The seam after the last DNN slice: a post-processor turns the model's
 * output tensors into a small JSON-able result (top-k labels, a class
 * histogram, text boxes). Built-ins and plug-ins are found by kind in
 * registry.ts; each gets its configuration once, at creation.
 */
import { ConfigError } from '../../core/errors.js';
import type { HostTensor, TensorMap } from '../../runtime/runtime.js';

/** A JSON-able result for one frame. */
export type Summary = Readonly<Record<string, unknown>>;

export interface PostProcessConfig {
  /** The output tensor to read; null means the first one. */
  readonly output: string | null;
  /** Class names by index, or null (results then say 'class N'). */
  readonly labels: readonly string[] | null;
  /** The profile's output.options, unchecked: each kind checks its own. */
  readonly options: Readonly<Record<string, unknown>>;
}

export interface PostProcessor {
  readonly kind: string;
  process(outputs: TensorMap): Summary | Promise<Summary>;
}

export interface PostProcessorFactory {
  readonly kind: string;
  readonly description: string;
  create(config: PostProcessConfig): PostProcessor;
}

/** The named output, or the first one. */
export function pickOutput(outputs: TensorMap, name: string | null): HostTensor {
  const key = name ?? Object.keys(outputs)[0];
  const tensor = key === undefined ? undefined : outputs[key];
  if (!tensor) {
    throw new ConfigError(
      `model output '${name ?? '(first)'}' not found (outputs: ${Object.keys(outputs).join(', ') || 'none'})`,
    );
  }
  return tensor;
}

/** The values of a float tensor; other dtypes are not model scores. */
export function floatValues(tensor: HostTensor, where: string): Float32Array | Float64Array {
  if (tensor.data instanceof Float32Array || tensor.data instanceof Float64Array) return tensor.data;
  throw new ConfigError(`${where}: expected a float32 or float64 output, got ${tensor.dtype}`);
}

/** A numeric option within [min, max], or its default. */
export function numberOption(
  options: PostProcessConfig['options'],
  key: string,
  fallback: number,
  range: { min: number; max: number; integer?: boolean },
): number {
  const value = options[key] ?? fallback;
  const ok =
    typeof value === 'number' &&
    value >= range.min &&
    value <= range.max &&
    (!range.integer || Number.isInteger(value));
  if (!ok) {
    const kind = range.integer ? 'an integer' : 'a number';
    throw new ConfigError(
      `profile.output.options.${key}: expected ${kind} in [${range.min}, ${range.max}], got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export function labelOf(labels: readonly string[] | null, index: number): string {
  return labels?.[index] ?? `class ${index}`;
}
