/**
 * Numbers as the report's text and tables print them: the same words for a
 * figure wherever it appears, and a dash where there is none.
 */
import type { Objective } from '../evaluate/types.js';

export const DASH = '–';

export function ms(x: number | null | undefined): string {
  return x === null || x === undefined ? DASH : `${x.toFixed(1)} ms`;
}

/** 0.256 → '25.6%'. */
export function percent(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined ? DASH : `${(x * 100).toFixed(digits)}%`;
}

/** Binary units, as the CLI prints them (1 KiB = 1024 B). */
export function bytes(b: number | null | undefined): string {
  if (b === null || b === undefined) return DASH;
  if (b < 1024) return `${Math.round(b)} B`;
  if (b < 1024 ** 2) return `${(b / 1024).toFixed(1)} KiB`;
  if (b < 1024 ** 3) return `${(b / 1024 ** 2).toFixed(2)} MiB`;
  return `${(b / 1024 ** 3).toFixed(2)} GiB`;
}

export function num(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined ? DASH : x.toFixed(digits);
}

/** The objective's figure with its unit: '87.4 ms', '12.5% dropped', '1234 B/frame'. */
export function objectiveFigure(value: number | null, objective: Objective): string {
  if (value === null) return 'no figures';
  if (objective === 'latency') return ms(value);
  if (objective === 'drop-rate') return `${percent(value)} dropped`;
  return `${Math.round(value)} B/frame`;
}

export function seconds(msValue: number): string {
  return msValue < 10_000 ? `${(msValue / 1000).toFixed(1)} s` : `${Math.round(msValue / 1000)} s`;
}

/** The file name without folders or the .onnx extension: what a title calls the model. */
export function modelName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.onnx$/i, '');
}
