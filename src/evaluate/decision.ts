/**
 * The decision as data: which split, for which objective, why, how it
 * compares with each baseline, and what the method listed, pruned and staged.
 * Built by a pure function from an Evaluation; results.ts writes it.
 */
import type { Infra } from '../staging/index.js';
import { referee, networkBytes, objectiveValue, type Exclusion, type ExclusionCause } from './referee.js';
import type { Evaluation } from './evaluate.js';
import type { Certainty } from './settle.js';
import type { Constraints, Objective, Prediction, RunRecord } from './types.js';

/**
 * The version of decision.json's layout. 2 added `formatVersion` and
 * `subject` (what `couper publish --decision` rebuilds the split from); files
 * without it are version 1 and cannot be published.
 */
export const DECISION_FORMAT = 2;

/**
 * What was evaluated, so a decision can be published without the command
 * line that made it: the model file and its content hash (a changed model is
 * refused), the whole infrastructure as staged, and the profile.
 */
export interface DecisionSubject {
  /** Absolute path of the model file. */
  readonly modelPath: string;
  /** SHA-256 of the model file's bytes (hex). */
  readonly modelSha256: string;
  readonly infra: Infra;
  /** The model profile (bundled name or file) the runs used. */
  readonly profile: string;
}

export interface DecisionContext {
  readonly model: string;
  /** Absent only where a decision is made without files (tests, benchmarks). */
  readonly subject?: DecisionSubject;
  readonly infra: string;
  readonly method: string;
  readonly objective: Objective;
  readonly constraints: Constraints;
  readonly listed: number;
  /** Tiers paced by a device profile: which profile, its provenance, and whether it is a synthetic what-if. */
  readonly paced?: readonly {
    readonly tier: string;
    readonly profile: string;
    readonly label: string;
    readonly synthetic: boolean;
  }[];
}

export interface Figures {
  readonly latencyMs: number | null;
  readonly dropRate: number | null;
  readonly fpsOut: number | null;
  readonly bytesPerFrame: number | null;
}

export interface Decision extends DecisionContext {
  readonly formatVersion: number;
  readonly chosen:
    | ({
        readonly key: string;
        readonly kind: RunRecord['kind'];
        readonly value: number;
        /** The split as `couper run --split/--at` takes it: candidate ids, or ['none'] for a baseline. */
        readonly split: readonly string[];
        /** Stage name → tier it ran on. */
        readonly placement: Readonly<Record<string, string>>;
      } & Figures)
    | null;
  readonly why: string;
  /** Per baseline: its objective value and the chosen split's improvement over it ((base − chosen) / base). */
  readonly baselines: Readonly<
    Record<string, { status: string; value: number | null; improvement: number | null }>
  >;
  readonly candidates: {
    readonly listed: number;
    readonly pruned: readonly { readonly id: string; readonly reason: string }[];
    readonly kept: readonly string[];
    readonly staged: readonly string[];
    readonly failed: readonly { readonly key: string; readonly reason: string }[];
    readonly stopReason: string;
  };
  readonly predictions: readonly {
    id: string;
    predicted: Prediction;
    measured: Figures | null;
    latencyError: number | null;
  }[];
  /**
   * How sure the decision is: "clear" when the chosen run's 95% interval on
   * the objective overlaps no other eligible run's, "tie" when the extra
   * runs the budget allowed could not separate them; the contenders'
   * intervals and the extra runs.
   */
  readonly certainty: Certainty;
  readonly reusedFromJournal: readonly string[];
  /** Splits whose figures came from the run cache (an identical earlier run), not a new measurement. */
  readonly reusedFromCache: readonly string[];
  readonly timeToDecisionMs: number;
}

export function figuresOf(r: RunRecord | undefined): Figures | null {
  const m = r?.metrics;
  if (!r || !m) return null;
  return {
    latencyMs: m.latencyMs?.mean ?? null,
    dropRate: m.dropRate,
    fpsOut: m.fpsOut,
    bytesPerFrame: networkBytes(r),
  };
}

export function makeDecision(
  ctx: DecisionContext,
  ev: Evaluation,
  reusedFromCache: readonly string[] = [],
): Decision {
  const all = ev.settled;
  const verdict = referee(all, ctx.objective, ctx.constraints);
  const picked = ev.certainty.tieBreak?.pick;
  const best = (picked !== undefined ? all.find((r) => r.key === picked) : undefined) ?? verdict.chosen;
  const value = best ? objectiveValue(best, ctx.objective) : null;
  const baselines = Object.fromEntries(
    ev.baselines.map((b) => {
      const v = objectiveValue(b, ctx.objective);
      const improvement = value !== null && v !== null && v > 0 && b.status === 'ok' ? (v - value) / v : null;
      return [b.key, { status: b.status, value: v, improvement }];
    }),
  );
  return {
    formatVersion: DECISION_FORMAT,
    ...ctx,
    chosen:
      best && value !== null
        ? {
            key: best.key,
            kind: best.kind,
            value,
            split: best.kind === 'baseline' ? ['none'] : [best.key],
            placement: best.placement,
            ...figuresOf(best)!,
          }
        : null,
    why: [
      explain(ctx, verdict.ranked, verdict.excluded, best, ev.certainty.verdict === 'tie'),
      certaintyWords(ev.certainty, ctx.objective),
    ]
      .filter((w) => w !== '')
      .join('; '),
    baselines,
    candidates: {
      listed: ctx.listed,
      pruned: ev.pruned,
      kept: ev.kept,
      staged: ev.runs.map((r) => r.key),
      failed: all.filter((r) => r.status !== 'ok').map((r) => ({ key: r.key, reason: r.reason ?? r.status })),
      stopReason: ev.stopReason,
    },
    predictions: Object.entries(ev.predictions)
      .filter(([id]) => ev.runs.some((r) => r.key === id))
      .map(([id, predicted]) =>
        predictionRow(
          id,
          predicted,
          ev.settled.find((r) => r.key === id),
        ),
      ),
    certainty: ev.certainty,
    reusedFromJournal: ev.reused,
    reusedFromCache,
    timeToDecisionMs: ev.elapsedMs,
  };
}

function predictionRow(
  id: string,
  predicted: Prediction,
  run: RunRecord | undefined,
): Decision['predictions'][number] {
  const measured = figuresOf(run);
  const m = measured?.latencyMs ?? null;
  return {
    id,
    predicted,
    measured,
    latencyError: m !== null && m > 0 ? Math.abs(predicted.latencyMs - m) / m : null,
  };
}

/** The certainty in a sentence: plain about a tie, and about which rule settled it. */
export function certaintyWords(c: Certainty, objective: Objective): string {
  const extra = c.extraRuns.length === 0 ? 'no extra runs' : `${c.extraRuns.length} extra runs`;
  const pct = `${Math.round(c.level * 100)}%`;
  if (c.contenders.length === 0) return '';
  if (c.verdict === 'clear') return `clear: its ${pct} interval overlaps no other eligible run's (${extra})`;
  const names = c.contenders.map((x) => x.key).join(', ');
  return (
    `${names} are indistinguishable within the measured margin (${pct} intervals on ${OBJECTIVE_NAMES[objective]} ` +
    `overlap after ${extra}; ${c.stopped}); the tie-break picked ${c.tieBreak?.pick ?? '?'} because ${c.tieBreak?.why ?? '?'}`
  );
}

const OBJECTIVE_NAMES: Record<Objective, string> = {
  latency: 'mean latency',
  'drop-rate': 'drop rate',
  bytes: 'bytes per frame',
};

const OBJECTIVE_WORDS: Record<Objective, string> = {
  latency: 'the lowest mean latency',
  'drop-rate': 'the lowest drop rate',
  bytes: 'the fewest bytes on the network per frame',
};

function explain(
  ctx: DecisionContext,
  ranked: readonly RunRecord[],
  excluded: readonly Exclusion[],
  best: RunRecord | null,
  tie: boolean,
): string {
  const limits = [
    ctx.constraints.maxLatencyMs !== undefined ? `latency ≤ ${ctx.constraints.maxLatencyMs} ms` : '',
    ctx.constraints.maxDropRate !== undefined ? `drop rate ≤ ${ctx.constraints.maxDropRate}` : '',
  ].filter((s) => s !== '');
  const within = limits.length ? ` within ${limits.join(' and ')}` : '';
  if (!best) return `no run had usable figures${within} (${exclusionWords(excluded)})`;
  const what = best.kind === 'baseline' ? `${best.key} (no staged split beat it)` : `split ${best.key}`;
  const claim = tie
    ? `is chosen for ${OBJECTIVE_WORDS[ctx.objective]}`
    : `has ${OBJECTIVE_WORDS[ctx.objective]}`;
  return `${what} ${claim}${within} of ${ranked.length} eligible runs; ${exclusionWords(excluded)}`;
}

/** Each cause as it reads after the runs' names, in the order they are listed. */
const CAUSE_WORDS: Record<ExclusionCause, string> = {
  failed: 'failed',
  'too few frames': 'with too few frames',
  'over a limit': 'over a limit',
};
/** Runs named per cause up to this many; more are counted. */
const NAMED = 3;

/**
 * The excluded runs by cause, named where few ("2 excluded: cloud-only,
 * c40670ae with too few frames"), so that a reader knows which runs had no
 * say without opening results.json; the full reasons are there.
 */
export function exclusionWords(excluded: readonly Exclusion[]): string {
  if (excluded.length === 0) return 'none excluded';
  const parts = Object.entries(CAUSE_WORDS).flatMap(([cause, words]) => {
    const keys = excluded.filter((e) => e.cause === cause).map((e) => e.key);
    if (keys.length === 0) return [];
    return [`${keys.length <= NAMED ? keys.join(', ') : keys.length} ${words}`];
  });
  return `${excluded.length} excluded: ${parts.join('; ')}`;
}
