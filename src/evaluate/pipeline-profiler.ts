/**
 * The real profiler: each staged split is a `couper run` through the
 * run orchestrator's programmatic API (prepareRun + applyRun), with the
 * stages placed on tiers as topology.ts says and the run's summary returned
 * as the metrics.
 *
 * Each run gets its own staging area (a new run id, built and removed by the
 * run), planned from the infrastructure with the job's staging options; its
 * fidelity and time dilation are noted on the result. Without `staging` the
 * stages run on this host without limits, and the result says so.
 */
import type { Logger } from '../core/log.js';
import type { PhaseTimes } from '../core/phases.js';
import type { SourceSpec } from '../pipeline/frame-source.js';
import { PrepareCache, prepareRun, type RunRequest } from '../run/prepare.js';
import { pacingDilation } from '../run/pacing.js';
import { pacedNotes } from '../run/run-plan.js';
import { applyPacedRun, atLeastDilated, pacingNotes } from '../run/pacing-lag.js';
import { applyRun, type RunReport } from '../run/run.js';
import type { SiteFactory } from '../run/sites/site.js';
import { stagedSite, stagedSettings } from '../run/sites/staged.js';
import type { ShapeSource } from '../slice/shapes.js';
import {
  makeStagingPlan,
  newRunId,
  probeHost,
  type HostFacts,
  type Infra,
  type PlanOptions,
  type StagingPlan,
} from '../staging/index.js';
import type { ProfileOptions, Profiler } from './profiler.js';
import type { ProfileResult, SplitSpec } from './types.js';

export interface PipelineProfilerOptions {
  readonly model: string;
  readonly infra: Infra;
  /** Camera input; the bundled video when absent. */
  readonly source?: SourceSpec;
  readonly video?: string;
  readonly profile?: string;
  readonly queue?: number;
  readonly threads?: number;
  /** Execution provider where a tier names none ('cpu' when absent). */
  readonly executionProvider?: string;
  /** Refuse synthetic device profiles on paced tiers. */
  readonly noSynthetic?: boolean;
  readonly drainMs?: number;
  readonly log?: Logger;
  /** Stage every run on the infrastructure's tiers (the staging area's plan options and backend). */
  readonly staging?: { readonly plan: PlanOptions; readonly backend: string };
  /** How each run learns tensor shapes (default auto). */
  readonly shapes?: ShapeSource;
  /** Where each run's time goes (prepare, stage setup, start, warm-up, measure, teardown). */
  readonly phases?: PhaseTimes;
  /** This host's facts for planning each run's staging area; probed once, on the first run, when absent. */
  readonly host?: HostFacts;
  /** The model as the evaluation already read it; each run reads and analyses it anew when absent. */
  readonly prepareCache?: PrepareCache;
}

export const UNSTAGED_NOTE =
  'tiers not staged: every stage ran on this host without CPU limits or link emulation';

export function pipelineProfiler(opts: PipelineProfilerOptions): Profiler {
  // Probing runs host tools (ip, tc): once per evaluation, not once per run.
  let host = opts.host;
  const cache = opts.prepareCache ?? new PrepareCache();
  return {
    async profile(split: SplitSpec, o: ProfileOptions): Promise<ProfileResult> {
      host ??= opts.staging ? probeHost() : undefined;
      const planned =
        opts.staging && host ? makeStagingPlan(opts.infra, host, newRunId(), opts.staging.plan) : null;
      const request = runRequest(opts, split, o, planned);
      const prepared = opts.phases
        ? await opts.phases.time('prepare run (model, shapes, cut)', () => prepareRun(request, cache))
        : await prepareRun(request, cache);
      const apply = (site?: SiteFactory): Promise<RunReport> =>
        applyRun(prepared, {
          ...(opts.log && { log: opts.log }),
          ...(o.signal && { signal: o.signal }),
          ...(opts.phases && { phases: opts.phases }),
          ...(site && { site }),
        });
      if (!planned || !opts.staging) {
        const report = await apply();
        return {
          status: 'ok',
          metrics: report.summary,
          notes: [UNSTAGED_NOTE, ...pacedNotes(prepared.plan)],
        };
      }
      const { backend, plan: planOptions } = opts.staging;
      let used = planned;
      const report = await applyPacedRun(
        atLeastDilated(planned, (minDilation) =>
          makeStagingPlan(opts.infra, probeHost(), planned.runId, { ...planOptions, minDilation }),
        ),
        (staging) => apply(() => stagedSite((used = staging), prepared.plan, backend)),
        { dilation: pacingDilation(prepared.plan), ...(opts.log && { log: opts.log }) },
      );
      return {
        status: 'ok',
        metrics: report.summary,
        notes: [...stagingNotes(used), ...pacedNotes(prepared.plan), ...pacingNotes(report.pacing)],
      };
    },
  };
}

function stagingNotes(plan: StagingPlan): string[] {
  const { network, delay, cpu } = plan.fidelity;
  return [
    `staged: ${network}, delay by ${delay}, CPU by ${cpu}, time dilated ×${plan.scaling.dilation.toFixed(2)} (figures undilated)`,
  ];
}

export function runRequest(
  opts: PipelineProfilerOptions,
  split: SplitSpec,
  o: ProfileOptions,
  stagingPlan: StagingPlan | null = null,
): RunRequest {
  return {
    model: opts.model,
    // Tensor names rather than the id: the orchestrator need not search every algorithm again,
    // and candidates from a plug-in algorithm resolve too.
    split: split.kind === 'candidate' ? [split.candidate.tensors.map((t) => t.name).join(',')] : ['none'],
    ...(opts.source && { source: opts.source }),
    ...(opts.video !== undefined && { video: opts.video }),
    ...(opts.profile !== undefined && { profile: opts.profile }),
    ...(opts.shapes && { shapes: opts.shapes }),
    settings: {
      ...(o.fps !== undefined && { fps: o.fps }),
      frames: o.frames,
      warmup: o.warmup,
      queue: opts.queue ?? 1,
      threads: opts.threads ?? 1,
      ...(opts.noSynthetic && { noSynthetic: true }),
      ...(opts.executionProvider !== undefined && { executionProvider: opts.executionProvider }),
      encoding: 'raw',
      placement: o.placement,
      ...(stagingPlan && { staged: stagedSettings(stagingPlan) }),
      stageDelay: {},
      maxInFlight: 1,
      deadlineMs: 10_000,
      drainMs: opts.drainMs ?? 5000,
    },
  };
}
