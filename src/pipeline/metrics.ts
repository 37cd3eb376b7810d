/**
 * Per-frame records and the run summary (SPEC.md "Metrics"), joined by frame
 * id from what every stage reported. Warm-up frames are left out of every
 * figure. Each measured frame is either processed (its result came back to
 * the camera) or dropped at exactly one place, so framesProcessed +
 * framesDropped == framesProduced by construction; frames that neither came
 * back nor were reported dropped by the end of the drain are dropped at
 * 'in-flight'. Every figure the referee compares carries its 95% interval
 * (intervals.ts).
 */
import { worstFp16Error, type Fp16Error } from '../core/half.js';
import {
  frameFigures,
  pooledLatency,
  type FrameOutcomes,
  type Interval,
  type LatencySummary,
} from './intervals.js';
import type { CaptureRecord, DropReason, DropRecord, StageStats } from './messages.js';

export type { FrameOutcomes, Interval, LatencySummary } from './intervals.js';

export interface StageTiming {
  readonly queueMs: number;
  readonly computeMs: number;
  /** Paced evaluators only: the compute before the hold to the profile's time. */
  readonly workMs?: number;
  readonly serializeMs: number;
  readonly transferMs: number;
  readonly bytes: number;
}

export interface FrameRecord {
  readonly frameId: number;
  readonly sourceIndex: number;
  readonly captureMs: number;
  readonly status: 'processed' | 'dropped';
  readonly latencyMs: number | null;
  readonly droppedAt?: string;
  readonly reason?: DropReason;
  readonly stages: Readonly<Record<string, StageTiming>>;
  readonly result?: Readonly<Record<string, unknown>>;
}

export interface RunSummary {
  readonly framesProduced: number;
  readonly framesProcessed: number;
  readonly framesDropped: number;
  readonly droppedAt: Readonly<Record<string, number>>;
  readonly dropReasons: Readonly<Record<string, Partial<Record<DropReason, number>>>>;
  readonly dropRate: number;
  /** 95% interval of dropRate (block bootstrap over the frames produced). */
  readonly dropRateCi: Interval;
  /** Processed frames the latency figures rest on (framesProduced for the drop rate). */
  readonly framesUsed: number;
  /**
   * Each measured frame's latency (null: dropped), in capture order: what the
   * intervals were resampled from, kept so that repeats of the same
   * configuration can be pooled (src/evaluate/confidence.ts).
   */
  readonly outcomes: FrameOutcomes;
  readonly fpsIn: number;
  readonly fpsOut: number;
  readonly latencyMs: LatencySummary | null;
  /** Means over the measured frames each stage handled. */
  readonly stages: Readonly<Record<string, StageTiming>>;
  /** Mean request bytes per frame on each link (frames that made the hop). */
  readonly links: readonly { readonly from: string; readonly to: string; readonly bytesPerFrame: number }[];
  readonly warmup: { readonly frames: number; readonly note: string };
  readonly cameraLateTicks: number;
}

export const IN_FLIGHT = 'in-flight';

/** Join the stages' reports (in pipeline order, camera first) into per-frame records. */
export function joinRecords(stats: readonly StageStats[]): FrameRecord[] {
  const camera = stats[0];
  const results = new Map((camera?.results ?? []).map((r) => [r.frameId, r] as const));
  const drops = firstDrops(stats);
  const timings = stats.map((s) => new Map(s.records.map((r) => [r.frameId, r] as const)));
  return (camera?.captures ?? [])
    .filter((c) => !c.warmup)
    .map((capture) => {
      const stages: Record<string, StageTiming> = {};
      stats.forEach((s, i) => {
        const r = timings[i]!.get(capture.frameId);
        if (r) stages[s.stage] = timingOf(r);
      });
      return frameRecord(capture, results.get(capture.frameId), drops.get(capture.frameId), stages);
    });
}

function frameRecord(
  capture: CaptureRecord,
  result: { resultMs: number; result: Readonly<Record<string, unknown>> } | undefined,
  drop: { stage: string; drop: DropRecord } | undefined,
  stages: Record<string, StageTiming>,
): FrameRecord {
  const base = { frameId: capture.frameId, sourceIndex: capture.sourceIndex, captureMs: capture.captureMs };
  // A result that came back wins over a drop report for the same frame (a late ack after a deadline).
  if (result) {
    const latencyMs = result.resultMs - capture.captureMs;
    return { ...base, status: 'processed', latencyMs, stages, result: result.result };
  }
  const droppedAt = drop?.stage ?? IN_FLIGHT;
  const reason = drop?.drop.reason ?? 'in-flight';
  return { ...base, status: 'dropped', latencyMs: null, droppedAt, reason, stages };
}

/** Where each frame was first dropped, walking the stages in pipeline order. */
function firstDrops(stats: readonly StageStats[]): Map<number, { stage: string; drop: DropRecord }> {
  const out = new Map<number, { stage: string; drop: DropRecord }>();
  for (const s of stats)
    for (const d of s.drops) if (!out.has(d.frameId)) out.set(d.frameId, { stage: s.stage, drop: d });
  return out;
}

function timingOf(r: StageTiming): StageTiming {
  const { queueMs, computeMs, workMs, serializeMs, transferMs, bytes } = r;
  return { queueMs, computeMs, ...(workMs !== undefined && { workMs }), serializeMs, transferMs, bytes };
}

export function summarise(
  frames: readonly FrameRecord[],
  stats: readonly StageStats[],
  warmup: number,
): RunSummary {
  const processed = frames.filter((f) => f.status === 'processed');
  const outcomes = frameOutcomes(frames);
  const droppedAt: Record<string, number> = {};
  const dropReasons: Record<string, Partial<Record<DropReason, number>>> = {};
  for (const f of frames) {
    if (f.status !== 'dropped') continue;
    const at = f.droppedAt ?? IN_FLIGHT;
    droppedAt[at] = (droppedAt[at] ?? 0) + 1;
    const reasons = (dropReasons[at] ??= {});
    const reason = f.reason ?? 'in-flight';
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  const seconds = windowSeconds(frames, stats[0]?.fps ?? 0);
  const names = stats.map((s) => s.stage);
  return {
    framesProduced: frames.length,
    framesProcessed: processed.length,
    framesDropped: frames.length - processed.length,
    droppedAt,
    dropReasons,
    ...frameFigures([outcomes]),
    outcomes,
    fpsIn: seconds > 0 ? frames.length / seconds : 0,
    fpsOut: seconds > 0 ? processed.length / seconds : 0,
    stages: Object.fromEntries(names.map((n) => [n, meanTiming(frames, n)])),
    links: names.map((from, i) => ({
      from,
      to: names[(i + 1) % names.length]!,
      bytesPerFrame: meanTiming(frames, from).bytes,
    })),
    warmup: {
      frames: warmup,
      note: `the first ${warmup} frames warmed the pipeline up and are left out of every figure`,
    },
    cameraLateTicks: stats[0]?.late ?? 0,
  };
}

/** The measured span: first to last capture plus one frame period. */
function windowSeconds(frames: readonly FrameRecord[], fps: number): number {
  if (frames.length === 0 || !(fps > 0)) return 0;
  const first = frames[0]!.captureMs;
  const last = frames[frames.length - 1]!.captureMs;
  return (last - first) / 1000 + 1 / fps;
}

function meanTiming(frames: readonly FrameRecord[], stage: string): StageTiming {
  const rows = frames.map((f) => f.stages[stage]).filter((t): t is StageTiming => t !== undefined);
  const sent = rows.filter((t) => t.bytes > 0);
  const mean = (values: number[]): number =>
    values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
  return {
    queueMs: mean(rows.map((t) => t.queueMs)),
    computeMs: mean(rows.map((t) => t.computeMs)),
    serializeMs: mean(sent.map((t) => t.serializeMs)),
    transferMs: mean(sent.map((t) => t.transferMs)),
    bytes: mean(sent.map((t) => t.bytes)),
  };
}

/** Mean and nearest-rank percentiles of latencies in capture order, with their intervals. */
export function latencySummary(values: readonly number[]): LatencySummary | null {
  return pooledLatency([values]);
}

/** Each measured frame's latency, or null when it was dropped, in capture order. */
export function frameOutcomes(frames: readonly FrameRecord[]): FrameOutcomes {
  return frames.map((f) => (f.status === 'processed' ? (f.latencyMs ?? 0) : null));
}

/** The largest fp16 error any stage saw on the cut tensors it sent; null without fp16. */
export function fp16Summary(stats: readonly StageStats[]): Fp16Error | null {
  return worstFp16Error(stats.flatMap((s) => (s.fp16 ? [s.fp16] : [])));
}
