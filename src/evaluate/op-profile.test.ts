/** Tests of per-operator times from onnxruntime's profiler and the head shares made from them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ensureModel } from '../../test/helpers/models.js';
import { getRuntime } from '../runtime/registry.js';
import { getAlgorithm } from '../slice/algorithms/registry.js';
import { findCandidates } from '../slice/candidates.js';
import { loadForCutting } from '../slice/load.js';
import { nodeTimes, operatorTimes, timeShare } from './op-profile.js';

describe('operator profile', () => {
  it('sums kernel times per node from a trace', () => {
    const trace = [
      { cat: 'Node', name: 'conv1_kernel_time', dur: 10 },
      { cat: 'Node', name: 'conv1_fence_before', dur: 1 },
      { cat: 'Node', name: 'conv1_kernel_time', dur: 14 },
      { cat: 'Session', name: 'model_run', dur: 100 },
    ];
    assert.deepEqual([...nodeTimes(trace)], [['conv1', 24]]);
  });

  it('times every squeezenet operator and gives growing head shares from input to output', async () => {
    const { analysed } = await loadForCutting(ensureModel('squeezenet1_1'));
    const times = await operatorTimes(analysed, getRuntime(), {}, 1);
    assert.equal(times.length, analysed.mg.graph.ops.length);
    const convs = analysed.mg.graph.ops.flatMap((op, i) => (op.opType === 'Conv' ? [times[i]!] : []));
    assert.ok(convs.length > 20 && convs.every((t) => t > 0), 'every Conv has a kernel time');
    const candidates = await findCandidates(analysed, await getAlgorithm('articulation'), 1);
    const shares = candidates.map(timeShare(analysed, times));
    for (let i = 1; i < shares.length; i++) assert.ok(shares[i]! >= shares[i - 1]!, `share ${i} grows`);
    assert.ok(shares[0]! > 0 && shares.at(-1)! < 1);
  });
});
