/**
 * An evaluation's progress events (plain data from evaluate.ts) as the line
 * on stderr: candidate i of n, the current best and the time left. On a
 * terminal it rewrites one line; elsewhere it prints lines.
 */
import type { ProgressEvent } from '../../evaluate/evaluate.js';
import type { Objective } from '../../evaluate/types.js';

export function progressLine(e: ProgressEvent, objective: Objective): string {
  const width = 20;
  const filled = Math.round((width * Math.min(e.index, e.total)) / Math.max(1, e.total));
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const best = e.best ? `best ${e.best.key} ${formatValue(e.best.value, objective)}` : 'no best yet';
  const eta = Number.isFinite(e.etaMs) ? `~${Math.ceil(e.etaMs / 1000)} s left` : 'time left unknown';
  return `${bar} ${e.index}/${e.total} ${e.key} · ${best} · ${eta}`;
}

export function formatValue(value: number, objective: Objective): string {
  if (objective === 'latency') return `${value.toFixed(1)} ms`;
  if (objective === 'drop-rate') return `${(value * 100).toFixed(1)}% dropped`;
  return `${Math.round(value)} B/frame`;
}

export function stderrProgress(objective: Objective): (e: ProgressEvent) => void {
  const tty = process.stderr.isTTY === true;
  return (e) => {
    const line = progressLine(e, objective);
    process.stderr.write(tty ? `\r\x1b[K${line}${e.index >= e.total ? '\n' : ''}` : `${line}\n`);
  };
}
