/**
 * What a run has measured so far, from the camera's last status: kept while
 * the run is live so that a run that fails (a stage or helper died, a signal)
 * still says how far it got, on the same line as why it stopped. Where the
 * camera still answers, its own records add the latency of the frames that
 * came back.
 */
import { isRunning } from '../core/child.js';
import { CouperError, InterruptedError, RunFailedError, TerminatedError } from '../core/errors.js';
import { median } from '../core/stats.js';
import type { StageStats, StageStatus } from '../pipeline/messages.js';
import type { StageProcess } from './processes.js';

/** How long a failing run waits for the camera's records: the failure is already known. */
const PARTIAL_STATS_TIMEOUT_MS = 2000;

interface Latency {
  readonly frames: number;
  readonly meanMs: number;
  readonly p50Ms: number;
}

export class RunProgress {
  private startedAt: number | null = null;
  private emitted = 0;
  private processed = 0;
  private dropped = 0;
  private latency: Latency | null = null;

  /** The camera was told to start. */
  started(): void {
    this.startedAt ??= performance.now();
  }

  /** A status poll: the camera's counts and every stage's drops. */
  update(camera: StageStatus, dropped: number): void {
    this.emitted = camera.emitted ?? 0;
    this.processed = camera.results ?? 0;
    this.dropped = dropped;
  }

  /**
   * A run that is failing: ask the camera, if it still runs, to stop and hand
   * over its records, for the counts at this moment and the latency of the
   * measured frames that came back (in production time: ÷ `dilation`). A
   * camera that cannot answer leaves the last poll's counts standing.
   */
  async settle(camera: StageProcess | undefined, dilation: number): Promise<void> {
    if (this.startedAt === null || !camera || !isRunning(camera.child)) return;
    try {
      camera.send({ type: 'stop' });
      const { stats } = await camera.next('stats', PARTIAL_STATS_TIMEOUT_MS);
      this.emitted = Math.max(this.emitted, stats.captures?.length ?? 0);
      this.processed = Math.max(this.processed, stats.results?.length ?? 0);
      this.latency = measuredLatency(stats, dilation);
    } catch {
      // Dead or silent too: what the polls saw is all there is.
    }
  }

  /** 'until then: 120 frames emitted, 95 processed (latency mean 143.2 ms, p50 140.1 ms over 90), 3 dropped in 4.1 s'. */
  describe(): string {
    if (this.startedAt === null) return 'before the camera started';
    const s = ((performance.now() - this.startedAt) / 1000).toFixed(1);
    const l = this.latency;
    const latency = l
      ? ` (latency mean ${l.meanMs.toFixed(1)} ms, p50 ${l.p50Ms.toFixed(1)} ms over ${l.frames} measured)`
      : '';
    return `until then: ${this.emitted} frames emitted, ${this.processed} processed${latency}, ${this.dropped} dropped in ${s} s`;
  }

  /**
   * `err` with what was measured appended (same class, so the exit code holds):
   * for a dead or hung process and an interrupted run; other errors are kept as they are.
   */
  annotate(err: Error): Error {
    if (err instanceof TerminatedError) return new TerminatedError(`${err.message}; ${this.describe()}`);
    if (err instanceof InterruptedError) return new InterruptedError(`${err.message}; ${this.describe()}`);
    if (err instanceof RunFailedError) return new RunFailedError(`${err.message}; ${this.describe()}`);
    if (err instanceof CouperError && this.startedAt !== null) {
      const Type = err.constructor as new (message: string, options?: { cause?: unknown }) => CouperError;
      return new Type(`${err.message}; ${this.describe()}`, { cause: err });
    }
    return err;
  }
}

/** Capture to result, for frames past the warm-up that came back; null when none did. */
export function measuredLatency(stats: StageStats, dilation: number): Latency | null {
  const captured = new Map(
    (stats.captures ?? []).filter((c) => !c.warmup).map((c) => [c.frameId, c.captureMs]),
  );
  const values: number[] = [];
  for (const r of stats.results ?? []) {
    const at = captured.get(r.frameId);
    if (at !== undefined) values.push((r.resultMs - at) / dilation);
  }
  if (values.length === 0) return null;
  return {
    frames: values.length,
    meanMs: values.reduce((a, b) => a + b, 0) / values.length,
    p50Ms: median(values),
  };
}
