/**
 * A user's post-processor from an ES module. The module default-exports
 * (or exports as `process`) a function `(outputs, config) => summary`, or
 * default-exports an object with `process(outputs)` or `create(config)`.
 * Whatever goes wrong becomes one PluginError line naming the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeError, PluginError } from '../../core/errors.js';
import type { TensorMap } from '../../runtime/runtime.js';
import type { PostProcessConfig, PostProcessor, Summary } from './postprocessor.js';

type ProcessFn = (outputs: TensorMap, config: PostProcessConfig) => unknown;

/** Whether an output kind names a file rather than a built-in. */
export function looksLikePath(value: string): boolean {
  return value.startsWith('.') || path.isAbsolute(value) || /\.(m?js)$/.test(value);
}

export async function loadPostProcessorPlugin(
  file: string,
  config: PostProcessConfig,
): Promise<PostProcessor> {
  const absolute = path.resolve(file);
  if (!fs.existsSync(absolute) || fs.statSync(absolute).isDirectory()) {
    throw new PluginError(`post-processor plug-in '${file}' does not exist or is not a file`);
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (err) {
    throw new PluginError(`post-processor plug-in '${file}' does not load: ${firstLine(err)}`);
  }
  const fn = await processFunction(module, config, file);
  const kind = path.basename(file).replace(/\.m?js$/, '');
  return { kind, process: (outputs) => guarded(fn, outputs, config, file) };
}

async function processFunction(
  module: Record<string, unknown>,
  config: PostProcessConfig,
  file: string,
): Promise<ProcessFn> {
  const value = module.default ?? module;
  if (typeof value === 'function') return value as ProcessFn;
  if (typeof module.process === 'function') return module.process as ProcessFn;
  if (typeof value === 'object' && value !== null) {
    const object = value as { process?: unknown; create?: unknown };
    if (typeof object.process === 'function')
      return (outputs) => (object.process as ProcessFn).call(object, outputs, config);
    if (typeof object.create === 'function') {
      let made: unknown;
      try {
        made = await (object.create as (c: PostProcessConfig) => unknown).call(object, config);
      } catch (err) {
        throw new PluginError(`post-processor plug-in '${file}' failed in create(): ${firstLine(err)}`);
      }
      const process = (made as { process?: unknown } | null)?.process;
      if (typeof process === 'function')
        return (outputs) => (process as ProcessFn).call(made, outputs, config);
    }
  }
  throw new PluginError(
    `post-processor plug-in '${file}' exports no post-processor (default-export a function (outputs, config) => result, or an object with process or create)`,
  );
}

async function guarded(
  fn: ProcessFn,
  outputs: TensorMap,
  config: PostProcessConfig,
  file: string,
): Promise<Summary> {
  let result: unknown;
  try {
    result = await fn(outputs, config);
  } catch (err) {
    throw new PluginError(`post-processor plug-in '${file}' failed: ${firstLine(err)}`);
  }
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    throw new PluginError(
      `post-processor plug-in '${file}' returned ${Array.isArray(result) ? 'an array' : String(result)}; expected an object`,
    );
  }
  return result as Summary;
}

function firstLine(err: unknown): string {
  return describeError(err).split('\n', 1)[0] ?? '';
}
