/**
 * The referee's second look (docs/EVALUATION.md, "How sure the decision
 * is"): when the best run's 95% interval on the objective overlaps another
 * eligible run's, the measurements cannot tell them apart yet. Re-stage the
 * overlapping contenders (the least measured first), pool each split's runs,
 * and look again, until the intervals separate ("clear") or the
 * --confidence-budget is spent ("tie", settled by the documented tie-break
 * in confidence.ts). A split measured once has its latency interval
 * widened by a between-run floor (refereeInterval), so the best and a close
 * runner-up are each measured at least twice before a call is "clear".
 */
import type { Interval } from '../pipeline/intervals.js';
import {
  canNarrow,
  objectiveInterval,
  pooledRecord,
  refereeInterval,
  rivalsOf,
  tieBreak,
  type ConfidenceBudget,
} from './confidence.js';
import { referee } from './referee.js';
import type { Stager } from './stager.js';
import { splitKey, type Constraints, type Objective, type RunRecord, type SplitSpec } from './types.js';

export interface ContenderFigures {
  readonly key: string;
  readonly value: number | null;
  /** 95% interval on the objective, as the referee compared it (widened by the between-run floor while one run). */
  readonly interval: Interval | null;
  readonly runs: number;
  /** Processed frames the figures rest on, over every run pooled. */
  readonly frames: number;
}

export interface Certainty {
  readonly verdict: 'clear' | 'tie';
  readonly level: number;
  /** The best run and those the measurements could not tell from it, best first; just the best when clear. */
  readonly contenders: readonly ContenderFigures[];
  /** Re-stages, in order, with how long each took. */
  readonly extraRuns: readonly {
    readonly key: string;
    readonly repeat: number;
    readonly status: string;
    readonly wallMs: number;
  }[];
  readonly budget: ConfidenceBudget;
  /** Why the re-staging stopped. */
  readonly stopped: string;
  /** A tie only: the split the tie-break picked and the rule that decided. */
  readonly tieBreak?: { readonly pick: string; readonly why: string };
}

export interface Settled {
  /** Every split once, its runs pooled. */
  readonly records: readonly RunRecord[];
  /** The re-stage records, as measured (results.json keeps them). */
  readonly repeats: readonly RunRecord[];
  readonly certainty: Certainty;
}

/** A bound on re-stages whatever the budget says (a seconds budget over runs that take no time would never end). */
export const MAX_EXTRA_RUNS = 100;

export interface SettleInput {
  readonly objective: Objective;
  readonly constraints: Constraints;
  readonly budget: ConfidenceBudget;
  readonly level: number;
}

/** Re-stage overlapping contenders until they separate or the budget is spent. */
export async function settle(
  first: readonly RunRecord[],
  splits: ReadonlyMap<string, SplitSpec>,
  stager: Stager,
  input: SettleInput,
): Promise<Settled> {
  const { objective, constraints, budget } = input;
  const measured = new Map<string, RunRecord[]>(first.map((r) => [r.key, [r]]));
  const repeats: RunRecord[] = [];
  const startMs = stager.stagedMs;
  const pooled = (): RunRecord[] => [...measured.values()].map(pooledRecord);
  const spent = (): string | null => {
    if (repeats.length >= MAX_EXTRA_RUNS)
      return `${MAX_EXTRA_RUNS} extra runs, the most ever made, are spent`;
    if (budget.runs !== undefined && repeats.length >= budget.runs)
      return `the budget of ${budget.runs} extra runs is spent`;
    if (budget.seconds !== undefined && stager.stagedMs - startMs >= budget.seconds * 1000)
      return `the budget of ${budget.seconds} s of re-staging is spent`;
    return null;
  };
  for (;;) {
    const ranked = referee(pooled(), objective, constraints).ranked;
    const rivals = rivalsOf(ranked, objective);
    const contenders = ranked.slice(0, 1).concat(rivals);
    const stop =
      ranked.length === 0
        ? 'no eligible run'
        : rivals.length === 0
          ? 'the best run is clear of every other'
          : !canNarrow(contenders, objective)
            ? 'their figures are exact (no spread to narrow)'
            : spent();
    if (stop !== null) {
      const certainty = verdictOf(contenders, objective, repeats, input, stop);
      return { records: pooled(), repeats, certainty };
    }
    // The least measured contender first, so a budget that runs out leaves them even.
    const next = [...contenders].sort((a, b) => (a.runs ?? 1) - (b.runs ?? 1))[0]!;
    const split = splits.get(next.key)!;
    const list = measured.get(splitKey(split))!;
    const record = await stager.repeat(split, list.length);
    list.push(record);
    repeats.push(record);
  }
}

function verdictOf(
  contenders: readonly RunRecord[],
  objective: Objective,
  repeats: readonly RunRecord[],
  input: SettleInput,
  stopped: string,
): Certainty {
  const tie = contenders.length > 1;
  const picked = tie ? tieBreak(contenders, objective) : null;
  // A tie lists the pick first: it is the decision.
  const ordered = picked ? [picked.pick, ...contenders.filter((c) => c !== picked.pick)] : contenders;
  return {
    verdict: tie ? 'tie' : 'clear',
    level: input.level,
    contenders: ordered.map((r) => figuresOf(r, objective)),
    extraRuns: repeats.map((r) => ({
      key: r.key,
      repeat: r.repeat ?? 0,
      status: r.status,
      wallMs: r.wallMs,
    })),
    budget: input.budget,
    stopped,
    ...(picked && { tieBreak: { pick: picked.pick.key, why: picked.why } }),
  };
}

function figuresOf(r: RunRecord, objective: Objective): ContenderFigures {
  const m = r.metrics;
  const value =
    objective === 'latency'
      ? (m?.latencyMs?.mean ?? null)
      : objective === 'drop-rate'
        ? (m?.dropRate ?? null)
        : (objectiveInterval(r, objective)?.[0] ?? null);
  return {
    key: r.key,
    value,
    interval: refereeInterval(r, objective),
    runs: r.runs ?? 1,
    frames: m?.framesUsed ?? 0,
  };
}
