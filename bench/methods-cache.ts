/**
 * The run cache behind `npm run bench:methods`: one staged run per split per
 * model × preset, shared by every method. The same split on the same staged
 * infrastructure is the same measurement, so staging it again for a second
 * method would only add noise and time. Each method still sees the runs it
 * asked for, counted as its own; the original run's wall time is what its
 * time-to-decision adds up.
 *
 * The cache is kept in a JSON file so that an interrupted or re-run
 * benchmark (a new predictor, say) reuses the measurements; the key holds
 * everything that changes a measurement (model, preset, frames, fps, staging).
 */
import fs from 'node:fs';
import path from 'node:path';
import { InterruptedError } from '../src/core/errors.js';
import type { Profiler, ProfileOptions } from '../src/evaluate/profiler.js';
import { splitKey, type ProfileResult, type SplitSpec } from '../src/evaluate/types.js';

export interface CachedRun {
  /** The run's result, or the message of the error it threw. */
  readonly result?: ProfileResult;
  readonly error?: string;
  readonly wallMs: number;
}

export class RunStore {
  private readonly runs: Record<string, CachedRun>;
  /** Runs staged by this invocation (the rest came from the file). */
  fresh = 0;
  loaded = 0;

  constructor(private readonly file: string | null) {
    this.runs =
      file && fs.existsSync(file)
        ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, CachedRun>)
        : {};
  }

  get(key: string): CachedRun | undefined {
    return this.runs[key];
  }

  put(key: string, run: CachedRun): void {
    this.runs[key] = run;
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    // Written aside and renamed: a bench stopped mid-write, or a reader at the same moment
    // (--offline), must never see half a file, which would lose every run staged so far.
    const aside = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(aside, JSON.stringify(this.runs));
    fs.renameSync(aside, this.file);
  }
}

/** One method's view of the shared runs: it records what the method asked for. */
export class CachingProfiler implements Profiler {
  readonly asked: string[] = [];
  constructor(
    private readonly inner: Profiler,
    private readonly store: RunStore,
    private readonly prefix: string,
    private readonly seen: Set<string>,
    /** Never stage: a run the cache lacks fails (re-reading measurements with a new predictor). */
    private readonly offline = false,
  ) {}

  /** Wall time of the runs this method asked for, as they took when staged. */
  askedWallMs(): number {
    return this.asked.reduce((sum, k) => sum + (this.store.get(this.prefix + k)?.wallMs ?? 0), 0);
  }

  async profile(split: SplitSpec, options: ProfileOptions): Promise<ProfileResult> {
    // The referee's n-th re-stage of a split is another measurement, never the first run again.
    const key = splitKey(split) + (options.repeat ? `#${options.repeat}` : '');
    this.asked.push(key);
    let run = this.store.get(this.prefix + key);
    if (run && !this.seen.has(key)) this.store.loaded += 1;
    if (!run && this.offline) throw new Error(`'${this.prefix + key}' is not in the run cache (--offline)`);
    if (!run) {
      run = await this.stage(split, options);
      this.store.put(this.prefix + key, run);
      this.store.fresh += 1;
    }
    this.seen.add(key);
    if (run.error !== undefined || !run.result) throw new Error(run.error ?? 'no result');
    return run.result;
  }

  private async stage(split: SplitSpec, options: ProfileOptions): Promise<CachedRun> {
    const started = performance.now();
    try {
      const result = await this.inner.profile(split, options);
      return { result, wallMs: performance.now() - started };
    } catch (err) {
      // A Ctrl-C is not the split's result: never keep it.
      if (options.signal?.aborted || err instanceof InterruptedError) throw err;
      const error = err instanceof Error ? err.message : String(err);
      return { error, wallMs: performance.now() - started };
    }
  }
}
