/**
 * Tests of an evaluation's report model: the cut profile, the runs beside the
 * baselines, the chosen run's stages, the operator sequence and the
 * predictions, from a real evaluation folder.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { writeFixtureEvaluation, type WrittenEvaluation } from '../../test/helpers/report-fixture.js';
import { evaluationView, type EvaluationView } from './evaluation-model.js';
import { loadEvaluation } from './load.js';

let hybrid: WrittenEvaluation;
let predictive: WrittenEvaluation;
let view: EvaluationView;
before(async () => {
  hybrid = await writeFixtureEvaluation('hybrid');
  predictive = await writeFixtureEvaluation('predictive');
  view = evaluationView(loadEvaluation(hybrid.dir));
});
after(() => {
  for (const ev of [hybrid, predictive]) fs.rmSync(ev.dir, { recursive: true, force: true });
});

describe('the report model of an evaluation', () => {
  it('marks every candidate of the cut profile as the method left it', () => {
    const d = hybrid.decision;
    const profile = view.cutProfile!;
    assert.equal(profile.points.length, d.candidates.listed);
    const count = (status: string): number => profile.points.filter((p) => p.status === status).length;
    assert.equal(count('pruned'), d.candidates.pruned.length);
    assert.ok(d.candidates.pruned.length > 0, 'hybrid prunes on this fixture');
    assert.equal(count('chosen'), 1);
    assert.equal(profile.points.find((p) => p.status === 'chosen')?.id, d.chosen?.key);
    assert.equal(count('staged') + count('no figures') + 1, d.candidates.staged.length);
    assert.equal(
      count('not staged'),
      d.candidates.listed - d.candidates.pruned.length - d.candidates.staged.length,
    );
    // Input side first, as the method saw them.
    const shares = profile.points.map((p) => p.headShare);
    assert.deepEqual(shares, [...hybrid.setup.candidates.map((c) => c.headShare)]);
  });

  it("draws the edge→cloud link's capacity at the runs' frame rate", () => {
    const cap = view.cutProfile!.capacity!;
    assert.deepEqual(cap.between, ['edge', 'cloud']);
    assert.equal(cap.mbps, 50.22);
    assert.equal(cap.fps, 24);
    assert.equal(cap.bytesPerFrame, (50.22 * 1e6) / 8 / 24);
  });

  it('lists the baselines first, then the staged runs input side first, with their figures', () => {
    const keys = view.runs.map((r) => r.key);
    assert.deepEqual(keys.slice(0, 3), ['client-only', 'edge-only', 'cloud-only']);
    assert.equal(keys.length, 3 + hybrid.evaluation.runs.length);
    const candidates = view.runs.slice(3);
    const shares = candidates.map((r) => r.headShare!);
    assert.deepEqual(
      shares,
      [...shares].sort((a, b) => a - b),
    );
    const chosen = view.runs.filter((r) => r.chosen);
    assert.deepEqual(
      chosen.map((r) => r.key),
      [hybrid.decision.chosen!.key],
    );
    const run = hybrid.evaluation.runs.find((r) => r.key === candidates[0]!.key)!;
    assert.equal(candidates[0]!.latencyMean, run.metrics!.latencyMs!.mean);
    assert.equal(candidates[0]!.latencyP90, run.metrics!.latencyMs!.p90);
    assert.equal(candidates[0]!.dropRate, run.metrics!.dropRate);
    assert.equal(view.runs[0]!.headShare, null);
  });

  it("breaks the chosen run's time into stages on their tiers", () => {
    const stages = view.stages!;
    assert.equal(stages.key, hybrid.decision.chosen!.key);
    assert.deepEqual(
      stages.rows.map((r) => `${r.stage}@${r.tier}`),
      ['camera@client', 'transformer@client', 'evaluator0@edge', 'evaluator1@cloud', 'classifier@cloud'],
    );
    const run = hybrid.evaluation.runs.find((r) => r.key === stages.key)!;
    assert.equal(stages.rows[2]!.computeMs, run.metrics!.stages.evaluator0!.computeMs);
  });

  it("marks the chosen cut's head in the operator sequence", () => {
    const ops = view.operators!;
    assert.equal(ops.cutKey, hybrid.decision.chosen!.key);
    const head = ops.cells.filter((c) => c.side === 'head').length;
    assert.equal(head, hybrid.setup.operators!.cut!.head.length);
    assert.equal(ops.cells.length - head, ops.cells.filter((c) => c.side === 'tail').length);
  });

  it('puts each prediction beside its measurement', () => {
    const v = evaluationView(loadEvaluation(predictive.dir));
    assert.ok(v.predictions.length >= 1);
    for (const p of v.predictions) {
      const run = predictive.evaluation.runs.find((r) => r.key === p.id)!;
      assert.equal(p.measuredLatency, run.metrics!.latencyMs!.mean);
      assert.equal(p.predictedLatency, predictive.evaluation.predictions[p.id]!.latencyMs);
      assert.equal(v.runs.find((r) => r.key === p.id)?.predictedLatency, p.predictedLatency);
    }
  });

  it('says what is missing from a results.json written before reports', () => {
    const loaded = loadEvaluation(hybrid.dir);
    const { setup: _, ...old } = loaded.results;
    const v = evaluationView({ ...loaded, results: old });
    assert.equal(v.cutProfile, null);
    assert.equal(v.operators, null);
    assert.equal(v.infrastructure, null);
    assert.match(v.notes[0]!, /no setup/);
    assert.equal(v.runs.length, view.runs.length);
  });
});
