/**
 * Tests of the referee's second look: close calls re-staged until they
 * separate, a tie declared (with the tie-break and its reason) when the
 * budget runs out, nothing re-staged when the best is clear or the figures
 * are exact, and decision.json's account of it. The profiler is a script of
 * three baselines with seeded per-frame noise, so every figure is known.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromOutcomes } from '../../test/helpers/frame-figures.js';
import { seededRandom } from '../core/bootstrap.js';
import { loadInfra } from '../staging/index.js';
import { BETWEEN_RUN_FLOOR, pooledRecord, refereeInterval, tieBreak } from './confidence.js';
import { makeDecision } from './decision.js';
import { evaluate, type Evaluation } from './evaluate.js';
import { getMethod } from './methods/registry.js';
import type { ProfileOptions, Profiler } from './profiler.js';
import { splitKey, type ProfileResult, type RunRecord, type SplitSpec } from './types.js';

const FRAMES = 20;

/**
 * Baselines at fixed mean latencies; each frame off by up to ±noise ms, a new draw every call.
 * A list of means gives each run of the split the next one (re-stage i gets means[i mod length]):
 * a load that changes between runs.
 */
class Script implements Profiler {
  readonly calls: { key: string; repeat: number }[] = [];
  constructor(
    private readonly means: Readonly<Record<string, number | readonly number[]>>,
    private readonly noise: number,
  ) {}

  profile(split: SplitSpec, o: ProfileOptions): Promise<ProfileResult> {
    const key = splitKey(split);
    this.calls.push({ key, repeat: o.repeat ?? 0 });
    const random = seededRandom(this.calls.length * 7919);
    const given = this.means[key] ?? 1000;
    const mean = typeof given === 'number' ? given : given[(o.repeat ?? 0) % given.length]!;
    const outcomes = Array.from({ length: o.frames }, () => mean + this.noise * (2 * random() - 1));
    const bytes = key === 'client-only' ? 0 : 600_000;
    return Promise.resolve({
      status: 'ok',
      metrics: {
        ...fromOutcomes(outcomes),
        droppedAt: {},
        fpsIn: 24,
        fpsOut: 24,
        stages: {},
        links: [{ from: 'camera', to: 'evaluator0', bytesPerFrame: bytes }],
      },
    });
  }
}

async function run(script: Script, runs: number): Promise<Evaluation> {
  return evaluate(
    {
      candidates: [],
      infra: loadInfra('mid-end'),
      method: await getMethod('strongman'),
      objective: 'latency',
      constraints: {},
      frames: FRAMES,
      warmup: 0,
      fps: 24,
      minFrames: 5,
      confidenceBudget: { runs },
    },
    { profiler: script },
  );
}

const decide = (ev: Evaluation) =>
  makeDecision(
    { model: 'm', infra: 'mid-end', method: 'strongman', objective: 'latency', constraints: {}, listed: 0 },
    ev,
  );

describe('the referee re-stages close calls', () => {
  it('re-stages two overlapping baselines until their intervals separate', async () => {
    // 100 against 104 ms with ±20 ms per frame: 20 frames give a half-width of about 5 ms each.
    const script = new Script({ 'edge-only': 100, 'client-only': 104, 'cloud-only': 300 }, 20);
    const ev = await run(script, 40);
    const c = ev.certainty;
    assert.equal(c.verdict, 'clear');
    assert.ok(c.extraRuns.length >= 2, String(c.extraRuns.length));
    assert.ok(c.extraRuns.length < 40);
    // Only the two contenders were re-staged, alternately (the least measured first).
    assert.deepEqual(new Set(c.extraRuns.map((r) => r.key)), new Set(['edge-only', 'client-only']));
    assert.deepEqual(
      script.calls.slice(3, 5).map((x) => [x.key, x.repeat]),
      [
        ['edge-only', 1],
        ['client-only', 1],
      ],
    );
    const edge = ev.settled.find((r) => r.key === 'edge-only')!;
    assert.equal(edge.runs, 1 + c.extraRuns.filter((r) => r.key === 'edge-only').length);
    assert.equal(edge.metrics!.framesUsed, FRAMES * (edge.runs ?? 1));
    const ci = c.contenders[0]!.interval!;
    const client = ev.settled.find((r) => r.key === 'client-only')?.metrics?.latencyMs?.meanCi ?? [NaN, NaN];
    assert.ok(ci[1] < client[0], `${ci.join('–')} against ${client.join('–')}`);
    const d = decide(ev);
    assert.equal(d.chosen?.key, 'edge-only');
    assert.match(
      d.why,
      /^edge-only \(no staged split beat it\) has the lowest mean latency .*; clear: its 95% interval overlaps no other eligible run's \(\d+ extra runs\)$/,
    );
    assert.equal(ev.repeats.length, c.extraRuns.length);
  });

  it('declares a tie when the budget runs out, and the tie-break picks by bytes on the network', async () => {
    const script = new Script({ 'edge-only': 100, 'client-only': 104, 'cloud-only': 300 }, 20);
    const ev = await run(script, 2);
    const c = ev.certainty;
    assert.equal(c.verdict, 'tie');
    assert.equal(c.extraRuns.length, 2);
    assert.equal(c.stopped, 'the budget of 2 extra runs is spent');
    // client-only sends no bytes over the network: the tie-break picks it though its mean is higher.
    assert.deepEqual(c.tieBreak, {
      pick: 'client-only',
      why: 'it sends the fewest bytes over the network per frame',
    });
    assert.deepEqual(
      c.contenders.map((x) => [x.key, x.runs, x.frames]),
      [
        ['client-only', 2, 40],
        ['edge-only', 2, 40],
      ],
    );
    const d = decide(ev);
    assert.equal(d.chosen?.key, 'client-only');
    assert.equal(d.certainty.verdict, 'tie');
    assert.match(
      d.why,
      /client-only, edge-only are indistinguishable within the measured margin \(95% intervals on mean latency overlap after 2 extra runs; the budget of 2 extra runs is spent\); the tie-break picked client-only because it sends the fewest bytes over the network per frame$/,
    );
  });

  it('re-stages nothing when the best is clear, or when every figure is exact', async () => {
    const clear = await run(new Script({ 'edge-only': 100, 'client-only': 200, 'cloud-only': 300 }, 5), 6);
    assert.equal(clear.certainty.verdict, 'clear');
    assert.deepEqual(clear.certainty.extraRuns, []);
    // Equal and noiseless: resampling cannot narrow a point, so it is a tie at once.
    const exact = await run(new Script({ 'edge-only': 100, 'client-only': 100, 'cloud-only': 300 }, 0), 6);
    assert.equal(exact.certainty.verdict, 'tie');
    assert.deepEqual(exact.certainty.extraRuns, []);
    assert.equal(exact.certainty.stopped, 'their figures are exact (no spread to narrow)');
  });
});

describe('the referee and runs that disagree', () => {
  // edge-only's runs land at 100 and 130 ms in turn (the load changed between them), ±2 ms within
  // a run; client-only is steady at 112. One run of each: the within-run intervals (about ±1 ms)
  // do not overlap, and the referee before the between-run floor called edge-only clear at once.
  const moving = { 'edge-only': [100, 130], 'client-only': 112, 'cloud-only': 300 };

  it('never calls a close decision clear from one run of the best and the runner-up', async () => {
    const ev = await run(new Script(moving, 2), 0);
    const c = ev.certainty;
    assert.equal(c.verdict, 'tie');
    assert.deepEqual(c.extraRuns, []);
    assert.equal(c.stopped, 'the budget of 0 extra runs is spent');
    // The intervals the referee compared: each run's, widened to ±25% of its mean.
    const edge = c.contenders.find((x) => x.key === 'edge-only')!;
    assert.ok(Math.abs(edge.interval![0] - edge.value! * 0.75) < 1e-9, edge.interval!.join('–'));
  });

  it('re-stages the best and the runner-up, and calls two runs of one split that disagree a tie', async () => {
    const script = new Script(moving, 2);
    const ev = await run(script, 6);
    const c = ev.certainty;
    assert.equal(c.verdict, 'tie');
    assert.equal(c.stopped, 'the budget of 6 extra runs is spent');
    assert.deepEqual(
      script.calls.slice(3, 5).map((x) => [x.key, x.repeat]),
      [
        ['edge-only', 1],
        ['client-only', 1],
      ],
    );
    // edge-only's runs, resampled as clusters, span both loads; client-only's agree and stay narrow.
    const edge = ev.settled.find((r) => r.key === 'edge-only')!;
    const client = ev.settled.find((r) => r.key === 'client-only')!;
    assert.ok((edge.runs ?? 1) >= 2 && (client.runs ?? 1) >= 2);
    const [lo, hi] = edge.metrics!.latencyMs!.meanCi;
    assert.ok(lo < 105 && hi > 125, `edge-only ${lo}–${hi}`);
    const [clo, chi] = client.metrics!.latencyMs!.meanCi;
    assert.ok(chi - clo < 3, `client-only ${clo}–${chi}`);
    assert.deepEqual(new Set(c.contenders.map((x) => x.key)), new Set(['edge-only', 'client-only']));
  });

  it('still calls a wide margin clear from one run each', async () => {
    const ev = await run(new Script({ 'edge-only': 100, 'client-only': 180, 'cloud-only': 300 }, 2), 6);
    assert.equal(ev.certainty.verdict, 'clear');
    assert.deepEqual(ev.certainty.extraRuns, []);
  });
});

describe('confidence helpers', () => {
  const record = (key: string, outcomes: (number | null)[], bytes: number, headOps = 0): RunRecord => ({
    key,
    kind: 'baseline',
    status: 'ok',
    placement: { camera: 'client', evaluator0: 'edge' },
    cutBytes: 0,
    headOps,
    wallMs: 10,
    metrics: {
      ...fromOutcomes(outcomes),
      droppedAt: {},
      fpsIn: 24,
      fpsOut: 20,
      stages: {},
      links: [{ from: 'camera', to: 'evaluator0', bytesPerFrame: bytes }],
    },
  });

  it('pools runs of one split: frames and counts add up, figures over every frame', () => {
    const p = pooledRecord([record('a', [10, 10, null, 10], 5), record('a', [30, 30, 30, 30], 5)]);
    assert.equal(p.runs, 2);
    assert.equal(p.wallMs, 20);
    const m = p.metrics!;
    assert.deepEqual([m.framesProduced, m.framesProcessed, m.framesDropped, m.framesUsed], [8, 7, 1, 7]);
    assert.equal(m.dropRate, 1 / 8);
    assert.equal(m.latencyMs!.mean, 150 / 7);
    assert.equal(m.outcomes.length, 8);
  });

  it('counts only runs with figures, and widens a split run once by the between-run floor', () => {
    const { metrics: _none, ...bare } = record('a', [], 5);
    const failed: RunRecord = { ...bare, status: 'failed' };
    const one = pooledRecord([record('a', [100, 102, 98, 100], 5), failed]);
    assert.equal(one.runs, 1);
    const ci = refereeInterval(one, 'latency')!;
    assert.equal(ci[0], 100 - 100 * BETWEEN_RUN_FLOOR);
    assert.equal(ci[1], 100 + 100 * BETWEEN_RUN_FLOOR);
    // Two runs: their own (clustered) interval, no floor; a point stays a point; drop rate is not widened.
    const two = pooledRecord([record('a', [100, 102, 98, 100], 5), record('a', [101, 99, 100, 100], 5)]);
    assert.deepEqual(refereeInterval(two, 'latency'), two.metrics!.latencyMs!.meanCi);
    assert.deepEqual(refereeInterval(record('b', [7, 7, 7], 5), 'latency'), [7, 7]);
    const drops = record('c', [5, null, 5, 5], 5);
    assert.deepEqual(refereeInterval(drops, 'drop-rate'), drops.metrics!.dropRateCi);
  });

  it('breaks a tie by bytes, then head operators, then the point estimate, then id', () => {
    const same = [10, 11, 12];
    assert.equal(tieBreak([record('a', same, 9), record('b', same, 3)], 'latency').pick.key, 'b');
    const byOps = tieBreak([record('a', same, 3, 8), record('b', same, 3, 2)], 'latency');
    assert.deepEqual([byOps.pick.key, byOps.why], ['b', 'it puts the fewest operators on the first tier']);
    const byValue = tieBreak([record('a', [20, 21], 3), record('b', same, 3)], 'latency');
    assert.deepEqual([byValue.pick.key, byValue.why], ['b', 'its point estimate is the lowest']);
    const byId = tieBreak([record('b', same, 3), record('a', same, 3)], 'latency');
    assert.deepEqual([byId.pick.key, byId.why], ['a', 'every other rule was equal, and its id sorts first']);
  });
});
