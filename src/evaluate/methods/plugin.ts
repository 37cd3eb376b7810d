/**
 * Loading a user's selection method from an ES module: a default-exported
 * object (or named exports) with any of prune, next and stop. Whatever goes
 * wrong (no file, a module that does not load, a hook that throws) becomes
 * one PluginError line naming the file; what hooks return is checked by the
 * evaluation loop, which knows the candidates.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeError, PluginError } from '../../core/errors.js';
import type { SelectionMethod } from './method.js';

const HOOKS = ['prune', 'next', 'stop'] as const;
type Hook = (typeof HOOKS)[number];

export async function loadMethodPlugin(file: string): Promise<SelectionMethod> {
  const absolute = path.resolve(file);
  if (!fs.existsSync(absolute) || fs.statSync(absolute).isDirectory())
    throw new PluginError(`method plug-in '${file}' is not a file`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (err) {
    throw new PluginError(`method plug-in '${file}' does not load: ${firstLine(describeError(err))}`);
  }
  const source = hasHook(module.default) ? (module.default as Record<string, unknown>) : module;
  if (!hasHook(source))
    throw new PluginError(
      `method plug-in '${file}' exports none of prune, next, stop (default-export an object with them)`,
    );
  return wrap(source, file);
}

function hasHook(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return HOOKS.some((h) => typeof (value as Record<string, unknown>)[h] === 'function');
}

function wrap(source: Record<string, unknown>, file: string): SelectionMethod {
  const basename = path.basename(file).replace(/\.m?js$/, '');
  const method: Record<string, unknown> = {
    name: typeof source.name === 'string' && source.name !== '' ? source.name : basename,
    description: typeof source.description === 'string' ? source.description : `plug-in ${file}`,
  };
  for (const hook of HOOKS) {
    const fn = source[hook];
    if (typeof fn === 'function')
      method[hook] = guarded(fn as (...args: unknown[]) => unknown, hook, source, file);
  }
  return method as unknown as SelectionMethod;
}

/** The hook, with a throw (or a rejected promise) turned into a PluginError naming the file. */
function guarded(fn: (...args: unknown[]) => unknown, hook: Hook, self: unknown, file: string) {
  const fail = (err: unknown): never => {
    throw new PluginError(`method plug-in '${file}' failed in ${hook}: ${firstLine(describeError(err))}`);
  };
  return (...args: unknown[]): unknown => {
    let result: unknown;
    try {
      result = fn.apply(self, args);
    } catch (err) {
      fail(err);
    }
    return result instanceof Promise ? result.catch(fail) : result;
  };
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? '';
}
