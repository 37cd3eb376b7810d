/**
 * Listing candidates gives the same outputs as the saved reference
 * (test/fixtures/listing-reference.json) for every built-in algorithm on the
 * synthetic 1,000-operator graph, the seven shared models and the PaddleOCR
 * models: speeding up an algorithm or the candidate check must not change a
 * single candidate, its order, sizes or FLOPs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listingDigests, savedReference } from '../../test/helpers/listing-reference.js';

test('every algorithm lists the same candidates as the saved reference on every model', async () => {
  const saved = savedReference();
  const now = await listingDigests();
  assert.deepEqual(Object.keys(now).sort(), Object.keys(saved).sort());
  for (const [model, byAlgorithm] of Object.entries(now)) {
    for (const [algorithm, digest] of Object.entries(byAlgorithm)) {
      assert.deepEqual(digest, saved[model]?.[algorithm], `${model} / ${algorithm}`);
    }
  }
  // The reference is not trivial: the synthetic graph has a candidate after nearly every operator.
  assert.equal(saved['synthetic-1000']?.['all-ops']?.count, 998);
});
