/**
 * A chart of the report as data: its Vega-Lite spec, the table that gives
 * the same numbers in text, and how many marks each named layer draws (what
 * the browser test counts). Specs are built by pure functions from the
 * report model; vega.ts renders them.
 *
 * Legibility without colour: every encoding by colour is doubled by shape
 * (points) or by stroke dash (bars), and every chart has its table.
 */
import type { TopLevelSpec } from 'vega-lite';

export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns to right-align (numbers). */
  readonly numeric?: readonly number[];
}

export interface Chart {
  /** Stable id: the figure's HTML id and the test's handle. */
  readonly id: string;
  readonly title: string;
  /** How to read it, in words (the figure's caption). */
  readonly caption: string;
  readonly spec: TopLevelSpec;
  /** Layer name → marks it draws; Vega gives the layer's SVG group the class `NAME_marks`. */
  readonly marks: Readonly<Record<string, number>>;
  readonly table: Table;
}

export const WIDTH = 640;

/** One look for every chart; fonts the browser has everywhere. */
export const CONFIG = {
  font: 'sans-serif',
  background: 'white',
  padding: 8,
  title: { fontSize: 14, anchor: 'start', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 220 },
  legend: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    orient: 'bottom',
    direction: 'horizontal',
  },
  view: { stroke: '#ccc' },
} as const;

/**
 * Layers with more marks than this draw them without an accessible name
 * each: a screen reader would not read a thousand, the table says the same,
 * and the names would double the page.
 */
export const NAMED_MARKS = 200;

/** Room per row of a chart with one row per run or stage: generous while few, compact when many. */
export function rowStep(rows: number): number {
  return rows <= 40 ? 18 : rows <= 200 ? 10 : 5;
}
