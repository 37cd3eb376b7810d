/**
 * Stages one split at a time for the evaluation loop, or takes its record
 * from the journal when an earlier session finished it, and reports
 * progress (i of n, the current best, time left from the mean run so far).
 */
import { InterruptedError, TerminatedError } from '../core/errors.js';
import { BETWEEN_RUN_FLOOR } from './confidence.js';
import type { EvaluationDeps, EvaluationInput, ProgressEvent } from './evaluate.js';
import { EXTEND_FACTOR, extendedFrames, guardedProfile } from './profiler.js';
import { objectiveValue, referee } from './referee.js';
import { placementFor, topologyOf } from './topology.js';
import { splitKey, type RunMetrics, type RunRecord, type SplitSpec } from './types.js';

/**
 * How far behind the best run an insufficient run's few frames must put it
 * before it is not staged again: twice the referee's between-run floor
 * (BETWEEN_RUN_FLOOR, ±25%), so run-to-run movement alone cannot hide a contender.
 */
const CLEARLY_BEHIND = 1 + 2 * BETWEEN_RUN_FLOOR;

/** Stages one split at a time (or takes it from the journal) and reports progress. */
export class Stager {
  readonly reused: string[] = [];
  private readonly done: RunRecord[] = [];
  private freshMs = 0;
  private fresh = 0;
  constructor(
    private readonly input: EvaluationInput,
    private readonly deps: EvaluationDeps,
    private readonly now: () => number,
    public total: number,
  ) {}

  async stage(split: SplitSpec): Promise<RunRecord> {
    const key = splitKey(split);
    const previous = this.deps.journal?.done.get(key);
    const record = previous ?? (await this.run(split));
    if (previous) this.reused.push(key);
    this.done.push(record);
    this.deps.onProgress?.(this.progress(key));
    return record;
  }

  /** Stage a split again (never from the journal: a repeat is a new measurement) for the referee. */
  async repeat(split: SplitSpec, repeat: number): Promise<RunRecord> {
    const record = await this.run(split, repeat);
    this.deps.onProgress?.(this.progress(`${record.key} (re-stage ${repeat})`));
    return record;
  }

  /** Milliseconds spent staging in this session (runs taken from the journal cost nothing). */
  get stagedMs(): number {
    return this.freshMs;
  }

  private async run(split: SplitSpec, repeat = 0): Promise<RunRecord> {
    const { input, deps } = this;
    if (deps.signal?.aborted)
      throw deps.signal.reason === 'SIGTERM'
        ? new TerminatedError('evaluation interrupted; --resume continues it')
        : new InterruptedError('evaluation interrupted; --resume continues it');
    const placement = placementFor(split, topologyOf(input.infra));
    const started = this.now();
    const options = {
      frames: input.frames,
      warmup: input.warmup,
      fps: input.fps,
      placement,
      ...(repeat > 0 && { repeat }),
      ...(deps.signal && { signal: deps.signal }),
    };
    let result = await guardedProfile(deps.profiler, split, options, input.minFrames);
    const first = result.status === 'insufficient' ? result.metrics : null;
    const more = first
      ? extendedFrames(
          first.framesProcessed,
          first.framesProduced,
          input.minFrames,
          input.maxFrames ?? input.frames * EXTEND_FACTOR,
        )
      : null;
    const behind = first && more !== null ? this.clearlyBehind(first) : null;
    if (behind !== null && result.status === 'insufficient') {
      result = { ...result, notes: [...(result.notes ?? []), behind] };
    } else if (first && more !== null) {
      // Too few frames came back to measure it: once more, long enough to, rather than leave it out.
      result = await guardedProfile(deps.profiler, split, { ...options, frames: more }, input.minFrames);
      const why = `staged again with --frames ${more}: its first run processed ${first.framesProcessed} of ${first.framesProduced} frames, fewer than the ${input.minFrames} needed`;
      if (result.status !== 'failed') result = { ...result, notes: [...(result.notes ?? []), why] };
    }
    const wallMs = this.now() - started;
    this.freshMs += wallMs;
    this.fresh += 1;
    const c = split.kind === 'candidate' ? split.candidate : null;
    const record: RunRecord = {
      key: splitKey(split),
      kind: split.kind,
      status: result.status,
      ...(result.status !== 'failed' && { metrics: result.metrics }),
      ...(result.status !== 'ok' && { reason: result.reason }),
      ...(result.status !== 'failed' && result.notes && { notes: result.notes }),
      placement,
      cutBytes: c?.bytes ?? 0,
      headOps: c?.headOps ?? 0,
      wallMs,
      ...(repeat > 0 && { repeat }),
    };
    // Repeats stay out of the journal: --resume replays first runs by key (the run cache keeps repeats).
    if (repeat === 0) deps.journal?.append(record);
    return record;
  }

  /**
   * Why an insufficient run need not be staged again: on the latency
   * objective, when the frames it did process already put its mean past
   * CLEARLY_BEHIND × the best eligible run so far (a longer run would
   * measure a split that cannot be chosen); null when it may yet matter.
   */
  private clearlyBehind(first: RunMetrics): string | null {
    if (this.input.objective !== 'latency') return null;
    const mine = first.latencyMs?.mean;
    const best = referee(this.done, this.input.objective, this.input.constraints).chosen;
    const bestValue = best ? objectiveValue(best, this.input.objective) : null;
    if (mine === undefined || !best || bestValue === null || !(mine > bestValue * CLEARLY_BEHIND))
      return null;
    return `not staged again with more frames: the ${first.framesProcessed} it processed put its mean latency at ${mine.toFixed(1)} ms, ${(mine / bestValue).toFixed(1)}× the best run so far (${best.key}, ${bestValue.toFixed(1)} ms)`;
  }

  private progress(key: string): ProgressEvent {
    const best = referee(this.done, this.input.objective, this.input.constraints).chosen;
    const left = Math.max(0, this.total - this.done.length);
    return {
      index: this.done.length,
      total: this.total,
      key,
      best: best ? { key: best.key, value: objectiveValue(best, this.input.objective) ?? NaN } : null,
      etaMs: this.fresh > 0 ? (this.freshMs / this.fresh) * left : NaN,
    };
  }
}
