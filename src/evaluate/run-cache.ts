/**
 * Staged runs kept on disk and reused across methods and evaluations: the
 * same split, placed the same way, of the same model, on the same
 * infrastructure, staged with the same options for the same frames is the
 * same measurement, so staging it again only costs time (and, for a second
 * method, makes the two disagree on noise). `--fresh` measures again and
 * overwrites; `rm -rf <cache>/runs` (the cache folder is
 * $COUPER_CACHE_DIR or .cache/, src/core/assets.ts) forgets every run.
 *
 * The key is a hash of the job's configuration (model fingerprint,
 * infrastructure, staging options, video, profile, shapes, Couper's
 * version: see jobIdentity in job.ts) and of the run's own (split, placement,
 * frames, warm-up, fps, and which repeat it is: the referee's n-th re-stage
 * of a split is cached as such, so a repeat is never the first run again).
 * Failed and interrupted runs are not kept: a failure may not happen twice.
 * Entries are read as hostile (bounded, checked field by field); a bad one
 * is ignored and overwritten.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { cachePath } from '../core/assets.js';
import { checkedProfileResult } from './run-cache-entry.js';
import type { ProfileOptions, Profiler } from './profiler.js';
import type { ProfileResult, SplitSpec } from './types.js';

const FORMAT = 1;
/** Entries kept; the least recently used go first. */
export const MAX_RUNS = 4096;
const MAX_ENTRY_BYTES = 16 * 1024 * 1024;

export function runCacheDir(): string {
  return cachePath('runs');
}

/** The cache key of one run of a split under a job's configuration hash. */
export function runKey(config: string, split: SplitSpec, o: ProfileOptions): string {
  const what =
    split.kind === 'candidate'
      ? { cut: split.candidate.tensors.map((t) => t.name).sort() }
      : { baseline: split.baseline };
  const placement = Object.entries(o.placement).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const run = {
    what,
    placement,
    frames: o.frames,
    warmup: o.warmup,
    fps: o.fps ?? null,
    repeat: o.repeat ?? 0,
  };
  return createHash('sha256')
    .update(`couper-run/${FORMAT}\n${config}\n${JSON.stringify(run)}`)
    .digest('hex');
}

export interface RunCacheOptions {
  readonly dir: string;
  /** Hash of the job's configuration (everything but the run's own options). */
  readonly config: string;
  /** Measure every run again (and keep the new figures). */
  readonly fresh: boolean;
}

/** A profiler that answers from the cache when it can and keeps what the inner profiler measures. */
export class CachingProfiler implements Profiler {
  /** Keys of the splits answered from the cache, in order. */
  readonly reused: string[] = [];
  constructor(
    private readonly inner: Profiler,
    private readonly o: RunCacheOptions,
  ) {}

  async profile(split: SplitSpec, options: ProfileOptions): Promise<ProfileResult> {
    const key = runKey(this.o.config, split, options);
    const file = path.join(this.o.dir, `${key}.json`);
    const hit = this.o.fresh ? undefined : readRun(file, key);
    if (hit) {
      this.reused.push(split.kind === 'candidate' ? split.candidate.id : split.baseline);
      return withNote(
        hit.result,
        `reused from the run cache (measured ${hit.measuredAt}); --fresh measures again`,
      );
    }
    const result = await this.inner.profile(split, options);
    if (result.status !== 'failed') writeRun(this.o.dir, file, key, result);
    return result;
  }
}

function withNote(r: ProfileResult, note: string): ProfileResult {
  return r.status === 'failed' ? r : { ...r, notes: [...(r.notes ?? []), note] };
}

function readRun(file: string, key: string): { result: ProfileResult; measuredAt: string } | undefined {
  let json: unknown;
  try {
    if (fs.statSync(file).size > MAX_ENTRY_BYTES) return undefined;
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const entry = json as Record<string, unknown>;
  if (entry.format !== FORMAT || entry.key !== key || typeof entry.measuredAt !== 'string') return undefined;
  const result = checkedProfileResult(entry.result);
  if (!result) return undefined;
  // Mark it recently used: pruning removes the entries least recently read or written.
  quietly(() => fs.utimesSync(file, new Date(), new Date()));
  return { result, measuredAt: entry.measuredAt };
}

/** Write atomically (a reader sees the old entry or the new one), then prune; a cache that cannot be written is no error. */
function writeRun(dir: string, file: string, key: string, result: ProfileResult): void {
  quietly(() => {
    fs.mkdirSync(dir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(
      temp,
      JSON.stringify({ format: FORMAT, key, measuredAt: new Date().toISOString(), result }),
    );
    fs.renameSync(temp, file);
    prune(dir);
  });
}

function prune(dir: string): void {
  const entries = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (entries.length <= MAX_RUNS) return;
  const byAge = entries
    .map((f) => ({ f, mtime: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => a.mtime - b.mtime);
  for (const { f } of byAge.slice(0, entries.length - MAX_RUNS))
    fs.rmSync(path.join(dir, f), { force: true });
}

function quietly(fn: () => void): void {
  try {
    fn();
  } catch {
    // The cache only saves time: the run is measured again next time.
  }
}
