/**
 * The runs of an evaluation as its report lists them: the baselines first,
 * then the candidate runs input side first (the cut profile's order), each
 * with its measured figures and what the method predicted for it. Pure.
 */
import { networkBytes } from '../evaluate/referee.js';
import { BASELINES } from '../evaluate/types.js';
import type { DecisionData, ResultsData, RunData } from './input-schema.js';

export interface RunRow {
  readonly key: string;
  readonly kind: 'candidate' | 'baseline';
  readonly status: RunData['status'];
  readonly chosen: boolean;
  readonly headShare: number | null;
  readonly latencyMean: number | null;
  readonly latencyP90: number | null;
  readonly dropRate: number | null;
  readonly fpsOut: number | null;
  readonly networkBytes: number | null;
  readonly predictedLatency: number | null;
  readonly predictedDropRate: number | null;
  readonly reason: string | null;
}

export interface PredictionRow {
  readonly id: string;
  readonly predictedLatency: number;
  readonly measuredLatency: number | null;
  readonly latencyError: number | null;
  readonly predictedDropRate: number;
  readonly measuredDropRate: number | null;
  readonly bottleneck: string;
}

export function runRows(results: ResultsData, d: DecisionData): RunRow[] {
  const shares = new Map((results.setup?.candidates ?? []).map((c) => [c.id, c.headShare] as const));
  const order = new Map((results.setup?.candidates ?? []).map((c, i) => [c.id, i] as const));
  const predicted = new Map(d.predictions.map((p) => [p.id, p.predicted] as const));
  // Without a candidate list (an older results.json), the order they were staged in.
  const staged = new Map(results.runs.map((r, i) => [r, i] as const));
  const rank = (r: RunData): number =>
    r.kind === 'baseline'
      ? (BASELINES as readonly string[]).indexOf(r.key) - BASELINES.length
      : (order.get(r.key) ?? staged.get(r) ?? 0);
  return [...results.runs]
    .sort((a, b) => rank(a) - rank(b))
    .map((r) => {
      const m = r.metrics;
      const p = predicted.get(r.key);
      return {
        key: r.key,
        kind: r.kind,
        status: r.status,
        chosen: r.key === d.chosen?.key,
        headShare: r.kind === 'baseline' ? null : (shares.get(r.key) ?? null),
        latencyMean: m?.latencyMs?.mean ?? null,
        latencyP90: m?.latencyMs?.p90 ?? null,
        dropRate: m?.dropRate ?? null,
        fpsOut: m?.fpsOut ?? null,
        networkBytes: m ? networkBytes({ placement: r.placement, metrics: m }) : null,
        predictedLatency: p?.latencyMs ?? null,
        predictedDropRate: p?.dropRate ?? null,
        reason: r.reason ?? null,
      };
    });
}

export function predictionRows(d: DecisionData): PredictionRow[] {
  return d.predictions.map((p) => ({
    id: p.id,
    predictedLatency: p.predicted.latencyMs,
    measuredLatency: p.measured?.latencyMs ?? null,
    latencyError: p.latencyError,
    predictedDropRate: p.predicted.dropRate,
    measuredDropRate: p.measured?.dropRate ?? null,
    bottleneck: p.predicted.bottleneck,
  }));
}
