/**
 * Runs as rows: on the left each run's mean latency (a mark) reaching out to
 * its p90 (a tick), with the predicted latency where there is one; on the
 * right its drop rate, with the figure, or why there is none, written out.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, rowStep } from '../chart.js';
import type { RunRow } from '../evaluation-model.js';
import { ms, percent } from '../format.js';

export const KINDS = ['baseline', 'candidate', 'chosen'];
export const KIND_SHAPES = ['square', 'circle', 'diamond'];
export const KIND_COLOURS = ['#6a3d9a', '#4c78a8', '#e67e00'];

export function runLabel(r: RunRow): string {
  return r.chosen ? `${r.key} (chosen)` : r.key;
}

export interface DrawnRuns {
  readonly spec: TopLevelSpec;
  readonly marks: Readonly<Record<string, number>>;
  readonly caption: string;
}

export function runsRowsSpec(runs: readonly RunRow[]): DrawnRuns {
  const values = runs.map((r, order) => ({
    ...r,
    order,
    label: runLabel(r),
    kindMark: r.chosen ? 'chosen' : r.kind,
    note: r.dropRate !== null ? percent(r.dropRate) : (r.reason ?? r.status),
    description: `${r.key}: mean ${ms(r.latencyMean)}, p90 ${ms(r.latencyP90)}, drop rate ${percent(r.dropRate)}`,
  }));
  const measured = values.filter((v) => v.latencyMean !== null && v.latencyP90 !== null);
  const predicted = values.filter((v) => v.predictedLatency !== null);
  const withDrop = values.filter((v) => v.dropRate !== null);
  const y = { field: 'label', type: 'nominal' as const, title: null, sort: values.map((v) => v.label) };
  const step = rowStep(values.length);
  const latencyX = { type: 'quantitative' as const, title: 'latency per frame, ms (mark: mean; tick: p90)' };
  const kind = {
    shape: {
      field: 'kindMark',
      type: 'nominal' as const,
      title: 'run',
      scale: { domain: KINDS, range: KIND_SHAPES },
    },
    color: {
      field: 'kindMark',
      type: 'nominal' as const,
      title: 'run',
      scale: { domain: KINDS, range: KIND_COLOURS },
    },
  };
  const latency = {
    width: 420,
    height: { step },
    layer: [
      {
        name: 'latency_range',
        data: { values: measured },
        mark: { type: 'rule', color: '#888' },
        encoding: { y, x: { field: 'latencyMean', ...latencyX }, x2: { field: 'latencyP90' } },
      },
      {
        name: 'latency_p90',
        data: { values: measured },
        mark: { type: 'tick', orient: 'vertical', color: '#333', thickness: 2, size: Math.max(4, step - 4) },
        encoding: { y, x: { field: 'latencyP90', ...latencyX } },
      },
      {
        name: 'latency_mean',
        data: { values: measured },
        mark: { type: 'point', filled: true, size: 70, stroke: '#222', strokeWidth: 0.5 },
        encoding: {
          y,
          x: { field: 'latencyMean', ...latencyX },
          ...kind,
          description: { field: 'description' },
        },
      },
      ...(predicted.length > 0
        ? [
            {
              name: 'predicted',
              data: { values: predicted },
              mark: {
                type: 'point',
                shape: 'triangle-up',
                filled: false,
                size: 70,
                color: '#111',
                strokeWidth: 1.2,
              },
              encoding: { y, x: { field: 'predictedLatency', ...latencyX } },
            },
          ]
        : []),
    ],
  };
  const drops = {
    width: 180,
    height: { step },
    layer: [
      {
        name: 'drop',
        data: { values: withDrop },
        mark: { type: 'bar', color: '#b7b7b7', stroke: '#555', strokeWidth: 0.5 },
        encoding: {
          y: { ...y, axis: null },
          x: {
            field: 'dropRate',
            type: 'quantitative',
            title: 'frames dropped',
            scale: { domain: [0, 1] },
            axis: { format: '.0%' },
          },
        },
      },
      {
        name: 'run_labels',
        data: { values },
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, limit: 170 },
        encoding: { y: { ...y, axis: null }, x: { datum: 0, type: 'quantitative' }, text: { field: 'note' } },
      },
    ],
  };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Latency and drop rate of ${values.length} runs`,
    title: 'Staged runs and baselines',
    hconcat: [latency, drops],
    resolve: { scale: { y: 'shared' } },
    config: CONFIG,
  } as TopLevelSpec;
  return {
    spec,
    marks: {
      latency_mean: measured.length,
      latency_p90: measured.length,
      drop: withDrop.length,
      run_labels: values.length,
      ...(predicted.length > 0 && { predicted: predicted.length }),
    },
    caption:
      'Measured latency per frame (mean as a mark, the tick at p90) and the share of frames dropped, for the baselines (squares), each staged candidate (circles) and the chosen run (diamond). ' +
      (predicted.length > 0 ? 'Hollow triangles: latency the method predicted. ' : '') +
      'Runs without figures show why instead of a bar.',
  };
}
