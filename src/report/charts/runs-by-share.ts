/**
 * Many runs at once, placed by head share (the cut profile's x axis): above,
 * each candidate run's mean latency (a mark) and p90 (a dash); below, its
 * drop rate; the baselines, which have no head share, as labelled lines
 * across both.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, NAMED_MARKS, WIDTH } from '../chart.js';
import type { RunRow } from '../evaluation-model.js';
import { ms, percent } from '../format.js';
import { KIND_COLOURS, KIND_SHAPES, KINDS, type DrawnRuns } from './runs-rows.js';

const BASELINE_DASHES = [
  [1, 0],
  [6, 3],
  [2, 2],
];

export function runsByShareSpec(runs: readonly RunRow[]): DrawnRuns {
  const named = runs.length <= NAMED_MARKS;
  // Only what is drawn: Vega copies every field of every datum.
  const candidates = runs
    .filter((r) => r.kind === 'candidate' && r.headShare !== null)
    .map((r) => ({
      key: r.key,
      headShare: r.headShare,
      latencyMean: r.latencyMean,
      latencyP90: r.latencyP90,
      dropRate: r.dropRate,
      predictedLatency: r.predictedLatency,
      kindMark: r.chosen ? 'chosen' : 'candidate',
      ...(named && {
        description: `${r.key}: ${percent(r.headShare)} head, mean ${ms(r.latencyMean)}, p90 ${ms(r.latencyP90)}, drop rate ${percent(r.dropRate)}`,
      }),
    }));
  const measured = candidates.filter((r) => r.latencyMean !== null && r.latencyP90 !== null);
  const withDrop = candidates.filter((r) => r.dropRate !== null);
  const predicted = candidates.filter((r) => r.predictedLatency !== null);
  const baselines = runs.filter((r) => r.kind === 'baseline');
  const names = baselines.map((b) => b.key);
  const aria = named;
  const x = {
    field: 'headShare',
    type: 'quantitative' as const,
    title: "share of the model's compute in the head",
    scale: { domain: [0, 1] },
    axis: { format: '.0%' },
  };
  const dash = {
    field: 'key',
    type: 'nominal' as const,
    title: 'baseline',
    scale: { domain: names, range: BASELINE_DASHES },
  };
  const baselineLayers = (field: 'latencyMean' | 'dropRate', name: string): object[] => {
    const values = baselines
      .filter((b) => b[field] !== null)
      .map((b) => ({
        ...b,
        label: `${b.key} ${field === 'latencyMean' ? ms(b[field]) : percent(b[field])}`,
      }));
    return [
      {
        name,
        data: { values },
        mark: { type: 'rule', color: '#6a3d9a', strokeWidth: 1.5 },
        encoding: { y: { field }, strokeDash: dash },
      },
      {
        name: `${name}_labels`,
        data: { values },
        mark: { type: 'text', align: 'right', dy: -5, fontSize: 10, x: 'width' },
        encoding: { y: { field }, text: { field: 'label' } },
      },
    ];
  };
  const latency = {
    width: WIDTH,
    height: 260,
    layer: [
      ...baselineLayers('latencyMean', 'baseline_latency'),
      {
        name: 'latency_p90',
        data: { values: measured },
        mark: { type: 'tick', orient: 'horizontal', color: '#333', size: 6, aria: false },
        encoding: {
          x,
          y: {
            field: 'latencyP90',
            type: 'quantitative',
            title: 'latency per frame, ms (mark: mean; dash: p90)',
          },
        },
      },
      {
        name: 'latency_mean',
        data: { values: measured },
        mark: { type: 'point', filled: true, size: 30, aria },
        encoding: {
          x,
          y: { field: 'latencyMean', type: 'quantitative' },
          shape: {
            field: 'kindMark',
            type: 'nominal',
            title: 'run',
            scale: { domain: KINDS, range: KIND_SHAPES },
          },
          color: {
            field: 'kindMark',
            type: 'nominal',
            title: 'run',
            scale: { domain: KINDS, range: KIND_COLOURS },
          },
          size: { condition: { test: "datum.kindMark === 'chosen'", value: 200 }, value: 30 },
          ...(aria && { description: { field: 'description' } }),
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
                size: 40,
                color: '#111',
                aria: false,
              },
              encoding: { x, y: { field: 'predictedLatency', type: 'quantitative' } },
            },
          ]
        : []),
    ],
  };
  const drops = {
    width: WIDTH,
    height: 140,
    layer: [
      ...baselineLayers('dropRate', 'baseline_drop'),
      {
        name: 'drop',
        data: { values: withDrop },
        mark: { type: 'point', shape: 'circle', filled: true, size: 20, color: '#555', aria: false },
        encoding: {
          x,
          y: {
            field: 'dropRate',
            type: 'quantitative',
            title: 'frames dropped',
            scale: { domain: [0, 1] },
            axis: { format: '.0%' },
          },
        },
      },
    ],
  };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Latency and drop rate of ${candidates.length} candidate runs and ${baselines.length} baselines`,
    title: 'Staged runs and baselines',
    vconcat: [latency, drops],
    resolve: { scale: { x: 'shared' } },
    config: CONFIG,
  } as TopLevelSpec;
  return {
    spec,
    marks: {
      latency_mean: measured.length,
      latency_p90: measured.length,
      drop: withDrop.length,
      baseline_latency: baselines.filter((b) => b.latencyMean !== null).length,
      ...(predicted.length > 0 && { predicted: predicted.length }),
    },
    caption:
      `${candidates.length} staged candidates by the share of compute in their head (as in the cut profile): above, mean latency per frame (circles; the chosen one a large diamond) and p90 (dashes); below, the share of frames dropped. ` +
      'The baselines run the whole model on one tier and have no head share: they are the lines across, told apart by dash and named at the right.' +
      (predicted.length > 0 ? ' Hollow triangles: latency the method predicted.' : ''),
  };
}
