/**
 * The one loader for every kind of plug-in (candidate algorithms, selection
 * methods, post-processors). The contract is the same for all: a plug-in is
 * an ES module, and the plug-in is its default export when that has the
 * shape the kind asks for, else its named exports taken together as one
 * object. Whatever goes wrong (no file, a module that does not load or
 * exports nothing usable, a hook that throws) becomes one PluginError line
 * that names the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeError, PluginError } from './errors.js';

/** How a kind of plug-in is made from what a module exports. */
export interface PluginKind<T> {
  /** What to export, said when nothing fits ("a function (ctx) => cuts or an object with findCuts"). */
  readonly expected: string;
  /**
   * The plug-in made from `value` (the default export, else the module's
   * named exports as one object), or undefined when it lacks the kind's
   * shape. The plug-in's own functions go through `file.guard`.
   */
  accept(value: unknown, file: PluginFile): T | undefined | Promise<T | undefined>;
}

/** Whether a name given on the command line (or in a profile) names a file rather than a registered name. */
export function looksLikePath(value: string): boolean {
  return value.startsWith('.') || path.isAbsolute(value) || /\.m?js$/.test(value);
}

/** Import `file` and make a plug-in of it as `kind` says; `noun` names the kind in messages ("algorithm"). */
export async function loadPlugin<T>(file: string, noun: string, kind: PluginKind<T>): Promise<T> {
  const plugin = new PluginFile(noun, file);
  const absolute = path.resolve(file);
  if (!fs.existsSync(absolute)) throw plugin.error('does not exist');
  if (fs.statSync(absolute).isDirectory()) throw plugin.error('is a folder, not a .js module');
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (err) {
    throw plugin.error(`does not load: ${firstLine(err)}`);
  }
  const made = (await kind.accept(module.default, plugin)) ?? (await kind.accept(module, plugin));
  if (made === undefined) throw plugin.error(`exports no ${noun} (default-export ${kind.expected})`);
  return made;
}

/** The file a plug-in came from: its name, and errors that name it. */
export class PluginFile {
  /** The file's name without .js or .mjs: the plug-in's name when it gives none. */
  readonly basename: string;

  constructor(
    readonly noun: string,
    readonly file: string,
  ) {
    this.basename = path.basename(file).replace(/\.m?js$/, '');
  }

  /** `<noun> plug-in '<file>' <text>`. */
  error(text: string): PluginError {
    return new PluginError(`${this.noun} plug-in '${this.file}' ${text}`);
  }

  /**
   * `fn` called as a method of `self`, with a throw (or a rejected promise)
   * turned into "failed[ in <where>]: <first line of the error>".
   */
  guard<A extends unknown[], R>(fn: (...args: A) => R, self: unknown, where?: string): (...args: A) => R {
    const fail = (err: unknown): never => {
      throw this.error(`failed${where === undefined ? '' : ` in ${where}`}: ${firstLine(err)}`);
    };
    return (...args: A): R => {
      let result: R;
      try {
        result = fn.apply(self, args);
      } catch (err) {
        return fail(err);
      }
      // A promise rejects through `fail` as well; it resolves to what it would have.
      return result instanceof Promise ? (result.catch(fail) as R) : result;
    };
  }
}

/** A plug-in's value in a message: `number 7`, `the string 'x'`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string '${value.slice(0, 40)}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return `${typeof value} ${value}`;
  if (value === undefined) return 'undefined';
  return `a ${typeof value}`;
}

/** Whether `value` is an object (not null, not an array) whose `key` is a function. */
export function hasFunction<K extends string>(
  value: unknown,
  key: K,
): value is Record<K, (...args: unknown[]) => unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>)[key] === 'function'
  );
}

/** A string property of a plug-in object, when it has a non-empty one. */
export function stringProperty(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const property = (value as Record<string, unknown>)[key];
  return typeof property === 'string' && property !== '' ? property : undefined;
}

function firstLine(err: unknown): string {
  return describeError(err).split('\n', 1)[0] ?? '';
}
