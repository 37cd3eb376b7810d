/**
 * `couper staging check --model M`: for each paced tier, run the whole model
 * on it through the real pipeline and compare the evaluator's service time
 * (undilated) with the profile's time for the model. Target: within 5% for
 * parts of 2 ms and more (shorter parts are reported without a target: the
 * event loop's turn is a sizeable share of them).
 */
import {
  makeStagingPlan,
  probeHost,
  type Infra,
  type PlanOptions,
  type StagingPlan,
} from '../staging/index.js';
import { pacingDilation } from './pacing.js';
import { prepareRun } from './prepare.js';
import { applyRun } from './run.js';
import { stagedSettings, stagedSite } from './sites/staged.js';

export const PACED_TARGET = 0.05;
export const PACED_TARGET_MIN_MS = 2;

export interface PacedCheck {
  readonly tier: string;
  readonly profile: string;
  readonly label: string;
  readonly profileMs: number;
  readonly measuredMs: number;
  readonly error: number;
  /** Null where the part is too short for the target. */
  readonly ok: boolean | null;
}

export interface PacedCheckOptions {
  readonly model: string;
  readonly frames: number;
  readonly fps: number;
  readonly backend: string;
}

export async function checkPacedTiers(
  infra: Infra,
  plan: StagingPlan,
  planOptions: PlanOptions,
  o: PacedCheckOptions,
): Promise<PacedCheck[]> {
  const out: PacedCheck[] = [];
  for (const tier of plan.tiers.filter((t) => t.profile !== null)) {
    const prepared = await prepareRun({
      model: o.model,
      split: ['none'],
      source: { kind: 'synthetic', width: 320, height: 240 },
      settings: {
        frames: o.frames,
        fps: o.fps,
        warmup: 3,
        queue: 1,
        threads: 1,
        encoding: 'raw',
        placement: { evaluator: tier.name, classifier: tier.name },
        staged: stagedSettings(plan),
        stageDelay: {},
        maxInFlight: 1,
        deadlineMs: 10_000,
        drainMs: 5000,
      },
    });
    const need = pacingDilation(prepared.plan);
    const staging =
      need > plan.scaling.dilation
        ? makeStagingPlan(infra, probeHost(), plan.runId, { ...planOptions, minDilation: need })
        : plan;
    const report = await applyRun(prepared, { site: () => stagedSite(staging, prepared.plan, o.backend) });
    const paced = prepared.plan.paced.find((p) => p.tier === tier.name);
    const profileMs = paced?.stages[0]?.paceMs ?? NaN;
    const measuredMs = report.summary.stages.evaluator0?.computeMs ?? NaN;
    const error = Math.abs(measuredMs - profileMs) / profileMs;
    out.push({
      tier: tier.name,
      profile: tier.profile ?? '',
      label: paced?.label ?? '',
      profileMs,
      measuredMs,
      error,
      ok: profileMs >= PACED_TARGET_MIN_MS ? error <= PACED_TARGET : null,
    });
  }
  return out;
}
