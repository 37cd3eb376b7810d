/**
 * Timing a session the way `couper profile` does: warm-up runs first (the
 * first runs allocate and tune), then timed runs until the median is
 * stable, so a busy moment on a shared machine costs more runs rather than
 * a wrong figure.
 */
import { median } from '../core/stats.js';
import type { Session, TensorMap } from '../runtime/runtime.js';

export interface TimingOptions {
  readonly warmup: number;
  /** At least this many timed runs, then batches until the median moves less than `tolerance`. */
  readonly minRuns: number;
  readonly maxRuns: number;
  /** Relative change of the median that counts as settled (default 1%). */
  readonly tolerance?: number;
}

const BATCH = 10;

/** Milliseconds of each timed run, in the order they ran. */
export async function timeSession(
  session: Session,
  feeds: TensorMap,
  opts: TimingOptions,
  outputs?: readonly string[],
): Promise<number[]> {
  const run = (): Promise<unknown> => (outputs ? session.run(feeds, outputs) : session.run(feeds));
  for (let i = 0; i < opts.warmup; i++) await run();
  const times: number[] = [];
  const timed = async (n: number): Promise<void> => {
    for (let i = 0; i < n && times.length < opts.maxRuns; i++) {
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
  };
  await timed(opts.minRuns);
  const tolerance = opts.tolerance ?? 0.01;
  while (times.length < opts.maxRuns) {
    const before = median(times);
    await timed(BATCH);
    if (Math.abs(median(times) - before) <= tolerance * before) break;
  }
  return times;
}

/** The value below which a share p (0..1) of the values lie (nearest rank). */
export function quantile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}
