/**
 * Tests of the decision in words: the chosen cut against each baseline, and
 * what the method listed, pruned and staged.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { certaintySentence, countsSentence, decisionSentence, versusBaseline } from './decision-text.js';
import type { DecisionData, RunData } from './input-schema.js';

const base: DecisionData = {
  model: '/models/resnet50.onnx',
  infra: 'mid-end',
  method: 'hybrid',
  objective: 'latency',
  constraints: {},
  listed: 36,
  chosen: {
    key: 'c1234567',
    kind: 'candidate',
    value: 80,
    latencyMs: 80,
    dropRate: 0,
    fpsOut: 24,
    bytesPerFrame: 1000,
  },
  why: 'split c1234567 has the lowest mean latency of 9 eligible runs; 0 excluded',
  baselines: {
    'client-only': { status: 'ok', value: 200, improvement: 0.6 },
    'edge-only': { status: 'insufficient', value: 150, improvement: null },
    'cloud-only': { status: 'ok', value: 64, improvement: -0.25 },
  },
  candidates: {
    listed: 36,
    pruned: [{ id: 'c0000001', reason: 'sends more than the link carries' }],
    kept: ['c1234567', 'c7654321'],
    staged: ['c1234567', 'c7654321'],
    failed: [
      { key: 'edge-only', reason: 'too few frames' },
      { key: 'c7654321', reason: 'stage evaluator0 broke' },
    ],
    stopReason: 'every kept candidate was staged',
  },
  predictions: [],
  timeToDecisionMs: 61_500,
};

const split: Pick<RunData, 'placement'> = { placement: { evaluator0: 'edge', evaluator1: 'cloud' } };

describe('the decision in words', () => {
  it('names the cut, where its halves run, its figure and each baseline', () => {
    assert.equal(
      decisionSentence(base, split),
      'Cut resnet50 at c1234567 (head on edge, tail on cloud): on mid-end it had mean latency 80.0 ms, ' +
        '60.0% lower than client-only (200.0 ms); edge-only had no usable figures (insufficient); 25.0% higher than cloud-only (64.0 ms).',
    );
  });

  it('says when a baseline won, and when nothing could be chosen', () => {
    const cloud: DecisionData = {
      ...base,
      objective: 'drop-rate',
      chosen: { ...base.chosen!, key: 'cloud-only', kind: 'baseline', value: 0.1 },
      baselines: {
        'client-only': { status: 'ok', value: 0.4, improvement: 0.75 },
        'cloud-only': { status: 'ok', value: 0.1, improvement: 0 },
      },
    };
    assert.equal(
      decisionSentence(cloud, undefined),
      'Do not cut resnet50: on mid-end, no staged split beat cloud-only, with 10.0% of frames dropped, 75.0% lower than client-only (40.0% dropped).',
    );
    const none = {
      ...base,
      chosen: null,
      why: 'no run had usable figures within latency ≤ 5 ms (39 excluded)',
    };
    assert.equal(
      decisionSentence(none, undefined),
      'No split of resnet50 was chosen on mid-end: no run had usable figures within latency ≤ 5 ms (39 excluded).',
    );
    assert.equal(versusBaseline(base, 'nowhere-only'), 'nowhere-only: not measured');
  });

  it("counts what the method listed, pruned and staged, and the candidates' failures only", () => {
    assert.equal(
      countsSentence(base),
      'hybrid listed 36 candidates, pruned 1 and staged 2 (1 without usable figures), besides the 3 baselines; ' +
        'it stopped because every kept candidate was staged; time to decision 62 s.',
    );
  });

  it("gives the contenders' intervals and says plainly when they tie, or nothing for older files", () => {
    assert.equal(certaintySentence(base), '');
    const contender = (key: string, value: number, lo: number, hi: number) => ({
      key,
      value,
      interval: [lo, hi] as [number, number],
      runs: 2,
      frames: 40,
    });
    const tie: DecisionData = {
      ...base,
      certainty: {
        verdict: 'tie',
        level: 0.95,
        contenders: [contender('client-only', 104, 99, 109), contender('edge-only', 100, 95, 105)],
        extraRuns: [
          { key: 'edge-only', repeat: 1, status: 'ok', wallMs: 9000 },
          { key: 'client-only', repeat: 1, status: 'ok', wallMs: 9000 },
        ],
        stopped: 'the budget of 2 extra runs is spent',
        tieBreak: { pick: 'client-only', why: 'it sends the fewest bytes over the network per frame' },
      },
    };
    assert.equal(
      certaintySentence(tie),
      'Certainty: a tie. client-only 104.0 ms (95% interval 99.0 ms – 109.0 ms, 40 frames in 2 runs); ' +
        'edge-only 100.0 ms (95% interval 95.0 ms – 105.0 ms, 40 frames in 2 runs) are indistinguishable ' +
        'within the measured margin after 2 extra runs (the budget of 2 extra runs is spent); the tie-break ' +
        'picked client-only because it sends the fewest bytes over the network per frame.',
    );
    const clear: DecisionData = {
      ...base,
      certainty: {
        ...tie.certainty!,
        verdict: 'clear',
        contenders: [contender('c1', 80, 78, 82)],
        extraRuns: [],
      },
    };
    assert.match(
      certaintySentence(clear),
      /^Certainty: clear\. c1 80\.0 ms \(95% interval 78\.0 ms – 82\.0 ms, 40 frames in 2 runs\) overlaps no other eligible run \(0 extra runs\)\.$/,
    );
  });
});
