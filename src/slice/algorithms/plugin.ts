/**
 * Loading a user's candidate algorithm from an ES module, and holding it to
 * the contract: whatever goes wrong (no file, a module that does not load or
 * exports nothing usable, findCuts throwing or returning the wrong shape)
 * becomes one PluginError line that names the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeError, PluginError } from '../../core/errors.js';
import type { AlgorithmContext, CandidateAlgorithm } from '../algorithm.js';

type FindCuts = CandidateAlgorithm['findCuts'];

/** Whether a --algorithm value names a file rather than a built-in. */
export function looksLikePath(value: string): boolean {
  return value.startsWith('.') || value.startsWith('/') || /\.(m?js)$/.test(value) || path.isAbsolute(value);
}

export async function loadPlugin(file: string): Promise<CandidateAlgorithm> {
  const absolute = path.resolve(file);
  if (!fs.existsSync(absolute)) throw new PluginError(`algorithm plug-in '${file}' does not exist`);
  if (fs.statSync(absolute).isDirectory())
    throw new PluginError(`algorithm plug-in '${file}' is a folder, not a .js module`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (err) {
    throw new PluginError(`algorithm plug-in '${file}' does not load: ${firstLine(describeError(err))}`);
  }
  const found = fromExport(module.default, file) ?? fromExport(module, file);
  if (!found) {
    throw new PluginError(
      `algorithm plug-in '${file}' exports no algorithm (default-export a function (ctx) => cuts or an object with findCuts)`,
    );
  }
  return guarded(found, file);
}

/** A default-exported function or { findCuts } object, or a module with a named findCuts export. */
function fromExport(value: unknown, file: string): CandidateAlgorithm | undefined {
  const basename = path.basename(file).replace(/\.m?js$/, '');
  if (typeof value === 'function') {
    return { name: basename, description: `plug-in ${file}`, findCuts: value as FindCuts };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as Partial<Record<keyof CandidateAlgorithm, unknown>>;
  if (typeof candidate.findCuts !== 'function') return undefined;
  const findCuts = candidate.findCuts as FindCuts;
  return {
    name: typeof candidate.name === 'string' && candidate.name !== '' ? candidate.name : basename,
    description: typeof candidate.description === 'string' ? candidate.description : `plug-in ${file}`,
    findCuts: (ctx) => findCuts.call(value, ctx),
  };
}

/** Wrap findCuts so a throw or a malformed result becomes a PluginError naming the file. */
function guarded(algorithm: CandidateAlgorithm, file: string): CandidateAlgorithm {
  return {
    name: algorithm.name,
    description: algorithm.description,
    findCuts: async (ctx: AlgorithmContext) => {
      let result: unknown;
      try {
        result = await algorithm.findCuts(ctx);
      } catch (err) {
        throw new PluginError(`algorithm plug-in '${file}' failed: ${firstLine(describeError(err))}`);
      }
      const problem = shapeProblem(result);
      if (problem)
        throw new PluginError(
          `algorithm plug-in '${file}' returned ${problem}; expected an array of arrays of tensor names`,
        );
      return result as string[][];
    },
  };
}

/** What is wrong with a findCuts result, or undefined when it is an array of string arrays. */
export function shapeProblem(result: unknown): string | undefined {
  if (!Array.isArray(result)) return describeValue(result);
  for (let i = 0; i < result.length; i++) {
    const cut: unknown = result[i];
    if (!Array.isArray(cut)) return `${describeValue(cut)} as cut ${i}`;
    const bad = cut.findIndex((t) => typeof t !== 'string');
    if (bad >= 0) return `${describeValue(cut[bad])} as tensor ${bad} of cut ${i}`;
  }
  return undefined;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string '${value.slice(0, 40)}'`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return `${typeof value} ${value}`;
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? '';
}
