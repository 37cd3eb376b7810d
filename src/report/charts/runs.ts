/**
 * Every staged run beside the baselines (paper Figure 9, for all runs):
 * mean and p90 latency, the predicted latency where the method predicted
 * one, and the drop rate. A few dozen runs read best as rows, one per run
 * (runs-rows.ts); past that, rows would be a wall of labels, so the runs are
 * placed by head share, the cut profile's x axis, with the baselines as
 * lines (runs-by-share.ts). The table has every run either way.
 */
import { type Chart, type Table } from '../chart.js';
import type { RunRow } from '../evaluation-model.js';
import { ms, percent } from '../format.js';
import { runsByShareSpec } from './runs-by-share.js';
import { runLabel, runsRowsSpec } from './runs-rows.js';

/** More runs than this are drawn by head share. */
export const MAX_ROWS = 60;

export function runsChart(runs: readonly RunRow[]): Chart {
  const byShare = runs.length > MAX_ROWS && runs.some((r) => r.headShare !== null);
  const drawn = byShare ? runsByShareSpec(runs) : runsRowsSpec(runs);
  return {
    id: 'runs',
    title: 'Staged runs and baselines',
    caption: drawn.caption,
    spec: drawn.spec,
    marks: drawn.marks,
    table: runsTable(runs),
  };
}

function runsTable(runs: readonly RunRow[]): Table {
  return {
    columns: [
      'run',
      'kind',
      'status',
      'head share',
      'mean latency',
      'p90 latency',
      'drop rate',
      'fps out',
      'network bytes/frame',
      'predicted latency',
    ],
    numeric: [3, 4, 5, 6, 7, 8, 9],
    rows: runs.map((r) => [
      runLabel(r),
      r.kind,
      r.reason ? `${r.status}: ${r.reason}` : r.status,
      percent(r.headShare),
      ms(r.latencyMean),
      ms(r.latencyP90),
      percent(r.dropRate),
      r.fpsOut === null ? '–' : r.fpsOut.toFixed(1),
      r.networkBytes === null ? '–' : String(Math.round(r.networkBytes)),
      ms(r.predictedLatency),
    ]),
  };
}
