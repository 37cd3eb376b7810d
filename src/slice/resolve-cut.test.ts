/** Tests of resolving what --at and --split name into a cut. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ensureModel } from '../../test/helpers/models.js';
import { SliceError } from '../core/errors.js';
import { getAlgorithm } from './algorithms/registry.js';
import { findCandidates, type AnalysedModel, type Candidate } from './candidates.js';
import { loadForCutting } from './load.js';
import { resolveCut } from './resolve-cut.js';

let analysed: AnalysedModel;
let first: Candidate;
before(async () => {
  ({ analysed } = await loadForCutting(ensureModel('squeezenet1_1')));
  const found = await findCandidates(analysed, await getAlgorithm('articulation'), 4);
  first = found[0]!;
});

describe('resolveCut (what follows --at or --split)', () => {
  it("turns a candidate id into that candidate's tensors, and tensor names into themselves", async () => {
    const names = first.tensors.map((t) => t.name);
    assert.deepEqual(await resolveCut(analysed, first.id), names);
    assert.deepEqual(await resolveCut(analysed, names.join(',')), names);
  });

  it('names the cut, not an option, when a tensor is unknown, and says where to find cuts', async () => {
    await assert.rejects(
      resolveCut(analysed, 'nope'),
      (e: Error) =>
        e instanceof SliceError &&
        e.message ===
          "cut 'nope': tensor 'nope' is not a dataflow tensor of this model (run 'couper candidates MODEL' for cuts that work)",
    );
    await assert.rejects(resolveCut(analysed, 'c0000000'), /no candidate has id 'c0000000'/);
  });
});
