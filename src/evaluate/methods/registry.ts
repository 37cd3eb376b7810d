/**
 * Selection methods by name: the built-ins, any registered in code, and
 * plug-ins loaded from a file path (see the README, "Writing your own selection method").
 */
import { ConfigError, PluginError } from '../../core/errors.js';
import { looksLikePath } from '../../slice/algorithms/plugin.js';
import { commSlim } from './comm-slim.js';
import { earlyStopMethod } from './early-stop.js';
import { hybrid } from './hybrid.js';
import type { SelectionMethod } from './method.js';
import { loadMethodPlugin } from './plugin.js';
import { predictive } from './predictive.js';
import { strongman } from './strongman.js';

const registered = new Map<string, SelectionMethod>(
  [strongman, commSlim, earlyStopMethod, hybrid, predictive].map((m) => [m.name, m] as const),
);

export const DEFAULT_METHOD = 'hybrid';

export async function getMethod(nameOrPath: string): Promise<SelectionMethod> {
  const known = registered.get(nameOrPath);
  if (known) return known;
  if (looksLikePath(nameOrPath)) return loadMethodPlugin(nameOrPath);
  throw new ConfigError(
    `unknown method '${nameOrPath}' (known: ${[...registered.keys()].join(', ')}; or a path to a .js plug-in)`,
  );
}

export function listMethods(): { name: string; description: string }[] {
  return [...registered.values()].map(({ name, description }) => ({ name, description }));
}

/** Make a method available by name; names must be unique and must not look like paths. */
export function registerMethod(method: SelectionMethod): void {
  if (registered.has(method.name)) throw new PluginError(`method '${method.name}' is already registered`);
  if (method.name === '' || looksLikePath(method.name))
    throw new PluginError(`method name '${method.name}' is not usable (empty or looks like a file path)`);
  registered.set(method.name, method);
}
