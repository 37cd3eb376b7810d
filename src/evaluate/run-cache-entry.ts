/**
 * What a run-cache entry may hold, checked field by field: the cache folder
 * is on disk where anything may have written to it, and a figure read from
 * it decides where a model runs. Only the fields the evaluator reads
 * (RunMetrics) are kept; an entry that does not fit is no entry.
 */
import { z } from 'zod';
import type { ProfileResult } from './types.js';

const finite = z.number().finite();
const count = z.number().int().min(0);
const share = z.number().min(0).max(1);
const interval = z.tuple([finite, finite]).refine(([lo, hi]) => lo <= hi, 'lo > hi');

const Timing = z.object({
  queueMs: finite,
  computeMs: finite,
  serializeMs: finite,
  transferMs: finite,
  bytes: finite,
});

const Metrics = z.object({
  framesProduced: count,
  framesProcessed: count,
  framesDropped: count,
  droppedAt: z.record(z.string(), count),
  dropRate: share,
  dropRateCi: interval,
  framesUsed: count,
  outcomes: z.array(finite.nullable()),
  fpsIn: finite,
  fpsOut: finite,
  latencyMs: z
    .object({ mean: finite, p50: finite, p90: finite, p99: finite, meanCi: interval, p90Ci: interval })
    .nullable(),
  stages: z.record(z.string(), Timing),
  links: z.array(z.object({ from: z.string(), to: z.string(), bytesPerFrame: finite })),
});

const notes = z.array(z.string()).optional();

const Result = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), metrics: Metrics, notes }),
  z.object({ status: z.literal('insufficient'), metrics: Metrics, reason: z.string(), notes }),
]);

/** The cached result when it is one, else undefined. */
export function checkedProfileResult(json: unknown): ProfileResult | undefined {
  const parsed = Result.safeParse(json);
  if (!parsed.success) return undefined;
  const r = parsed.data;
  // Counts that do not add up are not a run's.
  const m = r.metrics;
  if (m.framesProcessed + m.framesDropped !== m.framesProduced || m.outcomes.length !== m.framesProduced)
    return undefined;
  return stripUndefined(r);
}

/** zod leaves `notes: undefined` on a result without notes; the evaluator's types have no such key. */
function stripUndefined(r: z.output<typeof Result>): ProfileResult {
  const { notes: n, ...rest } = r;
  return n === undefined ? rest : { ...rest, notes: n };
}
