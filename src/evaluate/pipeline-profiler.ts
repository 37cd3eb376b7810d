/**
 * The real profiler: each staged split is a `couper run` through the
 * pipeline orchestrator's programmatic API (prepareRun + applyRun), with the
 * stages placed on tiers as topology.ts says and the run's summary returned
 * as the metrics.
 *
 * TODO(staging): the orchestrator records `placement` but does not yet stage
 * tiers (CPU limits, link delay and bandwidth); until RunRequest takes an
 * infrastructure, every tier runs on this host unlimited and each result
 * carries a note saying so.
 */
import type { Logger } from '../core/log.js';
import type { SourceSpec } from '../pipeline/frame-source.js';
import { prepareRun, type RunRequest } from '../pipeline/prepare.js';
import { applyRun } from '../pipeline/run.js';
import type { Infra } from '../staging/infra.js';
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
  readonly drainMs?: number;
  readonly log?: Logger;
}

export const UNSTAGED_NOTE =
  'tiers not staged: the orchestrator ran every stage on this host without CPU limits or link emulation';

export function pipelineProfiler(opts: PipelineProfilerOptions): Profiler {
  return {
    async profile(split: SplitSpec, o: ProfileOptions): Promise<ProfileResult> {
      const prepared = await prepareRun(runRequest(opts, split, o));
      const report = await applyRun(prepared, {
        ...(opts.log && { log: opts.log }),
        ...(o.signal && { signal: o.signal }),
      });
      return { status: 'ok', metrics: report.summary, notes: [UNSTAGED_NOTE] };
    },
  };
}

export function runRequest(opts: PipelineProfilerOptions, split: SplitSpec, o: ProfileOptions): RunRequest {
  return {
    model: opts.model,
    // Tensor names rather than the id: the orchestrator need not search every algorithm again,
    // and candidates from a plug-in algorithm resolve too.
    split: split.kind === 'candidate' ? [split.candidate.tensors.map((t) => t.name).join(',')] : ['none'],
    ...(opts.source && { source: opts.source }),
    ...(opts.video !== undefined && { video: opts.video }),
    ...(opts.profile !== undefined && { profile: opts.profile }),
    settings: {
      ...(o.fps !== undefined && { fps: o.fps }),
      frames: o.frames,
      warmup: o.warmup,
      queue: opts.queue ?? 1,
      threads: opts.threads ?? 1,
      encoding: 'raw',
      placement: o.placement,
      stageDelay: {},
      maxInFlight: 1,
      deadlineMs: 10_000,
      drainMs: opts.drainMs ?? 5000,
    },
  };
}
