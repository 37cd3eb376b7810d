/**
 * Every chart drawn by the real Vega: each named layer draws as many marks
 * as the chart says (one per candidate, per run, per stage part, per frame),
 * and the same numbers are in its table.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { writeFixtureEvaluation, type WrittenEvaluation } from '../../test/helpers/report-fixture.js';
import { marksIn } from '../../test/helpers/svg-marks.js';
import { joinRecords, summarise } from '../pipeline/metrics.js';
import type { StageStats } from '../pipeline/messages.js';
import { casesOf } from './cases-model.js';
import type { Chart } from './chart.js';
import { methodsChart } from './charts/methods.js';
import { MAX_ROWS, runsChart } from './charts/runs.js';
import { evaluationCharts } from './evaluation-page.js';
import { evaluationView, type RunRow } from './evaluation-model.js';
import { loadEvaluation } from './load.js';
import { runCharts } from './pages.js';
import { runView } from './run-model.js';
import { renderSvg } from './vega.js';

let evs: WrittenEvaluation[];
before(async () => {
  evs = [await writeFixtureEvaluation('hybrid'), await writeFixtureEvaluation('predictive')];
});
after(() => {
  for (const ev of evs) fs.rmSync(ev.dir, { recursive: true, force: true });
});

async function assertDrawn(chart: Chart): Promise<string> {
  const { svg, warnings } = await renderSvg(chart.spec);
  assert.deepEqual(warnings, [], `${chart.id}: Vega had to fix the spec up`);
  assert.match(svg, /^<svg /);
  for (const [layer, count] of Object.entries(chart.marks))
    assert.equal(marksIn(svg, layer), count, `${chart.id}: layer ${layer}`);
  return svg;
}

describe('charts', () => {
  it("draws an evaluation's charts with one mark per candidate, run, stage part and operator", async () => {
    const [hybrid] = evs;
    const view = evaluationView(loadEvaluation(hybrid!.dir));
    const charts = evaluationCharts(view);
    assert.deepEqual(
      charts.map((c) => c.id),
      ['cut-profile', 'runs', 'stages', 'operators'],
    );
    const byId = new Map(charts.map((c) => [c.id, c] as const));
    const d = hybrid!.decision;
    assert.equal(byId.get('cut-profile')!.marks.candidates, d.candidates.listed);
    assert.equal(byId.get('cut-profile')!.marks.capacity, 1);
    assert.equal(byId.get('runs')!.marks.run_labels, 3 + d.candidates.staged.length);
    assert.equal(byId.get('stages')!.marks.segments, 5 * 4);
    assert.equal(byId.get('operators')!.marks.ops, hybrid!.setup.operators!.ops.length);
    for (const chart of charts) {
      await assertDrawn(chart);
      assert.ok(chart.table.rows.length > 0, `${chart.id} has its table`);
    }
    assert.equal(byId.get('cut-profile')!.table.rows.length, d.candidates.listed);
  });

  it('draws predictions against measurements where the method predicted', async () => {
    const view = evaluationView(loadEvaluation(evs[1]!.dir));
    const charts = evaluationCharts(view);
    const predictions = charts.find((c) => c.id === 'predictions')!;
    assert.equal(predictions.marks.predictions, view.predictions.length);
    assert.equal(charts.find((c) => c.id === 'runs')!.marks.predicted, view.predictions.length);
    for (const chart of charts) await assertDrawn(chart);
  });

  it('places many runs by head share, baselines as lines', async () => {
    const row = (key: string, i: number, kind: RunRow['kind']): RunRow => ({
      key,
      kind,
      status: 'ok',
      chosen: i === 7,
      headShare: kind === 'baseline' ? null : i / 100,
      latencyMean: 50 + i,
      latencyP90: 60 + i,
      dropRate: i === 3 ? null : 0.1,
      fpsOut: 20,
      networkBytes: 1000,
      predictedLatency: null,
      predictedDropRate: null,
      reason: null,
    });
    const baselines = ['client-only', 'edge-only', 'cloud-only'].map((k, i) => row(k, i, 'baseline'));
    const runs = [
      ...baselines,
      ...Array.from({ length: MAX_ROWS + 10 }, (_, i) => row(`c${i}`, i, 'candidate')),
    ];
    const chart = runsChart(runs);
    assert.deepEqual(chart.marks, {
      latency_mean: MAX_ROWS + 10,
      latency_p90: MAX_ROWS + 10,
      drop: MAX_ROWS + 9,
      baseline_latency: 3,
    });
    await assertDrawn(chart);
    assert.equal(chart.table.rows.length, runs.length);
  });

  it("draws a run's frames over time, dropped ones apart, and its stages", async () => {
    const view = runView(fixtureRun());
    // Every figure with its 95% interval: three frames at exactly 30 ms leave no spread.
    assert.match(
      view.sentence,
      /^5 frames measured: 3 processed, 2 dropped \(40(\.0)?%, 95% interval [\d.]+% – [\d.]+%\); latency mean 30(\.0)? ms \(95% interval 30(\.0)? ms – 30(\.0)? ms\), p90 30(\.0)? ms/,
    );
    const [frames, stages] = runCharts(view);
    assert.deepEqual(frames!.marks, { frames_processed: 3, frames_dropped: 2 });
    assert.deepEqual(stages!.marks, { segments: 3 * 4 });
    await assertDrawn(frames!);
    await assertDrawn(stages!);
    assert.deepEqual(
      view.frames.map((f) => [f.frameId, f.t, f.droppedAt]),
      [
        [1, 0, null],
        [2, 0.1, null],
        [3, 0.2, null],
        [4, 0.3, 'transformer'],
        [5, 0.4, 'in-flight'],
      ],
    );
  });

  it('compares the methods of a case', async () => {
    const cases = casesOf(evs.map((e) => loadEvaluation(e.dir)));
    assert.equal(cases.length, 1);
    const chart = methodsChart(cases[0]!);
    assert.deepEqual(chart.marks, { method_staged: 2, method_value: 2 });
    await assertDrawn(chart);
  });
});

/** Frames 1–5 measured at 10 fps (0 warms up): 1–3 come back, 4 is dropped at the transformer, 5 is lost. */
function fixtureRun(): Parameters<typeof runView>[0] {
  const timing = (frameId: number, computeMs: number) => ({
    frameId,
    queueMs: 1,
    computeMs,
    serializeMs: 0.5,
    transferMs: 2,
    bytes: 100,
  });
  const ids = [0, 1, 2, 3, 4, 5];
  const stats: StageStats[] = [
    {
      stage: 'camera',
      records: ids.map((id) => timing(id, 0)),
      drops: [],
      captures: ids.map((id) => ({
        frameId: id,
        sourceIndex: id,
        captureMs: 1000 + id * 100,
        warmup: id === 0,
      })),
      results: [0, 1, 2, 3].map((id) => ({ frameId: id, resultMs: 1030 + id * 100, result: {} })),
      late: 0,
      fps: 10,
    },
    {
      stage: 'transformer',
      records: [0, 1, 2, 3, 4].map((id) => timing(id, 3)),
      drops: [{ frameId: 4, reason: 'full', message: 'queue full' }],
    },
    { stage: 'evaluator0', records: [0, 1, 2, 3].map((id) => timing(id, 5)), drops: [] },
  ];
  const frames = joinRecords(stats);
  return {
    plan: {
      model: 'm.onnx',
      cutId: 'none',
      cuts: [],
      stages: ['camera', 'transformer', 'evaluator0'].map((name) => ({ name, tier: 'local' })),
    },
    summary: summarise(frames, stats, 1),
    frames,
    staging: null,
  };
}
