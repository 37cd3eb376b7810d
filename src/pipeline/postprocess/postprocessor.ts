/**
 * The seam after the last DNN slice: a post-processor turns the model's
 * output tensors into a small JSON-able result (top-k labels, a class
 * histogram, text boxes). Built-ins and plug-ins are found by kind in
 * registry.ts; each gets its configuration once, at creation.
 */
import type { z } from 'zod';
import { parseConfig } from '../../core/config-schema.js';
import { ConfigError } from '../../core/errors.js';
import type { HostTensor, TensorMap } from '../../runtime/runtime.js';

/** A JSON-able result for one frame. */
export type Summary = Readonly<Record<string, unknown>>;

export interface PostProcessConfig {
  /** The output tensor to read; null means the first one. */
  readonly output: string | null;
  /** Class names by index, or null (results then say 'class N'). */
  readonly labels: readonly string[] | null;
  /** The profile's output.options: checked against the kind's `options` schema, for built-ins when the profile is loaded. */
  readonly options: Readonly<Record<string, unknown>>;
}

export interface PostProcessor {
  readonly kind: string;
  process(outputs: TensorMap): Summary | Promise<Summary>;
}

export interface PostProcessorFactory {
  readonly kind: string;
  readonly description: string;
  /** The schema of the profile's output.options for this kind; without one they pass unchecked. */
  readonly options?: z.ZodType;
  create(config: PostProcessConfig): PostProcessor | Promise<PostProcessor>;
  /**
   * Whether an output of this declared shape (null: a dimension the file
   * leaves open) can be what this kind reads: what it expects when not,
   * null when it can. Without it a kind takes any shape until a frame shows
   * otherwise.
   */
  readonly expects?: (shape: readonly (number | null)[]) => string | null;
}

/** A built-in makes its post-processor at once (a plug-in's create may be async). */
export interface BuiltInPostProcessor extends PostProcessorFactory {
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
  if (tensor.dtype === 'float32' || tensor.dtype === 'float64') return tensor.data;
  throw new ConfigError(`${where}: expected a float32 or float64 output, got ${tensor.dtype}`);
}

/**
 * The options checked by the kind's schema, defaults filled in. The profile
 * loader has checked them already for built-in kinds; checking again here
 * covers configs that did not come from a profile file.
 */
export function checkOptions<T extends z.ZodType>(
  kind: string,
  schema: T,
  options: PostProcessConfig['options'],
): z.output<T> {
  return parseConfig(schema, options, {
    source: `post-processor '${kind}'`,
    root: 'profile.output.options',
    what: 'its options',
  });
}

export function labelOf(labels: readonly string[] | null, index: number): string {
  return labels?.[index] ?? `class ${index}`;
}
