/**
 * Selection methods by name: the built-ins, any registered in code, and
 * plug-ins loaded from a file path (see the README, "Writing your own selection method").
 */
import { Registry, type RegistrySpec } from '../../core/registry.js';
import { commSlim } from './comm-slim.js';
import { earlyStopMethod } from './early-stop.js';
import { hybrid } from './hybrid.js';
import type { SelectionMethod } from './method.js';
import { METHOD_PLUGINS } from './plugin.js';
import { predictive } from './predictive.js';
import { strongman } from './strongman.js';

const HOOKS = ['prune', 'next', 'stop'] as const;

export const METHODS: RegistrySpec<SelectionMethod> = {
  noun: 'method',
  nameOf: (m) => m.name,
  problem: (m) =>
    HOOKS.some((h) => m[h] !== undefined && typeof m[h] !== 'function')
      ? 'has a prune, next or stop that is not a function'
      : undefined,
  plugin: METHOD_PLUGINS,
};

const methods = new Registry(METHODS, [strongman, commSlim, earlyStopMethod, hybrid, predictive]);

export const DEFAULT_METHOD = 'hybrid';

/** A built-in or registered method by name, or a plug-in module by path. */
export function getMethod(nameOrPath: string): Promise<SelectionMethod> {
  return methods.resolve(nameOrPath);
}

export function listMethods(): { name: string; description: string }[] {
  return methods.values().map(({ name, description }) => ({ name, description }));
}

/** Make a method available by name (the registry policy: core/registry.ts). */
export function registerMethod(method: SelectionMethod): void {
  methods.register(method);
}
