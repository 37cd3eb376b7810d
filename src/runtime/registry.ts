/**
 * Runtimes by name. A new engine implements Runtime (runtime.ts) and is
 * registered here; nothing else needs to change.
 */
import { ConfigError } from '../core/errors.js';
import { onnxRuntime } from './onnxruntime.js';
import type { Runtime } from './runtime.js';

const runtimes = new Map<string, Runtime>([[onnxRuntime.name, onnxRuntime]]);

export function registerRuntime(runtime: Runtime): void {
  runtimes.set(runtime.name, runtime);
}

export function getRuntime(name = 'onnxruntime'): Runtime {
  const runtime = runtimes.get(name);
  if (!runtime)
    throw new ConfigError(`unknown runtime '${name}' (known: ${[...runtimes.keys()].join(', ')})`);
  return runtime;
}
