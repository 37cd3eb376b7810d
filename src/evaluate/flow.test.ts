/** Tests of the frame-flow model the predictive method uses: which frames pass, wait or drop. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arrivalsPerPass, flowThrough } from './flow.js';

const near = (actual: number, expected: number): void =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} vs ${expected}`);

describe('frame flow through stages and hops', () => {
  it('passes every frame when each element keeps up with the frame interval', () => {
    const flow = flowThrough(
      [
        { kind: 'compute', name: 'a', ms: 30 },
        { kind: 'hop', name: 'link', busyMs: 40, jitterMs: 0 },
      ],
      41.7,
    );
    assert.deepEqual(flow, { passed: 1, bottleneck: 'none', queueMs: 0 });
  });

  it('a hop busy for 1.5 frame intervals takes every second frame', () => {
    near(arrivalsPerPass(62.5, 0, 41.7), 2);
    const flow = flowThrough([{ kind: 'hop', name: 'client→edge link', busyMs: 62.5, jitterMs: 0 }], 41.7);
    near(flow.passed, 0.5);
    assert.equal(flow.bottleneck, 'client→edge link');
  });

  it('jitter around a multiple of the interval makes some frames wait one interval more', () => {
    const mean = arrivalsPerPass(80, 10, 41.7);
    assert.ok(mean > 2 && mean < 2.5, `${mean}`);
  });

  it('a compute stage slower than the interval passes one frame per compute time and queues the rest', () => {
    const flow = flowThrough(
      [
        { kind: 'compute', name: 'evaluator0', ms: 100 },
        { kind: 'hop', name: 'edge→cloud link', busyMs: 90, jitterMs: 0 },
      ],
      50,
    );
    near(flow.passed, 0.5);
    assert.equal(flow.bottleneck, 'evaluator0');
    assert.equal(flow.queueMs, 50);
  });

  it('drops compound: a hop after a slow hop sees the slower frame rate', () => {
    const flow = flowThrough(
      [
        { kind: 'hop', name: 'up', busyMs: 60, jitterMs: 0 },
        { kind: 'hop', name: 'cut', busyMs: 100, jitterMs: 0 },
      ],
      40,
    );
    // up passes every 2nd frame (80 ms apart); cut, busy 100 ms, takes every 2nd of those.
    near(flow.passed, 0.25);
    assert.equal(flow.bottleneck, 'up');
  });
});
