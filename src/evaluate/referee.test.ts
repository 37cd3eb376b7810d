/** Tests of the referee: objectives, constraints, tie-breaks, insufficient runs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromOutcomes, steadyOutcomes } from '../../test/helpers/frame-figures.js';
import { networkBytes, referee } from './referee.js';
import type { RunRecord } from './types.js';

const PLACEMENT = {
  camera: 'client',
  transformer: 'client',
  evaluator0: 'edge',
  evaluator1: 'cloud',
  classifier: 'cloud',
};

function run(
  key: string,
  latency: number,
  dropRate: number,
  cut: number,
  headOps = 10,
  status: RunRecord['status'] = 'ok',
): RunRecord {
  const t = (bytes: number) => ({ queueMs: 0, computeMs: 1, serializeMs: 0, transferMs: 0, bytes });
  return {
    key,
    kind: 'candidate',
    status,
    metrics: {
      ...fromOutcomes(steadyOutcomes(100, latency, dropRate)),
      droppedAt: {},
      fpsIn: 24,
      fpsOut: 24 * (1 - dropRate),
      stages: { transformer: t(1000), evaluator0: t(cut), evaluator1: t(10), classifier: t(10) },
      links: [
        { from: 'transformer', to: 'evaluator0', bytesPerFrame: 1000 },
        { from: 'evaluator0', to: 'evaluator1', bytesPerFrame: cut },
        { from: 'evaluator1', to: 'classifier', bytesPerFrame: 10 },
        { from: 'classifier', to: 'camera', bytesPerFrame: 10 },
      ],
    },
    placement: PLACEMENT,
    cutBytes: cut,
    headOps,
    wallMs: 1,
  };
}

describe('referee', () => {
  it('counts only bytes on links between different tiers', () => {
    assert.equal(networkBytes(run('a', 1, 0, 500)), 1000 + 500 + 10);
  });

  it('picks the lowest value for the objective', () => {
    const runs = [run('a', 120, 0.3, 500), run('b', 100, 0.5, 800), run('c', 130, 0.1, 200)];
    assert.equal(referee(runs, 'latency', {}).chosen?.key, 'b');
    assert.equal(referee(runs, 'drop-rate', {}).chosen?.key, 'c');
    assert.equal(referee(runs, 'bytes', {}).chosen?.key, 'c');
  });

  it('breaks ties by fewer bytes, then drop rate, then latency, then head operators, then id', () => {
    const latencyTie = [run('a', 100, 0.1, 900), run('b', 100, 0.2, 300)];
    assert.deepEqual(
      referee(latencyTie, 'latency', {}).ranked.map((r) => r.key),
      ['b', 'a'],
    );
    const bytesTie = [run('a', 100, 0.2, 300), run('b', 100, 0.1, 300)];
    assert.deepEqual(
      referee(bytesTie, 'latency', {}).ranked.map((r) => r.key),
      ['b', 'a'],
    );
    const dropTie = [run('a', 120, 0.1, 300), run('b', 110, 0.1, 300)];
    assert.deepEqual(
      referee(dropTie, 'bytes', {}).ranked.map((r) => r.key),
      ['b', 'a'],
    );
    const opsTie = [run('a', 100, 0.1, 300, 12), run('b', 100, 0.1, 300, 11)];
    assert.deepEqual(
      referee(opsTie, 'latency', {}).ranked.map((r) => r.key),
      ['b', 'a'],
    );
    const allTie = [run('b', 100, 0.1, 300), run('a', 100 * (1 + 1e-12), 0.1, 300)];
    assert.deepEqual(
      referee(allTie, 'latency', {}).ranked.map((r) => r.key),
      ['a', 'b'],
    );
  });

  it('excludes runs over a constraint and runs without usable figures', () => {
    const runs = [
      run('fast-lossy', 80, 0.4, 300),
      run('slow', 250, 0.0, 300),
      run('ok', 150, 0.05, 300),
      run('bad', 10, 0, 1, 1, 'insufficient'),
    ];
    const v = referee(runs, 'latency', { maxLatencyMs: 200, maxDropRate: 0.1 });
    assert.equal(v.chosen?.key, 'ok');
    assert.deepEqual(v.excluded.map((e) => e.key).sort(), ['bad', 'fast-lossy', 'slow']);
    assert.match(v.excluded.find((e) => e.key === 'slow')!.reason, /latency 250.0 ms over the 200 ms limit/);
    assert.deepEqual(Object.fromEntries(v.excluded.map((e) => [e.key, e.cause])), {
      bad: 'too few frames',
      'fast-lossy': 'over a limit',
      slow: 'over a limit',
    });
    assert.equal(referee(runs, 'latency', { maxLatencyMs: 50 }).chosen, null);
  });
});
