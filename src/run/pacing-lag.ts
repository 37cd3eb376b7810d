/**
 * Did the paced stages keep their promise? A paced evaluator holds each
 * result until its profile's time has passed, but it cannot give a result
 * before it has computed one: a frame whose compute ran past the hold took
 * this host's time, not the profile's. The dilation that should prevent that
 * is planned from the part timed in this process before the run (pacing.ts),
 * and inside a tier the same part computes slower: one CPU shared with the
 * stage's other threads, caches cold after the gap between frames (measured:
 * squeezenet1_1's whole model took 4.5–5.0 ms per frame in a 1-core tier
 * against 3.96 ms back to back here). So after each run the paced stages'
 * own compute is read back, and a run that lagged is staged once more,
 * dilated by as much as it lagged.
 */
import type { Logger } from '../core/log.js';
import type { StagingPlan } from '../staging/index.js';
import type { RunReport } from './run.js';

/** A run re-stages when more than this share of a paced stage's frames lagged (a GC pause is not a lag). */
export const LAG_SHARE = 0.1;
/**
 * Parts shorter than this are not chased: onnxruntime's call and the event loop's turn are a
 * fixed fraction of a millisecond that no dilation short of tens hides (bench:methods' ×10 cloud
 * had slices of 0.01–0.5 ms computing in 0.05–1.4 ms), and they add little to a frame's latency.
 * Their lag is still reported. The same bound as `staging check`'s 5% target.
 */
export const CHASE_MIN_MS = 2;
/** The quantile of compute / profile time that the new dilation must cover. */
const COVER = 0.9;
/**
 * Headroom over that quantile: more than the planning's (PACING_MARGIN), since a lag has been
 * seen and the in-tier time drifts between runs (squeezenet1_1 restaged with 1.1 still lagged on
 * 6 of 40 frames: its 90th percentile went from ×1.16 of the profile to ×1.08 of the new one).
 */
export const RESTAGE_MARGIN = 1.25;

export interface PacedLag {
  readonly stage: string;
  /** The profile's time for the stage's part, undilated. */
  readonly paceMs: number;
  /** Measured frames this stage computed. */
  readonly frames: number;
  /** Of them, those whose compute ran past the profile's time (their service time is this host's). */
  readonly lagged: number;
  /** The 90th percentile of compute / profile time (undilated both): above 1, the host lagged. */
  readonly ratio: number;
}

export interface PacingOutcome {
  readonly lags: readonly PacedLag[];
  /** The dilation of a first run that lagged, when the run was staged again more dilated; else null. */
  readonly restagedFrom: number | null;
}

/** How each paced stage's compute compared with its profile's time over the run's measured frames. */
export function pacedLags(report: Pick<RunReport, 'plan' | 'frames'>): PacedLag[] {
  return report.plan.paced.flatMap((tier) =>
    tier.stages.flatMap((s) => {
      const work = report.frames.flatMap((f) => {
        const w = f.stages[s.stage]?.workMs;
        return w === undefined ? [] : [w];
      });
      if (work.length === 0 || !(s.paceMs > 0)) return [];
      return [
        {
          stage: s.stage,
          paceMs: s.paceMs,
          frames: work.length,
          lagged: work.filter((w) => w > s.paceMs).length,
          ratio: quantile(work, COVER) / s.paceMs,
        },
      ];
    }),
  );
}

/** The dilation a run that lagged needs (null: it did not lag), from the dilation it ran at. */
export function restageDilation(lags: readonly PacedLag[], dilation: number): number | null {
  const chased = lags.filter((l) => l.paceMs >= CHASE_MIN_MS && l.lagged > l.frames * LAG_SHARE);
  const worst = Math.max(0, ...chased.map((l) => l.ratio));
  return worst > 1 ? dilation * worst * RESTAGE_MARGIN : null;
}

/**
 * Runs on a staging area dilated for the paced parts and, where the host
 * still lagged behind a profile, once more on one dilated by that lag. The
 * report says which (its `pacing`); a second lag is reported, not chased.
 */
export async function applyPacedRun(
  staging: (minDilation: number) => StagingPlan,
  apply: (plan: StagingPlan) => Promise<RunReport>,
  first: { readonly dilation: number; readonly log?: Logger },
): Promise<RunReport> {
  let plan = staging(first.dilation);
  let report = await apply(plan);
  if (report.plan.paced.length === 0) return report;
  const firstLags = pacedLags(report);
  const need = restageDilation(firstLags, plan.scaling.dilation);
  let restagedFrom: number | null = null;
  if (need !== null) {
    first.log?.info(
      `${lagLine(firstLags)}: staging the run again, time dilated ×${need.toFixed(2)} (was ×${plan.scaling.dilation.toFixed(2)})`,
    );
    restagedFrom = plan.scaling.dilation;
    plan = staging(need);
    report = await apply(plan);
  }
  return { ...report, pacing: { lags: pacedLags(report), restagedFrom } };
}

/** A staging area dilated at least so much: `plan` where it already is, else `replan`'s. */
export function atLeastDilated(
  plan: StagingPlan,
  replan: (minDilation: number) => StagingPlan,
): (minDilation: number) => StagingPlan {
  return (minDilation) => (minDilation <= plan.scaling.dilation ? plan : replan(minDilation));
}

/** What a run says about its paced stages: whether it was staged again, and which stages lagged. */
export function pacingNotes(pacing: PacingOutcome | undefined): string[] {
  if (!pacing) return [];
  const again =
    pacing.restagedFrom === null
      ? []
      : [
          `the first run lagged behind a profile at ×${pacing.restagedFrom.toFixed(2)}: staged again, more dilated`,
        ];
  return [...again, lagLine(pacing.lags) || 'every paced frame computed within its profile time'];
}

/** One line on the stages that lagged, or '' when none did. */
function lagLine(lags: readonly PacedLag[]): string {
  return lags
    .filter((l) => l.lagged > 0)
    .map(
      (l) =>
        `paced stage ${l.stage} computed past its profile's time on ${l.lagged} of ${l.frames} frames ` +
        `(90th percentile ×${l.ratio.toFixed(2)} of it` +
        (l.paceMs < CHASE_MIN_MS ? `; a part under ${CHASE_MIN_MS} ms, not chased)` : ')'),
    )
    .join('; ');
}

/** Nearest-rank quantile. */
function quantile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
