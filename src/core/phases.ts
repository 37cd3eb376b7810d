/**
 * Where a long command's time goes, by phase (read, shapes, list, stage
 * setup, warm-up, measure, teardown, decide…): each layer adds the wall time
 * of what it did under a phase name, and the CLI prints the table at the
 * end (`--timings`). Plain data in, plain rows out, so a test can check
 * what was recorded and the CLI decides how it looks.
 */

export interface PhaseRow {
  readonly phase: string;
  readonly ms: number;
  /** How many times the phase ran (once per staged run for most). */
  readonly count: number;
}

export class PhaseTimes {
  private readonly totals = new Map<string, { ms: number; count: number }>();

  add(phase: string, ms: number): void {
    const row = this.totals.get(phase);
    if (row) {
      row.ms += ms;
      row.count += 1;
    } else this.totals.set(phase, { ms, count: 1 });
  }

  /** Run `fn`, adding its wall time (to its end, whether it resolves or throws) under `phase`. */
  async time<T>(phase: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.add(phase, performance.now() - t0);
    }
  }

  timeSync<T>(phase: string, fn: () => T): T {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      this.add(phase, performance.now() - t0);
    }
  }

  /** Phases in the order they first ran. */
  rows(): PhaseRow[] {
    return [...this.totals].map(([phase, { ms, count }]) => ({ phase, ms, count }));
  }
}
