/**
 * The model's operators in a topological order, a row of cells at a time:
 * filled squares run in the head (the edge), hollow circles in the tail
 * (the cloud). Compact enough for a few hundred operators on one screen.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, NAMED_MARKS, type Chart } from '../chart.js';
import type { OperatorCell } from '../evaluation-model.js';

const PER_ROW = 40;
const CELL = 15;
const SIDES = ['head', 'tail', 'whole'];
const SHAPES = ['square', 'circle', 'circle'];
const COLOURS = ['#e67e00', '#4c78a8', '#4c78a8'];

export function operatorsChart(cells: readonly OperatorCell[], cutKey: string | null): Chart {
  const head = cells.filter((c) => c.side === 'head').length;
  const named = cells.length <= NAMED_MARKS;
  const values = cells.map((c) => ({
    side: c.side,
    column: c.position % PER_ROW,
    row: Math.floor(c.position / PER_ROW),
    filled: c.side === 'head',
    ...(named && { description: `#${c.position} ${c.type} ${c.name} (${c.side})` }),
  }));
  const rows = Math.ceil(cells.length / PER_ROW);
  const title = cutKey ? `Operators, cut at ${cutKey}` : 'Operators (whole model on one tier)';
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `${cells.length} operators, ${head} in the head`,
    title,
    width: Math.min(PER_ROW, cells.length) * CELL,
    height: rows * CELL,
    data: { values },
    name: 'ops',
    mark: { type: 'point', size: 90, strokeWidth: 1.5, aria: named },
    encoding: {
      x: { field: 'column', type: 'ordinal', axis: null },
      y: { field: 'row', type: 'ordinal', axis: null },
      shape: {
        field: 'side',
        type: 'nominal',
        title: 'operator runs in',
        scale: { domain: SIDES, range: SHAPES },
      },
      color: {
        field: 'side',
        type: 'nominal',
        title: 'operator runs in',
        scale: { domain: SIDES, range: COLOURS },
      },
      fill: { condition: { test: 'datum.filled', value: '#e67e00' }, value: 'transparent' },
      ...(named && { description: { field: 'description' } }),
    },
    config: { ...CONFIG, view: { stroke: null } },
  } as TopLevelSpec;
  return {
    id: 'operators',
    title,
    caption:
      `The model's ${cells.length} operators in a topological order, ${PER_ROW} to a row, read left to right and down. ` +
      (cutKey
        ? `Filled squares (${head}) run in the head, before the cut; hollow circles (${cells.length - head}) in the tail.`
        : 'The chosen run is a baseline: every operator runs on one tier.'),
    spec,
    marks: { ops: cells.length },
    table: {
      columns: ['#', 'operator', 'type', 'runs in'],
      numeric: [0],
      rows: cells.map((c) => [String(c.position), c.name, c.type, c.side]),
    },
  };
}
