/**
 * What a run has measured so far, from the camera's last status: kept while
 * the run is live so that a run that fails (a stage or helper died, a signal)
 * still says how far it got, on the same line as why it stopped.
 */
import { CouperError, InterruptedError, RunFailedError, TerminatedError } from '../core/errors.js';
import type { StageStatus } from '../pipeline/messages.js';

export class RunProgress {
  private startedAt: number | null = null;
  private emitted = 0;
  private processed = 0;
  private dropped = 0;

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

  /** 'until then: 120 frames emitted, 95 processed, 3 dropped in 4.1 s'. */
  describe(): string {
    if (this.startedAt === null) return 'before the camera started';
    const s = ((performance.now() - this.startedAt) / 1000).toFixed(1);
    return `until then: ${this.emitted} frames emitted, ${this.processed} processed, ${this.dropped} dropped in ${s} s`;
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
