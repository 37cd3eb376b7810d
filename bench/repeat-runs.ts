/**
 * The runs of one repeat of `bench:repeat`, shared by its methods: a split
 * (and the referee's n-th re-stage of it) is staged once per repeat and every
 * method that asks for it gets that measurement, as the run cache gives
 * `couper evaluate` an identical earlier run. Each method's time to decision
 * adds up the wall time its runs took when they were staged.
 */
import { InterruptedError } from '../src/core/errors.js';
import type { ProfileOptions, Profiler } from '../src/evaluate/profiler.js';
import { splitKey, type ProfileResult, type SplitSpec } from '../src/evaluate/types.js';

interface Staged {
  readonly result?: ProfileResult;
  readonly error?: string;
  readonly wallMs: number;
}

export class SharedRuns {
  private readonly runs = new Map<string, Promise<Staged>>();
  private readonly finished = new Map<string, Staged>();
  /** Each staged run's mean latency, by split (every re-stage too): how far runs of one split move. */
  readonly meanLatencies: { readonly key: string; readonly meanMs: number }[] = [];
  constructor(private readonly inner: Profiler) {}

  /** A profiler for one method: it records what that method asked for. */
  asker(): Profiler & { wallMs(which: (repeat: number) => boolean): number } {
    const asked: { key: string; repeat: number }[] = [];
    const runs = this.runs;
    const finished = this.finished;
    const stage = (split: SplitSpec, o: ProfileOptions): Promise<Staged> => this.stage(split, o);
    return {
      async profile(split: SplitSpec, o: ProfileOptions): Promise<ProfileResult> {
        const key = `${splitKey(split)}#${o.repeat ?? 0}`;
        asked.push({ key, repeat: o.repeat ?? 0 });
        let run = runs.get(key);
        if (!run) {
          run = stage(split, o);
          runs.set(key, run);
        }
        const done = await run;
        finished.set(key, done);
        if (!done.result) throw new Error(done.error ?? 'no result');
        return done.result;
      },
      wallMs(which: (repeat: number) => boolean): number {
        return asked
          .filter((x) => which(x.repeat))
          .reduce((sum, a) => sum + (finished.get(a.key)?.wallMs ?? 0), 0);
      },
    };
  }

  private async stage(split: SplitSpec, o: ProfileOptions): Promise<Staged> {
    const started = performance.now();
    try {
      const result = await this.inner.profile(split, o);
      const meanMs = result.status === 'ok' ? result.metrics.latencyMs?.mean : undefined;
      if (meanMs !== undefined) this.meanLatencies.push({ key: splitKey(split), meanMs });
      return { result, wallMs: performance.now() - started };
    } catch (err) {
      if (o.signal?.aborted || err instanceof InterruptedError) throw err;
      return { error: err instanceof Error ? err.message : String(err), wallMs: performance.now() - started };
    }
  }
}
