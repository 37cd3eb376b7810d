/**
 * Where a run's time goes: one stacked bar per stage, split into queueing,
 * compute, serialisation and transfer (means over its measured frames).
 * The four parts differ by fill and by outline dash.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, WIDTH, rowStep, type Chart } from '../chart.js';
import { bytes, ms } from '../format.js';
import { STAGE_PARTS, type StageRow } from '../stages-model.js';

const LABELS = STAGE_PARTS.map((p) => p.label);
const COLOURS = ['#d9d9d9', '#4c78a8', '#f2a541', '#59a14f'];
const DASHES = [
  [2, 2],
  [1, 0],
  [6, 2],
  [4, 1, 1, 1],
];

export function stageLabel(r: StageRow): string {
  return r.tier ? `${r.stage} (${r.tier})` : r.stage;
}

export function stagesChart(rows: readonly StageRow[], run: string, id = 'stages'): Chart {
  const values = rows.flatMap((r, order) =>
    STAGE_PARTS.map((part, k) => ({
      stage: stageLabel(r),
      order,
      part: part.label,
      partOrder: k,
      ms: r[part.key],
      description: `${stageLabel(r)}: ${part.label} ${ms(r[part.key])}`,
    })),
  );
  const title = `Time per stage, ${run}`;
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `${title}: ${rows.length} stages`,
    title,
    width: WIDTH - 120,
    height: { step: Math.max(rowStep(rows.length), 22) },
    data: { values },
    mark: { type: 'bar', stroke: '#222', strokeWidth: 1 },
    name: 'segments',
    encoding: {
      y: { field: 'stage', type: 'nominal', title: null, sort: { field: 'order' } },
      x: { field: 'ms', type: 'quantitative', stack: 'zero', title: 'mean time per frame, ms' },
      color: { field: 'part', type: 'nominal', title: 'part', scale: { domain: LABELS, range: COLOURS } },
      strokeDash: { field: 'part', type: 'nominal', title: 'part', scale: { domain: LABELS, range: DASHES } },
      order: { field: 'partOrder' },
      description: { field: 'description' },
    },
    config: CONFIG,
  } as TopLevelSpec;
  return {
    id,
    title,
    caption:
      'Mean time a frame spends in each stage: waiting in its queue, computing, serialising its output and sending it on (the transfer includes the link). Parts are stacked in that order; the table gives the same numbers.',
    spec,
    marks: { segments: values.length },
    table: {
      columns: ['stage', 'tier', 'queue', 'compute', 'serialise', 'transfer', 'total', 'bytes sent/frame'],
      numeric: [2, 3, 4, 5, 6, 7],
      rows: rows.map((r) => [
        r.stage,
        r.tier,
        ms(r.queueMs),
        ms(r.computeMs),
        ms(r.serializeMs),
        ms(r.transferMs),
        ms(r.queueMs + r.computeMs + r.serializeMs + r.transferMs),
        bytes(r.bytes),
      ]),
    },
  };
}
