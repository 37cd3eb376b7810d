/**
 * Tests of the run cache: an identical run is reused (and says so), any
 * change to the run or the job's configuration is a new measurement,
 * --fresh measures again, failures are never kept, and a damaged entry is
 * ignored and overwritten.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fakeFor, squeezenetFixture, type Fixture } from '../../test/helpers/evaluation.js';
import { ensureModel } from '../../test/helpers/models.js';
import { loadForCutting } from '../slice/load.js';
import { jobIdentity, type EvaluationJob } from './job.js';
import type { ProfileOptions } from './profiler.js';
import { CachingProfiler, runKey } from './run-cache.js';
import { placementFor, topologyOf } from './topology.js';
import type { SplitSpec } from './types.js';

let f: Fixture;
let tmp: string;
before(async () => {
  f = await squeezenetFixture();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-run-cache-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const EDGE: SplitSpec = { kind: 'baseline', baseline: 'edge-only' };
const options = (more: Partial<ProfileOptions> = {}): ProfileOptions => ({
  frames: 20,
  warmup: 2,
  fps: 24,
  placement: placementFor(EDGE, topologyOf(f.infra)),
  ...more,
});

describe('run cache', () => {
  it('reuses an identical run, says so, and measures anything else anew', async () => {
    const dir = path.join(tmp, 'reuse');
    const inner = fakeFor(f, { noiseMs: 3 });
    const cache = new CachingProfiler(inner, { dir, config: 'job-a', fresh: false });
    const first = await cache.profile(EDGE, options());
    const again = await cache.profile(EDGE, options());
    assert.equal(inner.calls.length, 1);
    assert.deepEqual(cache.reused, ['edge-only']);
    assert.ok(first.status === 'ok' && again.status === 'ok');
    assert.deepEqual(again.metrics, first.metrics);
    assert.match(
      again.notes?.at(-1) ?? '',
      /^reused from the run cache \(measured \d{4}-.*\); --fresh measures again$/,
    );
    // A re-stage, other frames, another split or another job's configuration: new measurements.
    await cache.profile(EDGE, options({ repeat: 1 }));
    await cache.profile(EDGE, options({ frames: 30 }));
    await cache.profile({ kind: 'baseline', baseline: 'cloud-only' }, options());
    await new CachingProfiler(inner, { dir, config: 'job-b', fresh: false }).profile(EDGE, options());
    assert.equal(inner.calls.length, 5);
    assert.equal(fs.readdirSync(dir).length, 5);
  });

  it('measures again with --fresh and keeps the new figures', async () => {
    const dir = path.join(tmp, 'fresh');
    const inner = fakeFor(f, { noiseMs: 3 });
    const first = await new CachingProfiler(inner, { dir, config: 'j', fresh: false }).profile(
      EDGE,
      options(),
    );
    const fresh = new CachingProfiler(inner, { dir, config: 'j', fresh: true });
    const second = await fresh.profile(EDGE, options());
    assert.equal(inner.calls.length, 2);
    assert.deepEqual(fresh.reused, []);
    assert.ok(first.status === 'ok' && second.status === 'ok');
    assert.notDeepEqual(second.metrics.outcomes, first.metrics.outcomes);
    const later = await new CachingProfiler(inner, { dir, config: 'j', fresh: false }).profile(
      EDGE,
      options(),
    );
    assert.ok(later.status === 'ok');
    assert.deepEqual(later.metrics.outcomes, second.metrics.outcomes);
  });

  it('never keeps a failure, and ignores (then overwrites) a damaged entry', async () => {
    const dir = path.join(tmp, 'hostile');
    const failing = fakeFor(f, { failing: ['edge-only'] });
    const cache = new CachingProfiler(failing, { dir, config: 'j', fresh: false });
    await assert.rejects(cache.profile(EDGE, options()), /edge-only broke/);
    assert.equal(fs.existsSync(dir) && fs.readdirSync(dir).length, false);
    const inner = fakeFor(f);
    await new CachingProfiler(inner, { dir, config: 'j', fresh: false }).profile(EDGE, options());
    const file = path.join(dir, `${runKey('j', EDGE, options())}.json`);
    const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      result: { metrics: { framesDropped: number } };
    };
    entry.result.metrics.framesDropped += 1; // counts that no longer add up
    fs.writeFileSync(file, JSON.stringify(entry));
    const reread = new CachingProfiler(inner, { dir, config: 'j', fresh: false });
    await reread.profile(EDGE, options());
    assert.deepEqual(reread.reused, []);
    fs.writeFileSync(file, '{"format":1,"key":');
    await reread.profile(EDGE, options());
    assert.equal(inner.calls.length, 3);
    await reread.profile(EDGE, options());
    assert.deepEqual(reread.reused, ['edge-only']);
  });

  it("keys a job by the model's fingerprint and everything that changes a measurement", async () => {
    const { analysed } = await loadForCutting(ensureModel('squeezenet1_1'));
    const job = {
      model: 'a/squeezenet.onnx',
      frames: 20,
      staging: { plan: {}, backend: 'local' },
    } as unknown as EvaluationJob;
    const id = jobIdentity(job, f.infra, analysed.model);
    assert.match(id, /^[0-9a-f]{64}$/);
    // The path and the method do not change a measurement; staging options and the infrastructure do.
    assert.equal(jobIdentity({ ...job, model: 'b.onnx', method: 'hybrid' }, f.infra, analysed.model), id);
    const loopback = { ...job, staging: { plan: { loopback: true }, backend: 'local' } };
    assert.notEqual(jobIdentity(loopback, f.infra, analysed.model), id);
    const slower = { ...f.infra, links: f.infra.links.map((l) => ({ ...l, rttMs: l.rttMs + 1 })) };
    assert.notEqual(jobIdentity(job, slower, analysed.model), id);
    assert.notEqual(jobIdentity({ ...job, video: 'other.mp4' }, f.infra, analysed.model), id);
  });
});
