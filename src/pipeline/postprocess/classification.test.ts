/** Tests of the classification post-processor. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../core/errors.js';
import { classification, classScores, isProbability, softmax, topK } from './classification.js';

describe('classification', () => {
  it('softmaxes logits and keeps probabilities as they are', () => {
    const p = softmax([0, Math.log(3)]);
    assert.ok(Math.abs(p[0]! - 0.25) < 1e-12 && Math.abs(p[1]! - 0.75) < 1e-12);
    assert.equal(isProbability([0.25, 0.75]), true);
    assert.equal(isProbability([0.5, 0.75]), false);
    assert.equal(isProbability([-0.5, 1.5]), false);
    const [best] = topK([0.25, 0.75], 1, null);
    assert.deepEqual(best, { index: 1, label: 'class 1', score: 0.75 });
  });

  it('ranks logits by probability with labels, best first', () => {
    const top = topK([2, -1, 3, 0], 2, ['a', 'b', 'c', 'd']);
    const e = [2, -1, 3, 0].map(Math.exp);
    const sum = e.reduce((a, b) => a + b);
    assert.deepEqual(
      top.map((t) => t.label),
      ['c', 'a'],
    );
    assert.ok(Math.abs(top[0]!.score - e[2]! / sum) < 1e-12);
    assert.ok(Math.abs(top[1]!.score - e[0]! / sum) < 1e-12);
  });

  it('accepts [N], [1, N] and [1, N, 1, 1] outputs and rejects a batch', () => {
    const data = new Float32Array([1, 2, 3, 4]);
    for (const shape of [[4], [1, 4], [1, 4, 1, 1]])
      assert.equal(classScores({ dtype: 'float32', shape, data }, 'x').length, 4);
    assert.throws(
      () => classScores({ dtype: 'float32', shape: [2, 2], data }, 'x'),
      /expected one row of class scores, got shape \[2, 2\]/,
    );
    assert.throws(
      () => classScores({ dtype: 'int64', shape: [1], data: new BigInt64Array(1) }, 'x'),
      /got int64/,
    );
  });

  it('reads the named output and checks topK', () => {
    const processor = classification.create({ output: 'b', labels: null, options: { topK: 1 } });
    const t = (v: number[]) => ({
      dtype: 'float32' as const,
      shape: [1, v.length],
      data: new Float32Array(v),
    });
    const result = processor.process({ a: t([9, 0]), b: t([0, 9]) }) as { top: { index: number }[] };
    assert.deepEqual(
      result.top.map((p) => p.index),
      [1],
    );
    const problems = (options: Record<string, unknown>): string[] => {
      try {
        classification.create({ output: null, labels: null, options });
      } catch (err) {
        assert.ok(err instanceof ConfigError);
        const [first, ...rest] = err.message.split('\n');
        assert.match(first!, /^post-processor 'classification': \d+ problems? in its options$/);
        return rest.map((l) => l.trim());
      }
      assert.fail(`options ${JSON.stringify(options)} accepted`);
    };
    assert.deepEqual(problems({ topK: 0 }), ['profile.output.options.topK: must be >= 1, not 0']);
    assert.deepEqual(problems({ topK: 2.5, topk: 3 }), [
      'profile.output.options.topK: must be an integer, not 2.5',
      'profile.output.options.topk: unknown field',
    ]);
    assert.deepEqual(problems({ topK: 1e7 }), [
      'profile.output.options.topK: must be <= 1000000, not 10000000',
    ]);
    assert.throws(() => processor.process({ a: t([1]) }), /model output 'b' not found \(outputs: a\)/);
  });
});
