/**
 * The profiler seam: stage one split (a candidate or a baseline) for a number
 * of frames and return its metrics. The real one drives the pipeline
 * (pipeline-profiler.ts); tests use a double. `guardedProfile` holds every
 * profiler to the evaluator's rules: a run that throws becomes a failed
 * record and the evaluation goes on, and a run that processed too few frames
 * is marked insufficient rather than silently used (paper 5.2).
 */
import { describeError, InterruptedError } from '../core/errors.js';
import type { ProfileResult, SplitSpec } from './types.js';

export interface ProfileOptions {
  /** Measured frames (after the warm-up). */
  readonly frames: number;
  readonly warmup: number;
  /** Camera frame rate; the profiler's default when absent. */
  readonly fps?: number;
  /** Stage name → tier. */
  readonly placement: Readonly<Record<string, string>>;
  /** 0 (or absent) for a split's first run, n for the referee's n-th re-stage of it (run-cache.ts keys on it). */
  readonly repeat?: number;
  readonly signal?: AbortSignal;
}

export interface Profiler {
  profile(split: SplitSpec, options: ProfileOptions): Promise<ProfileResult>;
}

/**
 * Fewest processed frames for figures to mean anything: a quarter of those
 * asked for, at least MIN_PROCESSED (but never more than asked for). Below
 * about ten frames a bootstrap interval is too narrow to trust (it cannot
 * see what it never drew; docs/EVALUATION.md), which is how three
 * evaluations of one model on 4–6 frames each came to choose three ways.
 */
export const MIN_PROCESSED = 10;

export function defaultMinFrames(frames: number): number {
  return Math.min(frames, Math.max(MIN_PROCESSED, Math.ceil(frames / 4)));
}

/** Why a run is insufficient, with the --frames that would give the minimum at the rate it processed frames. */
export function insufficientReason(processed: number, produced: number, minFrames: number): string {
  const said = `${processed} of ${produced} frames processed, fewer than the ${minFrames} needed`;
  if (processed === 0) return `${said}; it processed none, so more frames would not help`;
  const needed = Math.ceil((minFrames * produced) / processed);
  return `${said}; at this rate --frames ${needed} would give them`;
}

/** An insufficient run is staged again with at most this many times --frames (the default --max-frames). */
export const EXTEND_FACTOR = 8;
/** Margin on the frames an insufficient run would need: its processing rate was itself measured on few frames. */
const EXTEND_MARGIN = 1.25;

/**
 * The measured frames to stage an insufficient run again with, so that it
 * rests on `minFrames` processed frames at the rate it processed them (with
 * a margin), or null when it processed none or would need more than
 * `maxFrames`. A split that processes one frame in seven at 24 fps (a slow
 * client tier) is one whose latency a 30-frame run cannot measure; its
 * drop rate is what it is, and the longer run measures both.
 */
export function extendedFrames(
  processed: number,
  produced: number,
  minFrames: number,
  maxFrames: number,
): number | null {
  if (processed <= 0 || processed >= minFrames) return null;
  const atRate = (minFrames * produced) / processed;
  if (atRate > maxFrames) return null;
  return Math.min(maxFrames, Math.ceil(atRate * EXTEND_MARGIN));
}

export async function guardedProfile(
  profiler: Profiler,
  split: SplitSpec,
  options: ProfileOptions,
  minFrames: number,
): Promise<ProfileResult> {
  let result: ProfileResult;
  try {
    result = await profiler.profile(split, options);
  } catch (err) {
    // An interruption is not the candidate's fault: let it stop the evaluation.
    if (options.signal?.aborted || err instanceof InterruptedError) throw err;
    return { status: 'failed', reason: firstLine(describeError(err)) };
  }
  if (result.status !== 'ok') return result;
  const processed = result.metrics.framesProcessed;
  if (processed >= minFrames) return result;
  return {
    status: 'insufficient',
    metrics: result.metrics,
    reason: insufficientReason(processed, result.metrics.framesProduced, minFrames),
    ...(result.notes && { notes: result.notes }),
  };
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}
