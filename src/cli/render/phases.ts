/**
 * The `--timings` table: where a command's time went, by phase, with the
 * part no phase claims (process start, module loading, the gaps between
 * phases) as "other", so the rows add up to the whole.
 */
import type { PhaseRow } from '../../core/phases.js';
import { table } from '../format.js';

/** `totalMs`: the whole command, from process start (performance.now() at the end). */
export function renderPhases(rows: readonly PhaseRow[], totalMs: number): string {
  const claimed = rows.reduce((sum, r) => sum + r.ms, 0);
  const all = [
    ...rows,
    { phase: 'other (process start, modules, between phases)', ms: totalMs - claimed, count: 1 },
  ];
  const cells = all.map((r) => [
    r.phase,
    r.count > 1 ? String(r.count) : '',
    (r.ms / 1000).toFixed(2),
    `${((100 * r.ms) / totalMs).toFixed(0)}%`,
  ]);
  cells.push(['total', '', (totalMs / 1000).toFixed(2), '100%']);
  return table(['phase', 'times', 's', 'share'], cells);
}
