/**
 * The evaluation loop (paper Figure 7): measure the baselines, let the method
 * prune, then stage what it picks until it stops or nothing is left. Each
 * finished run goes to the journal at once, and a run the journal already
 * holds is reused, not staged again (--resume). Then the referee's second
 * look (settle.ts) re-stages close calls within the confidence budget. Pure of files except through
 * the Journal and the Profiler it is given.
 */
import { CONFIDENCE_LEVEL } from '../core/bootstrap.js';
import type { DeviceProfile } from '../pipeline/device-profile.js';
import { PluginError } from '../core/errors.js';
import type { Infra } from '../staging/index.js';
import type { Candidate } from '../slice/candidates.js';
import type { Journal } from './journal.js';
import { firstUnstaged, inputSideOrder, type MethodContext, type SelectionMethod } from './methods/method.js';
import { DEFAULT_CONFIDENCE_BUDGET, type ConfidenceBudget } from './confidence.js';
import type { Profiler } from './profiler.js';
import { settle, type Certainty } from './settle.js';
import { Stager } from './stager.js';
import { topologyOf } from './topology.js';
import {
  BASELINES,
  type Constraints,
  type Objective,
  type Prediction,
  type RunRecord,
  type SplitSpec,
} from './types.js';

export interface EvaluationInput {
  readonly candidates: readonly Candidate[];
  readonly infra: Infra;
  readonly method: SelectionMethod;
  readonly objective: Objective;
  readonly constraints: Constraints;
  readonly frames: number;
  readonly warmup: number;
  readonly fps: number;
  readonly minFrames: number;
  /**
   * The most measured frames an insufficient run is staged again with
   * (profiler.ts extendedFrames); `frames` turns that off. EXTEND_FACTOR × frames when absent.
   */
  readonly maxFrames?: number;
  /** What the referee may spend re-staging close calls; DEFAULT_CONFIDENCE_BUDGET when absent. */
  readonly confidenceBudget?: ConfidenceBudget;
  /** Share of compute in a candidate's head; FLOPs share when absent. */
  readonly headShare?: (c: Candidate) => number;
  /** Tier → the device profile that paces it, for methods that predict (paced tiers only). */
  readonly tierProfiles?: Readonly<Record<string, DeviceProfile>>;
}

export interface ProgressEvent {
  readonly index: number;
  readonly total: number;
  readonly key: string;
  readonly best: { readonly key: string; readonly value: number } | null;
  readonly etaMs: number;
}

export interface EvaluationDeps {
  readonly profiler: Profiler;
  readonly journal?: Journal;
  readonly onProgress?: (event: ProgressEvent) => void;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

export interface Evaluation {
  readonly baselines: readonly RunRecord[];
  /** Candidate runs in the order they were staged. */
  readonly runs: readonly RunRecord[];
  readonly kept: readonly string[];
  readonly pruned: readonly { readonly id: string; readonly reason: string }[];
  readonly predictions: Readonly<Record<string, Prediction>>;
  readonly stopReason: string;
  /** Every split once, its re-stages pooled in: what the referee decides on. */
  readonly settled: readonly RunRecord[];
  /** The referee's re-stages as measured, in order. */
  readonly repeats: readonly RunRecord[];
  /** Whether the best run is clear of the others, and what it took to find out. */
  readonly certainty: Certainty;
  /** Keys taken from the journal instead of being staged. */
  readonly reused: readonly string[];
  readonly elapsedMs: number;
}

export async function evaluate(input: EvaluationInput, deps: EvaluationDeps): Promise<Evaluation> {
  const now = deps.now ?? (() => performance.now());
  const t0 = now();
  const candidates = inputSideOrder(input.candidates);
  const stager = new Stager(input, deps, now, 3 + candidates.length);
  const baselines: RunRecord[] = [];
  for (const baseline of BASELINES) baselines.push(await stager.stage({ kind: 'baseline', baseline }));
  const ctx: MethodContext = {
    candidates,
    infra: input.infra,
    topology: topologyOf(input.infra),
    fps: input.fps,
    objective: input.objective,
    constraints: input.constraints,
    baselines,
    headShare: input.headShare ?? flopsShare,
    ...(input.tierProfiles && { tierProfiles: input.tierProfiles }),
  };
  const method = input.method;
  const pruning = (await method.prune?.(ctx)) ?? { keep: candidates };
  const keptIds = new Set(pruning.keep.map((k) => resolve(k, candidates, method).id));
  const kept = candidates.filter((c) => keptIds.has(c.id));
  stager.total = 3 + kept.length;
  const { history, stopReason } = await walk(ctx, method, kept, stager);
  const splits = new Map<string, SplitSpec>([
    ...BASELINES.map((b): [string, SplitSpec] => [b, { kind: 'baseline', baseline: b }]),
    ...candidates.map((c): [string, SplitSpec] => [c.id, { kind: 'candidate', candidate: c }]),
  ]);
  const settled = await settle([...baselines, ...history], splits, stager, {
    objective: input.objective,
    constraints: input.constraints,
    budget: input.confidenceBudget ?? DEFAULT_CONFIDENCE_BUDGET,
    level: CONFIDENCE_LEVEL,
  });
  return {
    baselines,
    runs: history,
    kept: kept.map((c) => c.id),
    pruned:
      pruning.pruned ??
      candidates.filter((c) => !keptIds.has(c.id)).map((c) => ({ id: c.id, reason: 'pruned' })),
    predictions: pruning.predictions ?? {},
    stopReason,
    settled: settled.records,
    repeats: settled.repeats,
    certainty: settled.certainty,
    reused: stager.reused,
    elapsedMs: now() - t0,
  };
}

/** Stage what the method picks, one at a time, until it returns null or gives a reason to stop. */
async function walk(
  ctx: MethodContext,
  method: SelectionMethod,
  kept: readonly Candidate[],
  stager: Stager,
): Promise<{ history: RunRecord[]; stopReason: string }> {
  const history: RunRecord[] = [];
  for (;;) {
    const state = { kept, history };
    const pick = method.next ? method.next(ctx, state) : firstUnstaged(state);
    if (pick === null) return { history, stopReason: 'every kept candidate was staged' };
    const candidate = resolve(pick, ctx.candidates, method);
    if (history.some((r) => r.key === candidate.id))
      throw new PluginError(`method '${method.name}' chose '${candidate.id}' again`);
    history.push(await stager.stage({ kind: 'candidate', candidate }));
    const reason = method.stop?.(ctx, { kept, history }) ?? null;
    if (reason !== null) return { history, stopReason: reason };
  }
}

export function flopsShare(c: Candidate): number {
  const total = c.headFlops + c.tailFlops;
  return total > 0 ? c.headFlops / total : c.headOps / (c.headOps + c.tailOps);
}

/** A method's pick (a candidate or an id) as one of the candidates, or a PluginError. */
function resolve(
  pick: Candidate | string,
  candidates: readonly Candidate[],
  method: SelectionMethod,
): Candidate {
  const id = typeof pick === 'string' ? pick : (pick as Partial<Candidate> | null)?.id;
  const found = candidates.find((c) => c.id === id);
  if (!found)
    throw new PluginError(`method '${method.name}' returned '${String(id)}', which is not a candidate`);
  return found;
}
