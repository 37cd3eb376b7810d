/**
 * Frame figures for test doubles of a run: the per-frame outcomes and
 * everything the pipeline's summary derives from them (counts, latency with
 * its intervals, drop rate with its interval), computed by the product's own
 * code so that a double's figures are as consistent as a real run's.
 */
import { frameFigures, type FrameOutcomes } from '../../src/pipeline/intervals.js';
import type { RunMetrics } from '../../src/evaluate/types.js';

export type FrameFields = Pick<
  RunMetrics,
  | 'framesProduced'
  | 'framesProcessed'
  | 'framesDropped'
  | 'latencyMs'
  | 'dropRate'
  | 'dropRateCi'
  | 'framesUsed'
  | 'outcomes'
>;

/** The frame fields of a run whose frames came out as `outcomes` (null: dropped). */
export function fromOutcomes(outcomes: FrameOutcomes): FrameFields {
  const f = frameFigures([outcomes]);
  return {
    framesProduced: outcomes.length,
    framesProcessed: f.framesUsed,
    framesDropped: outcomes.length - f.framesUsed,
    ...f,
    outcomes,
  };
}

/**
 * `frames` frames at exactly `latency` ms, of which round(frames × dropRate)
 * are dropped, spread evenly (every k-th frame) as a pipeline that passes a
 * share of frames drops them.
 */
export function steadyOutcomes(frames: number, latency: number | null, dropRate = 0): FrameOutcomes {
  const dropped = latency === null ? frames : Math.round(frames * dropRate);
  return Array.from({ length: frames }, (_, i) =>
    latency === null || Math.floor(((i + 1) * dropped) / frames) > Math.floor((i * dropped) / frames)
      ? null
      : latency,
  );
}
