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
import { applyPacedRun, atLeastDilated, type PacingOutcome } from './pacing-lag.js';
import { pacingDilation, type PacedTier } from './pacing.js';
import { prepareRun } from './prepare.js';
import type { RunSettings } from './run-plan.js';
import { applyRun } from './run.js';
import { stagedSettings, stagedSite } from './sites/staged.js';

export const PACED_TARGET = 0.05;
export const PACED_TARGET_MIN_MS = 2;

export interface PacedCheck {
  readonly tier: string;
  readonly profile: string;
  readonly label: string;
  /** The profile's time for the whole model (the sum of its operators), undilated. */
  readonly profileMs: number;
  /** The evaluator's mean service time per frame, undilated; NaN when no frame got through. */
  readonly measuredMs: number;
  /** |measured − profile| / profile; NaN when no frame got through. */
  readonly error: number;
  readonly frames: number;
  /** The whole model's median time on this host, one unshared core, timed just before the run. */
  readonly hostMs: number;
  /** The time dilation the run needed so that this host kept up with the profile. */
  readonly dilation: number;
  /** Null where the part is too short for the target; false where no frame got through. */
  readonly ok: boolean | null;
  /** How the evaluator's compute compared with the profile's time, and whether the run was staged again for it. */
  readonly pacing?: PacingOutcome;
}

export interface PacedCheckOptions {
  readonly model: string;
  readonly frames: number;
  readonly fps: number;
  readonly backend: string;
}

/**
 * The run that checks one paced tier: the whole model, every stage on that
 * tier. The camera and transformer sit there too because only the evaluator's
 * service time is measured, and a paced tier need not be linked to the client.
 */
export function pacedCheckSettings(tier: string, plan: StagingPlan, o: PacedCheckOptions): RunSettings {
  return {
    frames: o.frames,
    fps: o.fps,
    warmup: 3,
    queue: 1,
    threads: 1,
    encoding: 'raw',
    placement: { camera: tier, transformer: tier, evaluator0: tier, classifier: tier },
    staged: stagedSettings(plan),
    stageDelay: {},
    maxInFlight: 1,
    deadlineMs: 10_000,
    drainMs: 5000,
  };
}

/** The verdict on one paced tier, from the run plan's pacing and what the run measured. */
export function judgePaced(
  tier: string,
  paced: readonly PacedTier[],
  run: { readonly measuredMs: number | undefined; readonly frames: number; readonly dilation: number },
): PacedCheck {
  const p = paced.find((x) => x.tier === tier);
  const profileMs = p?.stages[0]?.paceMs ?? NaN;
  const hostMs = p?.stages[0]?.hostMs ?? NaN;
  const measuredMs = run.frames > 0 ? (run.measuredMs ?? NaN) : NaN;
  const error = Math.abs(measuredMs - profileMs) / profileMs;
  const short = profileMs < PACED_TARGET_MIN_MS;
  return {
    tier,
    profile: p?.profile ?? '',
    label: p?.label ?? '',
    profileMs,
    measuredMs,
    error,
    frames: run.frames,
    hostMs,
    dilation: run.dilation,
    // A run that got no frame through measured nothing: that fails whatever the part's length.
    ok: Number.isNaN(error) ? false : short ? null : error <= PACED_TARGET,
  };
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
      settings: pacedCheckSettings(tier.name, plan, o),
    });
    const report = await applyPacedRun(
      atLeastDilated(plan, (minDilation) =>
        makeStagingPlan(infra, probeHost(), plan.runId, { ...planOptions, minDilation }),
      ),
      (staging) => applyRun(prepared, { site: () => stagedSite(staging, prepared.plan, o.backend) }),
      { dilation: pacingDilation(prepared.plan) },
    );
    out.push({
      ...judgePaced(tier.name, prepared.plan.paced, {
        measuredMs: report.summary.stages.evaluator0?.computeMs,
        frames: report.summary.framesProcessed,
        dilation: report.staging?.dilation ?? plan.scaling.dilation,
      }),
      ...(report.pacing && { pacing: report.pacing }),
    });
  }
  return out;
}
