/**
 * The evaluator's vocabulary: what is staged (a split or a baseline), what a
 * staged run yields, and the records the journal and results.json keep.
 *
 * RunMetrics is the pipeline's RunSummary (src/pipeline/metrics.ts, SPEC.md
 * "Metrics") narrowed to the fields the evaluator reads, so a test double can
 * produce one without a pipeline and a real run's summary fits as it is.
 */
import type { RunSummary } from '../pipeline/metrics.js';
import type { Candidate } from '../slice/candidates.js';

export type Objective = 'latency' | 'drop-rate' | 'bytes';
export const OBJECTIVES: readonly Objective[] = ['latency', 'drop-rate', 'bytes'];

/** The whole DNN on one tier. */
export type Baseline = 'client-only' | 'edge-only' | 'cloud-only';
export const BASELINES: readonly Baseline[] = ['client-only', 'edge-only', 'cloud-only'];

export type SplitSpec =
  | { readonly kind: 'candidate'; readonly candidate: Candidate }
  | { readonly kind: 'baseline'; readonly baseline: Baseline };

export type RunMetrics = Pick<
  RunSummary,
  | 'framesProduced'
  | 'framesProcessed'
  | 'framesDropped'
  | 'droppedAt'
  | 'dropRate'
  | 'dropRateCi'
  | 'framesUsed'
  | 'outcomes'
  | 'fpsIn'
  | 'fpsOut'
  | 'latencyMs'
  | 'stages'
  | 'links'
>;

/**
 * ok: usable figures. insufficient: the run finished but processed fewer
 * frames than the minimum (paper 5.2), so its figures are kept but never
 * chosen. failed: no figures, only why.
 */
export type ProfileResult =
  | { readonly status: 'ok'; readonly metrics: RunMetrics; readonly notes?: readonly string[] }
  | {
      readonly status: 'insufficient';
      readonly metrics: RunMetrics;
      readonly reason: string;
      readonly notes?: readonly string[];
    }
  | { readonly status: 'failed'; readonly reason: string };

/** One finished staged run, as the journal and results.json hold it. */
export interface RunRecord {
  /** Candidate id or baseline name. */
  readonly key: string;
  readonly kind: 'candidate' | 'baseline';
  readonly status: ProfileResult['status'];
  readonly metrics?: RunMetrics;
  readonly reason?: string;
  readonly notes?: readonly string[];
  /** Stage name → tier it ran on. */
  readonly placement: Readonly<Record<string, string>>;
  /** Cut bytes per frame (0 for baselines), head operator count (for tie-breaks). */
  readonly cutBytes: number;
  readonly headOps: number;
  readonly wallMs: number;
  /** Runs pooled into this record (the referee's re-stages); 1 when absent. */
  readonly runs?: number;
  /** Which measurement of this split it is: 0 (absent) the first, 1 the first re-stage, and so on. */
  readonly repeat?: number;
}

export interface Constraints {
  readonly maxLatencyMs?: number;
  readonly maxDropRate?: number;
}

/** What a method predicted for a candidate (predictive), for predicted-vs-measured. */
export interface Prediction {
  readonly latencyMs: number;
  readonly fpsOut: number;
  readonly dropRate: number;
  readonly bytes: number;
  readonly bottleneck: string;
}

export function splitKey(split: SplitSpec): string {
  return split.kind === 'candidate' ? split.candidate.id : split.baseline;
}
