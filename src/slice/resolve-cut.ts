/**
 * Turn what a user wrote after --at into cut tensors: a candidate id from
 * `couper candidates` (any built-in algorithm), or tensor names joined by ','.
 */
import { SliceError } from '../core/errors.js';
import { checkCut } from '../graph/cut.js';
import { getAlgorithm, listAlgorithms } from './algorithms/registry.js';
import { cutId, findCandidates, type AnalysedModel } from './candidates.js';

const ID = /^c[0-9a-f]{7}$/;

export async function resolveCut(
  analysed: AnalysedModel,
  at: string,
  options: { maxTensors?: number; algorithm?: string } = {},
): Promise<string[]> {
  const { graph } = analysed.mg;
  if (ID.test(at)) {
    const names = options.algorithm ? [options.algorithm] : listAlgorithms().map((a) => a.name);
    for (const name of names) {
      const found = await findCandidates(analysed, await getAlgorithm(name), options.maxTensors ?? 4);
      const hit = found.find((c) => c.id === at);
      if (hit) return hit.tensors.map((t) => t.name);
    }
    throw new SliceError(`no candidate has id '${at}' (run 'couper candidates MODEL' to list them)`);
  }
  const tensors = at.split(',').filter((t) => t !== '');
  const check = checkCut(graph, tensors);
  if (!check.ok)
    throw new SliceError(`cut '${at}': ${check.reason} (run 'couper candidates MODEL' for cuts that work)`);
  return [...check.tensors];
}

export { cutId };
