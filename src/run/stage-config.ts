/**
 * What each stage process is told at start: its role's settings from the run
 * plan, plus what the site decides (the address to bind, the camera's rate
 * in the site's time).
 */
import { STAGE_STOP_MS, type StageConfig } from '../pipeline/messages.js';
import type { PlannedStage, RunPlan } from './run-plan.js';

/**
 * Largest gRPC message a stage accepts. Above the transport's own default
 * because early cuts of large models (VGG-16's first blocks) carry tens of MB
 * per frame, and a stage must not refuse what the plan asks it to carry.
 */
export const STAGE_MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

/** The address a stage binds and the camera's rate, when the site decides them (the plan's otherwise). */
export interface StageOverrides {
  readonly bindAddress?: string;
  readonly fps?: number | null;
  /** The staging area's time dilation: a paced stage's time runs that much slower too. */
  readonly dilation?: number;
}

export function stageConfig(
  plan: RunPlan,
  s: PlannedStage,
  file: string | undefined,
  overrides: StageOverrides = {},
): StageConfig {
  // Dilation below 1 would cut the deadlines short of the site's own; they never shrink.
  const stretch = Math.max(1, overrides.dilation ?? 1);
  const base = {
    name: s.name,
    role: s.role,
    queueCapacity: s.queueCapacity,
    maxInFlight: plan.maxInFlight,
    // The plan's deadline is in the site's time; a dilated staging area's calls take that much longer.
    deadlineMs: plan.deadlineMs * stretch,
    maxMessageBytes: STAGE_MAX_MESSAGE_BYTES,
    encoding: s.encoding,
    delayMs: s.delayMs,
    ...(s.paceMs !== undefined && { paceMs: s.paceMs * (overrides.dilation ?? 1) }),
    // The orchestrator waits for the stats that much longer too (run.ts), so the stage gives up first and says why.
    stopTimeoutMs: STAGE_STOP_MS * stretch,
    cutId: plan.cutId,
    ...(overrides.bindAddress !== undefined && { bindAddress: overrides.bindAddress }),
  };
  switch (s.role) {
    case 'camera': {
      const frames = plan.frames === null ? null : plan.frames + plan.warmup;
      const fps = overrides.fps === undefined ? plan.fps : overrides.fps;
      return { ...base, camera: { source: plan.source, fps, frames, warmup: plan.warmup } };
    }
    case 'transformer':
      return {
        ...base,
        transformer: {
          profile: plan.profile,
          inputName: plan.input.name,
          width: plan.input.width,
          height: plan.input.height,
        },
      };
    case 'evaluator':
      return {
        ...base,
        evaluator: {
          file: file ?? '',
          inputs: s.part?.inputs ?? [],
          outputs: s.part?.outputs ?? [],
          threads: s.threads,
          executionProvider: s.executionProvider,
        },
      };
    case 'classifier':
      return { ...base, classifier: { profile: plan.profile } };
  }
}
