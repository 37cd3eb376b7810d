/**
 * Candidate algorithms by name: the built-ins, any registered in code, and
 * plug-ins loaded from a file path (see the README, "Writing your own candidate algorithm").
 */
import { ConfigError, PluginError } from '../../core/errors.js';
import type { CandidateAlgorithm } from '../algorithm.js';
import { allOps } from './all-ops.js';
import { articulation } from './articulation.js';
import { minCut } from './min-cut.js';
import { loadPlugin, looksLikePath } from './plugin.js';

const registered = new Map<string, CandidateAlgorithm>(
  [allOps, articulation, minCut].map((a) => [a.name, a] as const),
);

export const DEFAULT_ALGORITHM = 'articulation';

/** A built-in or registered algorithm by name, or a plug-in module by path (./x.js, /abs/x.mjs, x.js). */
export async function getAlgorithm(nameOrPath: string): Promise<CandidateAlgorithm> {
  const known = registered.get(nameOrPath);
  if (known) return known;
  if (looksLikePath(nameOrPath)) return loadPlugin(nameOrPath);
  throw new ConfigError(
    `unknown algorithm '${nameOrPath}' (known: ${[...registered.keys()].join(', ')}; or a path to a .js plug-in)`,
  );
}

/** Names and descriptions, for help text. */
export function listAlgorithms(): { name: string; description: string }[] {
  return [...registered.values()].map(({ name, description }) => ({ name, description }));
}

/** Make an algorithm available by name; names must be unique and must not look like paths. */
export function registerAlgorithm(algorithm: CandidateAlgorithm): void {
  if (registered.has(algorithm.name))
    throw new PluginError(`algorithm '${algorithm.name}' is already registered`);
  if (algorithm.name === '' || looksLikePath(algorithm.name)) {
    throw new PluginError(
      `algorithm name '${algorithm.name}' is not usable (empty or looks like a file path)`,
    );
  }
  registered.set(algorithm.name, algorithm);
}
