/**
 * A folder of evaluations (a finished `bench:methods` run) as cases: the
 * evaluations of one model on one infrastructure side by side, one row per
 * method, each against the best any of them found (strongman's, which
 * stages everything, where present). Pure.
 */
import type { LoadedEvaluation } from './load.js';
import { modelName } from './format.js';

export interface MethodRow {
  readonly method: string;
  readonly listed: number;
  readonly pruned: number;
  readonly staged: number;
  readonly chosen: string | null;
  readonly value: number | null;
  /** (value − best) / best: 0 for the best, 0.1 for 10% worse. */
  readonly vsBest: number | null;
  readonly timeToDecisionMs: number;
}

export interface Case {
  readonly model: string;
  readonly infra: string;
  readonly objective: LoadedEvaluation['decision']['objective'];
  readonly methods: readonly MethodRow[];
  /** The evaluation shown in full: the one that staged the most (strongman's). */
  readonly fullest: LoadedEvaluation;
}

export function casesOf(evaluations: readonly LoadedEvaluation[]): Case[] {
  const groups = new Map<string, LoadedEvaluation[]>();
  for (const ev of evaluations) {
    const d = ev.decision;
    const key = JSON.stringify([modelName(d.model), d.infra, d.objective]);
    groups.set(key, [...(groups.get(key) ?? []), ev]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!.decision;
    const values = group.flatMap((ev) => (ev.decision.chosen ? [ev.decision.chosen.value] : []));
    const strongman = group.find((ev) => ev.decision.method === 'strongman')?.decision.chosen?.value;
    const best = strongman ?? (values.length > 0 ? Math.min(...values) : null);
    const fullest = group.reduce((a, b) =>
      b.decision.candidates.staged.length > a.decision.candidates.staged.length ? b : a,
    );
    return {
      model: modelName(first.model),
      infra: first.infra,
      objective: first.objective,
      methods: group.map((ev) => methodRow(ev, best)),
      fullest,
    };
  });
}

function methodRow(ev: LoadedEvaluation, best: number | null): MethodRow {
  const d = ev.decision;
  const value = d.chosen?.value ?? null;
  return {
    method: d.method,
    listed: d.candidates.listed,
    pruned: d.candidates.pruned.length,
    staged: d.candidates.staged.length,
    chosen: d.chosen?.key ?? null,
    value,
    vsBest: value !== null && best !== null && best > 0 ? (value - best) / best : null,
    timeToDecisionMs: d.timeToDecisionMs,
  };
}
