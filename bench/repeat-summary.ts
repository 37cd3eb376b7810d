/**
 * What `bench:repeat` says of one case and method over its repeats: how
 * many agree with the most common decision before and after the referee
 * used intervals, how many were ties, the extra runs spent, whether two
 * repeats called different placements "clear" (what must never happen),
 * and the mean time to decision; and how far runs of one split move from
 * one to the next, beside the referee's between-run floor.
 */

/** One repeat of one method. */
export interface Outcome {
  readonly method: string;
  /** The point-estimate referee's pick over each split's first run. */
  readonly before: string;
  /** The decision with intervals and re-staging. */
  readonly after: string;
  readonly verdict: 'clear' | 'tie';
  /** The runner-up's first-run mean latency over the best's, less 1; null with fewer than two. */
  readonly margin: number | null;
  readonly extraRuns: number;
  /** Wall time of the runs it asked for: first runs only (before), and all (after). */
  readonly beforeMs: number;
  readonly afterMs: number;
}

export interface CaseSummary {
  readonly model: string;
  readonly preset: string;
  readonly method: string;
  readonly repeats: number;
  readonly agreeBefore: number;
  readonly agreeAfter: number;
  readonly ties: number;
  readonly extraRuns: number;
  readonly extraPerRepeat: readonly number[];
  readonly conflictingClear: boolean;
  readonly ttdBeforeS: number;
  readonly ttdAfterS: number;
  /** Each repeat's decision, 'key' or 'key (tie)'. */
  readonly decisions: string;
  /** Each repeat's margin of the runner-up behind the best (first runs), in percent. */
  readonly margins: string;
}

/** How many of the values equal the most common one. */
export function modalCount(values: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

export function summarise(
  model: string,
  preset: string,
  method: string,
  outs: readonly Outcome[],
): CaseSummary {
  const clear = new Set(outs.filter((o) => o.verdict === 'clear').map((o) => o.after));
  const mean = (f: (o: Outcome) => number): number =>
    outs.length === 0 ? 0 : outs.reduce((s, o) => s + f(o), 0) / outs.length;
  return {
    model,
    preset,
    method,
    repeats: outs.length,
    agreeBefore: modalCount(outs.map((o) => o.before)),
    agreeAfter: modalCount(outs.map((o) => o.after)),
    ties: outs.filter((o) => o.verdict === 'tie').length,
    extraRuns: outs.reduce((s, o) => s + o.extraRuns, 0),
    extraPerRepeat: outs.map((o) => o.extraRuns),
    conflictingClear: clear.size > 1,
    ttdBeforeS: mean((o) => o.beforeMs) / 1000,
    ttdAfterS: mean((o) => o.afterMs) / 1000,
    decisions: outs.map((o) => (o.verdict === 'tie' ? `${o.after} (tie)` : o.after)).join(', '),
    margins: outs.map((o) => (o.margin === null ? '–' : `${(100 * o.margin).toFixed(0)}%`)).join(', '),
  };
}

/** How far runs of one split move: half their range over their mean, per split measured at least twice. */
export interface RunSpread {
  readonly splits: number;
  readonly median: number;
  readonly max: number;
  readonly maxKey: string;
}

export function runSpread(
  runs: readonly { readonly key: string; readonly meanMs: number }[],
): RunSpread | null {
  const byKey = new Map<string, number[]>();
  for (const r of runs) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r.meanMs]);
  const spreads = [...byKey]
    .filter(([, xs]) => xs.length >= 2)
    .map(([key, xs]) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      return { key, spread: (Math.max(...xs) - Math.min(...xs)) / 2 / mean };
    })
    .sort((a, b) => a.spread - b.spread);
  if (spreads.length === 0) return null;
  const last = spreads[spreads.length - 1]!;
  return {
    splits: spreads.length,
    median: spreads[Math.floor((spreads.length - 1) / 2)]!.spread,
    max: last.spread,
    maxKey: last.key,
  };
}
