/**
 * The cut profile: every candidate from input to output, by the share of
 * the model's compute in its head (x) and the bytes per frame it sends
 * (y, log scale), against what the edge→cloud link carries per frame at the
 * runs' frame rate. Status by shape and colour; the chosen one large.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, NAMED_MARKS, WIDTH, type Chart } from '../chart.js';
import type { CutStatus, EvaluationView } from '../evaluation-model.js';
import { bytes, percent } from '../format.js';

const STATUSES: readonly CutStatus[] = ['pruned', 'not staged', 'staged', 'no figures', 'chosen'];
const SHAPES = ['cross', 'circle', 'square', 'triangle-down', 'diamond'];
const COLOURS = ['#9e9e9e', '#4c78a8', '#2f6f3e', '#c0392b', '#e67e00'];

export function cutProfileChart(profile: NonNullable<EvaluationView['cutProfile']>): Chart {
  // A log scale cannot place 0 bytes; no real cut sends nothing, but a hand-made file might.
  const points = profile.points.filter((p) => p.bytes > 0);
  const basis = profile.shareBasis === 'time' ? 'operator time' : 'FLOPs';
  const aria = points.length <= NAMED_MARKS;
  const values = points.map((p) => ({
    id: p.id,
    headShare: p.headShare,
    bytes: p.bytes,
    status: p.status,
    // Drawn in this order, so the chosen one lies on top.
    rank: STATUSES.indexOf(p.status),
    ...(aria && {
      description: `${p.id}: ${percent(p.headShare)} of compute in the head, ${bytes(p.bytes)} per frame, ${p.status}`,
    }),
  }));
  const cap = profile.capacity;
  const capLabel = cap
    ? `${cap.between.join('→')} link at ${cap.fps} fps: ${bytes(cap.bytesPerFrame)}/frame`
    : '';
  const x = {
    field: 'headShare',
    type: 'quantitative',
    title: `share of the model's compute in the head (${basis})`,
    scale: { domain: [0, 1] },
    axis: { format: '.0%' },
  };
  const y = {
    field: 'bytes',
    type: 'quantitative',
    // Short: Vega, measuring text without a canvas, overestimates it, and a long title pads the chart.
    title: 'bytes per frame (log scale)',
    scale: { type: 'log' },
    axis: { format: '~s', values: decades(points.map((p) => p.bytes)) },
  };
  const layers: unknown[] = [
    {
      name: 'profile_line',
      mark: { type: 'line', color: '#bbbbbb', strokeWidth: 1, aria: false },
      encoding: { x, y, order: { field: 'headShare' } },
    },
    {
      name: 'candidates',
      mark: { type: 'point', filled: true, opacity: 0.9, stroke: '#222', strokeWidth: 0.5, aria },
      encoding: {
        x,
        y,
        shape: {
          field: 'status',
          type: 'nominal',
          title: 'candidate',
          scale: { domain: STATUSES, range: SHAPES },
        },
        color: {
          field: 'status',
          type: 'nominal',
          title: 'candidate',
          scale: { domain: STATUSES, range: COLOURS },
        },
        size: {
          condition: { test: "datum.status === 'chosen'", value: 260 },
          value: points.length > 100 ? 25 : 50,
        },
        ...(aria && { description: { field: 'description' } }),
        order: { field: 'rank' },
      },
    },
  ];
  if (cap) layers.push(...capacityLayers(cap.bytesPerFrame, capLabel));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Cut profile of ${points.length} candidates`,
    title: 'Cut profile',
    width: WIDTH,
    height: 320,
    data: { values },
    layer: layers,
    config: CONFIG,
  } as TopLevelSpec;
  return {
    id: 'cut-profile',
    title: 'Cut profile',
    caption:
      `Every candidate from input (left) to output (right): the share of the model's compute its head holds and the bytes per frame its cut sends. ` +
      `Pruned: cross; listed but not staged: circle; staged: square; staged without usable figures: triangle; chosen: large diamond.` +
      (cap
        ? ` The dashed line is what the ${cap.between.join('→')} link (${cap.mbps} Mbit/s) carries per frame at ${cap.fps} fps, ${bytes(cap.bytesPerFrame)}; cuts above it cannot keep up.`
        : ''),
    spec,
    marks: { candidates: points.length, ...(cap && { capacity: 1 }) },
    table: {
      columns: ['candidate', 'head share', 'bytes per frame', 'status', 'cut tensors'],
      numeric: [1, 2],
      rows: profile.points.map((p) => [p.id, percent(p.headShare), bytes(p.bytes), p.status, p.tensors]),
    },
  };
}

/** Ticks at 1, 10, 100 … B across the values (a log axis otherwise labels and grids every minor step). */
export function decades(values: readonly number[]): number[] {
  if (values.length === 0) return [1];
  const lo = Math.floor(Math.log10(values.reduce((a, b) => Math.min(a, b))));
  const hi = Math.ceil(Math.log10(values.reduce((a, b) => Math.max(a, b))));
  return Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
}

function capacityLayers(bytesPerFrame: number, label: string): unknown[] {
  return [
    {
      name: 'capacity',
      data: { values: [{ capacity: bytesPerFrame, description: label }] },
      mark: { type: 'rule', strokeDash: [6, 4], color: '#333', strokeWidth: 1.5 },
      encoding: { y: { field: 'capacity', type: 'quantitative' }, description: { field: 'description' } },
    },
    {
      name: 'capacity_label',
      data: { values: [{ capacity: bytesPerFrame, label }] },
      mark: { type: 'text', align: 'left', dy: -7, dx: 4, fontSize: 11, x: 0 },
      encoding: { y: { field: 'capacity', type: 'quantitative' }, text: { field: 'label' } },
    },
  ];
}
