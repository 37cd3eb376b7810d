/**
 * A what-if for `npm run bench:methods`: how much faster than the edge would
 * the cloud have to be for hybrid to stage at most a fifth of strongman's
 * candidates? The presets' cloud has two P100s; this host has no accelerator,
 * so the staged cloud runs on its CPU share and, with every tier capped at the
 * same cores, computes no faster than the mid- and high-end edge. Early-stop's
 * main rule (stop once the edge slice computes longer than the cloud slice)
 * then fires late on models whose tail holds most of the compute.
 *
 * The what-if replays hybrid over the same staged runs with the cloud slice's
 * measured compute divided by a speed-up k; nothing else changes (latency,
 * drops and bytes stay as measured), so it speaks to the compute rule alone.
 * It is arithmetic on measurements, not a measurement: the write-up says so.
 */
import type { Profiler, ProfileOptions } from '../src/evaluate/profiler.js';
import type { ProfileResult, RunMetrics, SplitSpec } from '../src/evaluate/types.js';

/** Speed-ups tried, smallest first. */
export const SPEEDUPS: readonly number[] = [1, 1.5, 2, 3, 5, 10, 20, 50];

/** The stage that runs the cloud slice of a split (early-stop compares it with `evaluator0`, the edge's). */
const CLOUD_SLICE = 'evaluator1';

export function withFasterCloud(metrics: RunMetrics, speedup: number): RunMetrics {
  const cloud = metrics.stages[CLOUD_SLICE];
  if (!cloud) return metrics;
  return {
    ...metrics,
    stages: { ...metrics.stages, [CLOUD_SLICE]: { ...cloud, computeMs: cloud.computeMs / speedup } },
  };
}

/** Reads runs through `inner` and hands them on with the cloud slice's compute divided by `speedup`. */
export class FasterCloudProfiler implements Profiler {
  constructor(
    private readonly inner: Profiler,
    private readonly speedup: number,
  ) {}

  async profile(split: SplitSpec, options: ProfileOptions): Promise<ProfileResult> {
    const r = await this.inner.profile(split, options);
    return r.status === 'failed' ? r : { ...r, metrics: withFasterCloud(r.metrics, this.speedup) };
  }
}

/** Candidates hybrid staged at each speed-up, and the least speed-up that meets a fifth of strongman's. */
export interface CloudWhatIf {
  readonly staged: Readonly<Record<string, number>>;
  readonly needed: number | null;
}

export function cloudWhatIf(stagedAt: ReadonlyMap<number, number>, strongmanStaged: number): CloudWhatIf {
  const staged = Object.fromEntries([...stagedAt].map(([k, n]) => [String(k), n] as const));
  const needed = [...stagedAt].find(([, n]) => n <= strongmanStaged / 5)?.[0] ?? null;
  return { staged, needed };
}
