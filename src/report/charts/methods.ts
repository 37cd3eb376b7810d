/**
 * The selection methods of one case side by side (paper Table 5 as a
 * picture): how many candidates each staged, and the figure of the split it
 * chose against the best any method found (the dashed line).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Case } from '../cases-model.js';
import { CONFIG, type Chart } from '../chart.js';
import { objectiveFigure, percent, seconds } from '../format.js';

export function methodsChart(c: Case): Chart {
  const rows = c.methods;
  const values = rows.map((r) => ({
    ...r,
    description: `${r.method}: staged ${r.staged} of ${r.listed}, chose ${r.chosen ?? 'nothing'} (${objectiveFigure(r.value, c.objective)})`,
  }));
  const chosen = values.filter((v) => v.value !== null);
  const best = Math.min(...chosen.map((v) => v.value!));
  // An explicit order: sorting by a field does not carry across the two views' data.
  const y = { field: 'method', type: 'nominal' as const, title: null, sort: rows.map((r) => r.method) };
  const unit = c.objective === 'latency' ? 'ms' : c.objective === 'drop-rate' ? 'share dropped' : 'B/frame';
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Methods compared on ${c.model} × ${c.infra}`,
    title: `Methods on ${c.model} × ${c.infra}`,
    hconcat: [
      {
        width: 260,
        height: { step: 22 },
        name: 'method_staged',
        data: { values },
        mark: { type: 'bar', color: '#9ab6d6', stroke: '#222', strokeWidth: 0.5 },
        encoding: {
          y,
          x: { field: 'staged', type: 'quantitative', title: 'candidates staged' },
          description: { field: 'description' },
        },
      },
      {
        width: 260,
        height: { step: 22 },
        layer: [
          {
            name: 'method_value',
            data: { values: chosen },
            mark: {
              type: 'point',
              shape: 'diamond',
              filled: true,
              size: 90,
              color: '#e67e00',
              stroke: '#222',
              strokeWidth: 0.5,
            },
            encoding: {
              y: { ...y, axis: null },
              x: {
                field: 'value',
                type: 'quantitative',
                title: `chosen split's ${c.objective}, ${unit}`,
                scale: { zero: true },
              },
            },
          },
          ...(chosen.length > 0
            ? [
                {
                  name: 'method_best',
                  data: { values: [{ best }] },
                  mark: { type: 'rule', strokeDash: [5, 4], color: '#333' },
                  encoding: { x: { field: 'best', type: 'quantitative' } },
                },
              ]
            : []),
        ],
      },
    ],
    resolve: { scale: { y: 'shared' } },
    config: CONFIG,
  } as TopLevelSpec;
  return {
    id: 'methods',
    title: `Methods on ${c.model} × ${c.infra}`,
    caption:
      'Left: candidates each method staged (besides the three baselines). Right: the figure of the split it chose (diamond); the dashed line is the best any method found.',
    spec,
    marks: { method_staged: values.length, method_value: chosen.length },
    table: {
      columns: ['method', 'listed', 'pruned', 'staged', 'chosen', c.objective, 'vs best', 'time to decision'],
      numeric: [1, 2, 3, 5, 6, 7],
      rows: rows.map((r) => [
        r.method,
        String(r.listed),
        String(r.pruned),
        String(r.staged),
        r.chosen ?? 'none',
        objectiveFigure(r.value, c.objective),
        r.vsBest === null ? '–' : `${r.vsBest >= 0 ? '+' : '−'}${percent(Math.abs(r.vsBest), 0)}`,
        seconds(r.timeToDecisionMs),
      ]),
    },
  };
}
