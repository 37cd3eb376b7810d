/**
 * Tests of what results.json keeps of an evaluation's setup: the operator
 * view with the chosen head, candidate rows with their head shares, and the
 * staging description.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TEST_HOST } from '../../test/helpers/host.js';
import { ensureModel } from '../../test/helpers/models.js';
import { getAlgorithm } from '../slice/algorithms/registry.js';
import { findCandidates, type AnalysedModel, type Candidate } from '../slice/candidates.js';
import { loadForCutting } from '../slice/load.js';
import { loadInfra, makeStagingPlan } from '../staging/index.js';
import { flopsShare } from './evaluate.js';
import { candidateRows, MAX_OPERATOR_VIEW, operatorView, stagingDescription } from './setup.js';

let analysed: AnalysedModel;
let candidates: Candidate[];
before(async () => {
  ({ analysed } = await loadForCutting(ensureModel('squeezenet1_1')));
  candidates = await findCandidates(analysed, await getAlgorithm('articulation'), 1);
});

describe('evaluation setup', () => {
  it('lists every operator in a topological order and marks exactly the chosen head', () => {
    const chosen = candidates[10]!;
    const view = operatorView(analysed, chosen)!;
    const { graph } = analysed.mg;
    assert.equal(view.ops.length, graph.ops.length);
    // Topological: every operator's producers come before it.
    const position = new Map(analysed.order.map((op, i) => [op, i] as const));
    for (const [i, opIndex] of analysed.order.entries()) {
      for (const t of graph.ops[opIndex]!.inputs) {
        const p = graph.producer.get(t);
        if (p !== undefined)
          assert.ok(position.get(p)! < i, `${graph.ops[opIndex]!.name} before its input ${t}`);
      }
    }
    assert.equal(view.cut?.key, chosen.id);
    assert.equal(view.cut?.head.length, chosen.headOps);
    // The operators writing the cut tensors are in the head; the model's last operator is not.
    const names = new Set(view.cut.head.map((i) => view.ops[i]!.name));
    for (const t of chosen.tensors)
      assert.ok(names.has(graph.ops[graph.producer.get(t.name)!]!.name), t.name);
    assert.ok(!view.cut.head.includes(view.ops.length - 1));
  });

  it('has no cut for a baseline and no view at all past MAX_OPERATOR_VIEW operators', () => {
    assert.equal(operatorView(analysed, null)?.cut, null);
    const big = {
      ...analysed,
      mg: { ...analysed.mg, graph: { ...analysed.mg.graph, ops: new Array(MAX_OPERATOR_VIEW + 1) } },
    };
    assert.equal(operatorView(big, candidates[0]!), null);
  });

  it('keeps each candidate with the head share the method saw', () => {
    const rows = candidateRows(candidates, (c) => c.headOps / 1000);
    assert.equal(rows.length, candidates.length);
    assert.deepEqual(
      rows[3]!.tensors,
      candidates[3]!.tensors.map((t) => t.name),
    );
    assert.equal(rows[3]!.headShare, candidates[3]!.headOps / 1000);
    const c = candidates[5]!;
    assert.equal(candidateRows([c], flopsShare)[0]!.headShare, c.headFlops / (c.headFlops + c.tailFlops));
  });

  it('describes the staging area: scale, dilation and what replaced a GPU', () => {
    const plan = makeStagingPlan(loadInfra('mid-end'), TEST_HOST, 'ab12', {
      gpuSubstitute: 'cpu',
      maxTierCores: 1,
    });
    const d = stagingDescription(plan);
    assert.equal(d.scale, plan.scaling.scale);
    assert.equal(d.dilation, plan.scaling.dilation);
    assert.deepEqual(
      d.tiers.map((t) => [t.name, t.emulatedCpus, t.substituted]),
      [
        ['client', 1, []],
        ['edge', 1, []],
        ['cloud', 1, ['P100', 'P100']],
      ],
    );
    assert.deepEqual(d.links[1]!.between, ['edge', 'cloud']);
    assert.equal(d.links[1]!.emulated.mbps, 50.22 / plan.scaling.dilation);
    assert.equal(d.links[1]!.emulator, 'userspace-proxy');
  });
});
