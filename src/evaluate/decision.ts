/**
 * The decision as data: which split, for which objective, why, how it
 * compares with each baseline, and what the method listed, pruned and staged.
 * Built by a pure function from an Evaluation; results.ts writes it.
 */
import { referee, networkBytes, objectiveValue } from './referee.js';
import type { Evaluation } from './evaluate.js';
import type { Constraints, Objective, Prediction, RunRecord } from './types.js';

export interface DecisionContext {
  readonly model: string;
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
  readonly chosen:
    ({ readonly key: string; readonly kind: RunRecord['kind']; readonly value: number } & Figures) | null;
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
  readonly reusedFromJournal: readonly string[];
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

export function makeDecision(ctx: DecisionContext, ev: Evaluation): Decision {
  const all = [...ev.baselines, ...ev.runs];
  const verdict = referee(all, ctx.objective, ctx.constraints);
  const best = verdict.chosen;
  const value = best ? objectiveValue(best, ctx.objective) : null;
  const baselines = Object.fromEntries(
    ev.baselines.map((b) => {
      const v = objectiveValue(b, ctx.objective);
      const improvement = value !== null && v !== null && v > 0 && b.status === 'ok' ? (v - value) / v : null;
      return [b.key, { status: b.status, value: v, improvement }];
    }),
  );
  return {
    ...ctx,
    chosen: best && value !== null ? { key: best.key, kind: best.kind, value, ...figuresOf(best)! } : null,
    why: explain(ctx, verdict.ranked, verdict.excluded.length, best),
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
          ev.runs.find((r) => r.key === id),
        ),
      ),
    reusedFromJournal: ev.reused,
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

const OBJECTIVE_WORDS: Record<Objective, string> = {
  latency: 'the lowest mean latency',
  'drop-rate': 'the lowest drop rate',
  bytes: 'the fewest bytes on the network per frame',
};

function explain(
  ctx: DecisionContext,
  ranked: readonly RunRecord[],
  excluded: number,
  best: RunRecord | null,
): string {
  const limits = [
    ctx.constraints.maxLatencyMs !== undefined ? `latency ≤ ${ctx.constraints.maxLatencyMs} ms` : '',
    ctx.constraints.maxDropRate !== undefined ? `drop rate ≤ ${ctx.constraints.maxDropRate}` : '',
  ].filter((s) => s !== '');
  const within = limits.length ? ` within ${limits.join(' and ')}` : '';
  if (!best) return `no run had usable figures${within} (${excluded} excluded)`;
  const what = best.kind === 'baseline' ? `${best.key} (no staged split beat it)` : `split ${best.key}`;
  return `${what} has ${OBJECTIVE_WORDS[ctx.objective]}${within} of ${ranked.length} eligible runs; ${excluded} excluded (failed, too few frames or over a limit)`;
}
