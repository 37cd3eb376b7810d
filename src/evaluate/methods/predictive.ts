/**
 * predictive (ours): predict every candidate from the baselines (each tier
 * profiled once, inside its limits) and an operator profile, stage only the
 * best k to confirm, and report predicted against measured for those.
 * Candidates the model expects to break a constraint rank after those that
 * meet it, so k still get staged when none is expected to pass.
 */
import type { Candidate } from '../../slice/candidates.js';
import { calibrate, predict } from '../predict.js';
import { predictedValue, violation } from '../referee.js';
import type { Prediction } from '../types.js';
import type { MethodContext, PruneResult, SelectionMethod } from './method.js';

export const DEFAULT_CONFIRM = 3;

export function predictiveMethod(k = DEFAULT_CONFIRM): SelectionMethod {
  return {
    name: 'predictive',
    description: `predict every candidate from one profile per tier; stage the best ${k} to confirm`,
    prune: (ctx) => predictivePrune(ctx, k),
  };
}

function predictivePrune(ctx: MethodContext, k: number): PruneResult {
  const cal = calibrate(ctx);
  if (!cal) {
    const keep = ctx.candidates.slice(0, k);
    const reason = 'no edge-only/cloud-only figures to predict from; kept the first candidates instead';
    return { keep, pruned: ctx.candidates.slice(k).map((c) => ({ id: c.id, reason })) };
  }
  const predictions: Record<string, Prediction> = {};
  for (const c of ctx.candidates) predictions[c.id] = predict(ctx, cal, c);
  const score = (c: Candidate): [number, number] => {
    const p = predictions[c.id]!;
    const breaks = violation({ latencyMs: p.latencyMs, dropRate: p.dropRate }, ctx.constraints) !== null;
    return [breaks ? 1 : 0, predictedValue(p, ctx.objective)];
  };
  const ranked = [...ctx.candidates].sort((a, b) => {
    const [ba, va] = score(a);
    const [bb, vb] = score(b);
    return ba - bb || va - vb || a.bytes - b.bytes || a.id.localeCompare(b.id);
  });
  const best = new Set(ranked.slice(0, k).map((c) => c.id));
  const rank = new Map(ranked.map((c, i) => [c.id, i + 1] as const));
  return {
    keep: ctx.candidates.filter((c) => best.has(c.id)),
    pruned: ctx.candidates
      .filter((c) => !best.has(c.id))
      .map((c) => ({
        id: c.id,
        reason: `predicted rank ${rank.get(c.id)} of ${ranked.length}, not in the best ${k}`,
      })),
    predictions,
  };
}

export const predictive = predictiveMethod();
