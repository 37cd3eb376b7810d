/**
 * Turning what a dilated staging area measured back into production time
 * (DieCast): durations divide by the dilation, rates multiply by it. Bytes,
 * counts and ratios do not change.
 */
import { scaleInterval } from '../../pipeline/intervals.js';
import type { FrameRecord, LatencySummary, RunSummary, StageTiming } from '../../pipeline/metrics.js';

function timing(t: StageTiming, d: number): StageTiming {
  return {
    queueMs: t.queueMs / d,
    computeMs: t.computeMs / d,
    ...(t.workMs !== undefined && { workMs: t.workMs / d }),
    serializeMs: t.serializeMs / d,
    transferMs: t.transferMs / d,
    bytes: t.bytes,
  };
}

function timings(map: Readonly<Record<string, StageTiming>>, d: number): Record<string, StageTiming> {
  return Object.fromEntries(Object.entries(map).map(([k, t]) => [k, timing(t, d)]));
}

function latency(l: LatencySummary | null, d: number): LatencySummary | null {
  return (
    l && {
      mean: l.mean / d,
      p50: l.p50 / d,
      p90: l.p90 / d,
      p99: l.p99 / d,
      // The bootstrap is the same for any unit: its interval scales with the figures.
      meanCi: scaleInterval(l.meanCi, 1 / d),
      p90Ci: scaleInterval(l.p90Ci, 1 / d),
    }
  );
}

export function undilateSummary(s: RunSummary, d: number): RunSummary {
  if (d === 1) return s;
  return {
    ...s,
    fpsIn: s.fpsIn * d,
    fpsOut: s.fpsOut * d,
    latencyMs: latency(s.latencyMs, d),
    outcomes: s.outcomes.map((x) => (x === null ? null : x / d)),
    stages: timings(s.stages, d),
  };
}

/** Per-frame records in production time; `captureMs` stays the camera's (dilated) wall clock. */
export function undilateFrames(frames: readonly FrameRecord[], d: number): readonly FrameRecord[] {
  if (d === 1) return frames;
  return frames.map((f) => ({
    ...f,
    latencyMs: f.latencyMs === null ? null : f.latencyMs / d,
    stages: timings(f.stages, d),
  }));
}
