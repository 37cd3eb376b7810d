/** Tests of the methods benchmark's what-if replay. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cloudWhatIf, FasterCloudProfiler, withFasterCloud } from '../../bench/methods-whatif.js';
import { fakeFor, runMethod, squeezenetFixture, SPEEDS, type Fixture } from '../helpers/evaluation.js';

let f: Fixture;
before(async () => {
  f = await squeezenetFixture();
});

describe('bench:methods what-if (a faster cloud slice)', () => {
  it("divides only the cloud slice's compute", async () => {
    const fake = fakeFor(f);
    const c = f.candidates[5]!;
    const r = await fake.profile(
      { kind: 'candidate', candidate: c },
      {
        frames: 20,
        warmup: 2,
        fps: 24,
        placement: {
          camera: 'client',
          transformer: 'client',
          evaluator0: 'edge',
          evaluator1: 'cloud',
          classifier: 'cloud',
        },
      },
    );
    assert.ok(r.status !== 'failed');
    const m = withFasterCloud(r.metrics, 4);
    assert.equal(m.stages.evaluator1!.computeMs, r.metrics.stages.evaluator1!.computeMs / 4);
    assert.equal(m.stages.evaluator0!.computeMs, r.metrics.stages.evaluator0!.computeMs);
    assert.deepEqual(m.latencyMs, r.metrics.latencyMs);
    assert.equal(m.dropRate, r.metrics.dropRate);
  });

  it("ends hybrid's walk earlier the faster the cloud slice, on the compute rule", async () => {
    // Edge and cloud equally fast, as when every tier is capped at the same cores and the cloud has no GPU.
    const equal = { ...SPEEDS, cloud: SPEEDS.edge };
    const at = async (k: number) =>
      runMethod(f, 'hybrid', new FasterCloudProfiler(fakeFor(f, { speed: equal }), k));
    const [one, four] = [await at(1), await at(4)];
    assert.ok(
      four.runs.length < one.runs.length,
      `${four.runs.length} staged at ×4, ${one.runs.length} at ×1`,
    );
    assert.match(four.stopReason, /computes .* more than the cloud slice/);
  });

  it('names the least speed-up at which hybrid stages a fifth of strongman, or none', () => {
    const staged = new Map([
      [1, 10],
      [2, 7],
      [3, 6],
      [5, 1],
    ]);
    assert.equal(cloudWhatIf(staged, 31).needed, 3);
    assert.equal(cloudWhatIf(staged, 4).needed, null);
    assert.deepEqual(cloudWhatIf(staged, 31).staged, { '1': 10, '2': 7, '3': 6, '5': 1 });
  });
});
