/**
 * Candidate algorithms as plug-ins (see the README, "Writing your own
 * candidate algorithm"): what the one loader (core/plugins.ts) makes of a
 * module's export, a function or an object with findCuts, and the check
 * that findCuts returns an array of arrays of tensor names.
 */
import {
  describeValue,
  hasFunction,
  stringProperty,
  type PluginFile,
  type PluginKind,
} from '../../core/plugins.js';
import type { AlgorithmContext, CandidateAlgorithm } from '../algorithm.js';

export const ALGORITHM_PLUGINS: PluginKind<CandidateAlgorithm> = {
  expected: 'a function (ctx) => cuts or an object with findCuts',
  accept(value, file) {
    if (typeof value === 'function') {
      const findCuts = value as (ctx: AlgorithmContext) => unknown;
      return {
        name: file.basename,
        description: `plug-in ${file.file}`,
        findCuts: checked(findCuts, undefined, file),
      };
    }
    if (!hasFunction(value, 'findCuts')) return undefined;
    return {
      name: stringProperty(value, 'name') ?? file.basename,
      description: stringProperty(value, 'description') ?? `plug-in ${file.file}`,
      findCuts: checked(value.findCuts, value, file),
    };
  },
};

/** findCuts with a throw or a malformed result turned into a PluginError naming the file. */
function checked(
  findCuts: (ctx: AlgorithmContext) => unknown,
  self: unknown,
  file: PluginFile,
): CandidateAlgorithm['findCuts'] {
  const call = file.guard(findCuts, self);
  return async (ctx) => asCuts(await call(ctx), file);
}

function asCuts(result: unknown, file: PluginFile): string[][] {
  const fail = (what: string): Error =>
    file.error(`returned ${what}; expected an array of arrays of tensor names`);
  if (!Array.isArray(result)) throw fail(describeValue(result));
  return result.map((cut: unknown, i) => {
    if (!Array.isArray(cut)) throw fail(`${describeValue(cut)} as cut ${i}`);
    return cut.map((tensor: unknown, k) => {
      if (typeof tensor !== 'string') throw fail(`${describeValue(tensor)} as tensor ${k} of cut ${i}`);
      return tensor;
    });
  });
}
