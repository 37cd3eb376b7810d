/**
 * Selection methods as plug-ins (see the README, "Writing your own selection
 * method"): what the one loader (core/plugins.ts) makes of a module's export,
 * an object with any of prune, next and stop. A hook that throws becomes a
 * PluginError naming the file; what hooks return is checked by the
 * evaluation loop (evaluate.ts), which knows the candidates.
 */
import { hasFunction, stringProperty, type PluginKind } from '../../core/plugins.js';
import type { SelectionMethod } from './method.js';

type Hooks = Required<Pick<SelectionMethod, 'prune' | 'next' | 'stop'>>;

export const METHOD_PLUGINS: PluginKind<SelectionMethod> = {
  expected: 'an object with any of prune, next, stop',
  accept(value, file) {
    const prune = hasFunction(value, 'prune') ? value.prune : undefined;
    const next = hasFunction(value, 'next') ? value.next : undefined;
    const stop = hasFunction(value, 'stop') ? value.stop : undefined;
    if (!prune && !next && !stop) return undefined;
    // The hooks' results are unchecked here: they are taken as the hooks' types and checked where used.
    return {
      name: stringProperty(value, 'name') ?? file.basename,
      description: stringProperty(value, 'description') ?? `plug-in ${file.file}`,
      ...(prune && { prune: file.guard(prune, value, 'prune') as Hooks['prune'] }),
      ...(next && { next: file.guard(next, value, 'next') as Hooks['next'] }),
      ...(stop && { stop: file.guard(stop, value, 'stop') as Hooks['stop'] }),
    };
  },
};
