/**
 * Predicted against measured latency for the candidates a predicting method
 * staged: on the dashed diagonal the prediction was exact; above it the run
 * was slower than predicted.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, type Chart } from '../chart.js';
import type { PredictionRow } from '../evaluation-model.js';
import { ms, percent } from '../format.js';

export function predictionsChart(rows: readonly PredictionRow[]): Chart {
  const measured = rows.filter((r) => r.measuredLatency !== null);
  const values = measured.map((r) => ({
    ...r,
    description: `${r.id}: predicted ${ms(r.predictedLatency)}, measured ${ms(r.measuredLatency)}`,
  }));
  const top = measured.reduce((m, r) => Math.max(m, r.predictedLatency, r.measuredLatency ?? 0), 1) * 1.05;
  const axis = (title: string) => ({ type: 'quantitative' as const, title, scale: { domain: [0, top] } });
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Predicted against measured latency for ${values.length} candidates`,
    title: 'Predicted against measured latency',
    width: 360,
    height: 360,
    layer: [
      {
        name: 'parity',
        data: { values: [{ v: 0 }, { v: top }] },
        mark: { type: 'line', strokeDash: [4, 4], color: '#777' },
        encoding: {
          x: { field: 'v', ...axis('predicted latency, ms') },
          y: { field: 'v', ...axis('measured latency, ms') },
        },
      },
      {
        name: 'predictions',
        data: { values },
        mark: {
          type: 'point',
          shape: 'circle',
          filled: true,
          size: 70,
          color: '#4c78a8',
          stroke: '#222',
          strokeWidth: 0.5,
        },
        encoding: {
          x: { field: 'predictedLatency', ...axis('predicted latency, ms') },
          y: { field: 'measuredLatency', ...axis('measured latency, ms') },
          description: { field: 'description' },
        },
      },
    ],
    config: CONFIG,
  } as TopLevelSpec;
  return {
    id: 'predictions',
    title: 'Predicted against measured latency',
    caption:
      'One circle per candidate the method predicted and then staged. On the dashed diagonal the prediction was exact; above it the run was slower than predicted.',
    spec,
    marks: { predictions: values.length },
    table: {
      columns: [
        'candidate',
        'predicted latency',
        'measured latency',
        'error',
        'predicted drop',
        'measured drop',
        'predicted bottleneck',
      ],
      numeric: [1, 2, 3, 4, 5],
      rows: rows.map((r) => [
        r.id,
        ms(r.predictedLatency),
        ms(r.measuredLatency),
        percent(r.latencyError),
        percent(r.predictedDropRate),
        percent(r.measuredDropRate),
        r.bottleneck,
      ]),
    },
  };
}
