/**
 * Candidate algorithms by name: the built-ins, any registered in code, and
 * plug-ins loaded from a file path (see the README, "Writing your own candidate algorithm").
 */
import { Registry, type RegistrySpec } from '../../core/registry.js';
import type { CandidateAlgorithm } from '../algorithm.js';
import { allOps } from './all-ops.js';
import { articulation } from './articulation.js';
import { minCut } from './min-cut.js';
import { ALGORITHM_PLUGINS } from './plugin.js';

export const ALGORITHMS: RegistrySpec<CandidateAlgorithm> = {
  noun: 'algorithm',
  nameOf: (a) => a.name,
  problem: (a) => (typeof a.findCuts === 'function' ? undefined : 'has no findCuts function'),
  plugin: ALGORITHM_PLUGINS,
};

const algorithms = new Registry(ALGORITHMS, [allOps, articulation, minCut]);

export const DEFAULT_ALGORITHM = 'articulation';

/** A built-in or registered algorithm by name, or a plug-in module by path (./x.js, /abs/x.mjs, x.js). */
export function getAlgorithm(nameOrPath: string): Promise<CandidateAlgorithm> {
  return algorithms.resolve(nameOrPath);
}

/** Names and descriptions, for help text. */
export function listAlgorithms(): { name: string; description: string }[] {
  return algorithms.values().map(({ name, description }) => ({ name, description }));
}

/** Make an algorithm available by name (the registry policy: core/registry.ts). */
export function registerAlgorithm(algorithm: CandidateAlgorithm): void {
  algorithms.register(algorithm);
}
