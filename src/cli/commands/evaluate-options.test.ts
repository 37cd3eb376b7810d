/** Tests of the evaluation options the referee's certainty adds, and of how the decision prints it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../core/errors.js';
import type { Decision } from '../../evaluate/decision.js';
import { confidenceBudget, evaluationJob, renderDecision } from './evaluate-options.js';

describe('evaluation options', () => {
  it('reads --confidence-budget as extra runs or seconds, and --fresh', () => {
    assert.deepEqual(confidenceBudget({}), { runs: 6 });
    assert.deepEqual(confidenceBudget({ 'confidence-budget': '0' }), { runs: 0 });
    assert.deepEqual(confidenceBudget({ 'confidence-budget': '90s' }), { seconds: 90 });
    for (const bad of ['-1', '2.5', 'lots', '10m', ''])
      assert.throws(
        () => confidenceBudget({ 'confidence-budget': bad }),
        (err: unknown) =>
          err instanceof UsageError &&
          err.message ===
            `--confidence-budget must be a number of extra runs (6) or of seconds (90s), not '${bad}'`,
      );
    const job = evaluationJob(
      { infra: 'mid-end', out: 'o', fresh: true, 'confidence-budget': '3' },
      'm.onnx',
    );
    assert.deepEqual([job.fresh, job.confidenceBudget, job.minFrames], [true, { runs: 3 }, 10]);
  });

  it('prints the contenders with their intervals and says a tie plainly', () => {
    const d = {
      formatVersion: 2,
      model: 'm.onnx',
      infra: 'mid-end',
      method: 'hybrid',
      objective: 'latency',
      constraints: {},
      listed: 3,
      chosen: {
        key: 'client-only',
        kind: 'baseline',
        value: 104,
        split: ['none'],
        placement: {},
        latencyMs: 104,
        dropRate: 0,
        fpsOut: 24,
        bytesPerFrame: 0,
      },
      why: 'client-only, edge-only are indistinguishable within the measured margin',
      baselines: {},
      candidates: { listed: 3, pruned: [], kept: [], staged: [], failed: [], stopReason: 'done' },
      predictions: [],
      certainty: {
        verdict: 'tie',
        level: 0.95,
        contenders: [
          { key: 'client-only', value: 104, interval: [99, 109], runs: 2, frames: 40 },
          { key: 'edge-only', value: 100, interval: [95, 105], runs: 2, frames: 40 },
        ],
        extraRuns: [
          { key: 'edge-only', repeat: 1, status: 'ok', wallMs: 1 },
          { key: 'client-only', repeat: 1, status: 'ok', wallMs: 1 },
        ],
        budget: { runs: 2 },
        stopped: 'the budget of 2 extra runs is spent',
        tieBreak: { pick: 'client-only', why: 'it sends the fewest bytes over the network per frame' },
      },
      reusedFromJournal: [],
      reusedFromCache: ['edge-only'],
      timeToDecisionMs: 5000,
    } satisfies Decision;
    const lines = renderDecision(d, { decision: 'd.json' }).split('\n');
    assert.deepEqual(lines.slice(2, 5), [
      'certainty: tie (2 extra runs; the budget of 2 extra runs is spent)',
      '  client-only 104.0 ms, 95% CI 99.0 ms – 109.0 ms from 40 frames in 2 run(s)',
      '  edge-only   100.0 ms, 95% CI 95.0 ms – 105.0 ms from 40 frames in 2 run(s)',
    ]);
    assert.ok(lines.includes('reused 1 identical earlier run(s) from the run cache; --fresh measures again'));
  });
});
