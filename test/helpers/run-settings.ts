/**
 * Run settings for tests and benchmarks: the CLI's defaults (queue 1, one
 * thread per evaluator, raw encoding, one frame in flight per hop, 10 s
 * deadlines, 5 s drain) with whatever a case changes.
 */
import type { RunSettings } from '../../src/run/run-plan.js';

export function runSettings(over: Partial<RunSettings> & Pick<RunSettings, 'frames'>): RunSettings {
  return {
    warmup: 3,
    queue: 1,
    threads: 1,
    encoding: 'raw',
    placement: {},
    stageDelay: {},
    maxInFlight: 1,
    deadlineMs: 10_000,
    drainMs: 5000,
    ...over,
  };
}
