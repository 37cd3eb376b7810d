/**
 * Runtimes by name. A new engine implements Runtime (runtime.ts) and is
 * registered here; nothing else needs to change.
 */
import { Registry, type RegistrySpec } from '../core/registry.js';
import { onnxRuntime } from './onnxruntime.js';
import type { Runtime } from './runtime.js';

export const RUNTIMES: RegistrySpec<Runtime> = {
  noun: 'runtime',
  nameOf: (r) => r.name,
  problem: (r) => (typeof r.open === 'function' ? undefined : 'has no open function'),
};

const runtimes = new Registry(RUNTIMES, [onnxRuntime]);

/** Make a runtime available by name (the registry policy: core/registry.ts). */
export function registerRuntime(runtime: Runtime): void {
  runtimes.register(runtime);
}

export function getRuntime(name = 'onnxruntime'): Runtime {
  return runtimes.require(name);
}
