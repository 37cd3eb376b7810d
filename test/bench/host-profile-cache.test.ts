/**
 * Tests of the host profile that `npm run bench:methods` paces its cloud by:
 * measured once, then read back for the same model on the same host, so the
 * derived what-if (whose hash keys every paced run in the run cache) is the
 * same file byte for byte; measured again when asked, when the file is
 * corrupt or hand-edited, or when the model changed under the same name.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cachedHostProfile, derivedProfile } from '../../bench/methods-paced.js';
import { hostProfileFile, hostProfileKey } from '../../bench/host-profile-cache.js';
import { CHAIN, saveModel, tempDir, tinyGraph, wrap } from '../helpers/tiny-models.js';

/** `f` with stderr (where the cache says whether it measured or reused) held back. */
function quietly<T>(f: () => Promise<T>): Promise<T> {
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = () => true;
  return f().finally(() => (process.stderr.write = write));
}

describe('the host profile cache of bench:methods', () => {
  it('measures once, reuses after, and derives the same what-if byte for byte', async () => {
    const model = saveModel(wrap(tinyGraph(CHAIN))).file;
    const dir = tempDir();
    const first = await quietly(() => cachedHostProfile(model, 'tiny', dir, false));
    const key = await hostProfileKey(model);
    assert.equal(first.file, hostProfileFile(dir, 'tiny', key));
    // Named by model hash, input shape and a hash of the host, readable in a listing.
    assert.match(
      path.basename(first.file),
      new RegExp(`^tiny-${key.model.sha256.slice(0, 12)}-2x3-[0-9a-f]{12}\\.json$`),
    );
    const again = await quietly(() => cachedHostProfile(model, 'tiny', dir, false));
    assert.equal(again.sha256, first.sha256);
    assert.equal(again.profile.provenance.date, first.profile.provenance.date);
    const x10 = derivedProfile(first, 10);
    assert.equal(x10.file, first.file.replace(/\.json$/, '-x10.json'));
    assert.equal(derivedProfile(again, 10).sha256, x10.sha256);
    assert.equal(x10.profile.synthetic?.speedup, 10);
    assert.equal(x10.profile.synthetic?.source.sha256, first.sha256);

    const fresh = await quietly(() => cachedHostProfile(model, 'tiny', dir, true));
    assert.equal(fresh.file, first.file);
    assert.notEqual(fresh.sha256, first.sha256, 'measured again: a new date and median');
  });

  it('measures again over a corrupt file, and keys another model or host apart', async () => {
    const dir = tempDir();
    const model = saveModel(wrap(tinyGraph(CHAIN))).file;
    const first = await quietly(() => cachedHostProfile(model, 'tiny', dir, false));
    fs.writeFileSync(first.file, '{"format": 1, "model": ');
    const remeasured = await quietly(() => cachedHostProfile(model, 'tiny', dir, false));
    assert.equal(remeasured.file, first.file);
    assert.ok(remeasured.profile.operators.length > 0);

    // The same operators in a graph of another name: another content hash, so another file.
    const other = saveModel(wrap(tinyGraph(CHAIN, 'other'))).file;
    const key = await hostProfileKey(other);
    assert.notEqual(hostProfileFile(dir, 'tiny', key), first.file);
    const measured = await quietly(() => cachedHostProfile(other, 'tiny', dir, false));
    assert.equal(measured.file, hostProfileFile(dir, 'tiny', key));
    assert.equal(measured.profile.model.sha256, key.model.sha256);
    const otherHost = { ...key, host: `${key.host}|another machine` };
    assert.notEqual(hostProfileFile(dir, 'tiny', otherHost), hostProfileFile(dir, 'tiny', key));
  });
});
