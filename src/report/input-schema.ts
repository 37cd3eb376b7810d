/**
 * What a report reads from results.json and decision.json, checked once
 * where the files are read: they may be hand-edited, cut short or not
 * couper's at all, and a report of such a file should say so in one line,
 * not draw nonsense. Only the fields a report uses are checked; others are
 * dropped. The shapes follow src/evaluate (results.ts, setup.ts,
 * decision.ts); a unit test parses files the evaluator really writes.
 */
import { z } from 'zod';

const num = z.number();
const count = z.number().int().min(0);
const share = z.number().min(0).max(1);
const nullableNum = num.nullable();
const name = z.string().max(4096);

const Timing = z.object({
  queueMs: num,
  computeMs: num,
  serializeMs: num,
  transferMs: num,
  bytes: num,
});

/** A 95% interval; absent from files written before runs carried them. */
const interval = z.tuple([num, num]);

const Metrics = z.object({
  framesProduced: count,
  framesProcessed: count,
  framesDropped: count,
  droppedAt: z.record(z.string(), count),
  dropRate: share,
  dropRateCi: interval.optional(),
  framesUsed: count.optional(),
  fpsIn: num,
  fpsOut: num,
  latencyMs: z
    .object({
      mean: num,
      p50: num,
      p90: num,
      p99: num,
      meanCi: interval.optional(),
      p90Ci: interval.optional(),
    })
    .nullable(),
  stages: z.record(z.string(), Timing),
  links: z.array(z.object({ from: z.string(), to: z.string(), bytesPerFrame: num })),
});

const Run = z.object({
  key: name,
  kind: z.enum(['candidate', 'baseline']),
  status: z.enum(['ok', 'insufficient', 'failed']),
  metrics: Metrics.optional(),
  reason: z.string().optional(),
  notes: z.array(z.string()).optional(),
  placement: z.record(z.string(), z.string()),
  cutBytes: num,
  headOps: count,
  wallMs: num,
  /** Runs pooled into the record (the referee's re-stages); 1 when absent. */
  runs: count.optional(),
});

const Infra = z.object({
  name,
  source: z.string(),
  tiers: z.array(z.object({ name, cpus: num, ghz: num, memoryGb: num, accelerators: z.array(z.string()) })),
  links: z.array(
    z.object({
      between: z.tuple([z.string(), z.string()]),
      rttMs: num,
      jitterMs: num,
      mbps: num.positive(),
      loss: num,
    }),
  ),
  placement: z.record(z.string(), z.string()),
});

const Staging = z.object({
  fidelity: z.object({
    network: z.string(),
    delay: z.string(),
    bandwidth: z.string(),
    cpu: z.string(),
    notes: z.array(z.string()),
  }),
  scale: num,
  dilation: num,
  gpuSubstitute: z.literal('cpu').nullable(),
  tiers: z.array(z.object({ name, emulatedCpus: num, hostCores: num, substituted: z.array(z.string()) })),
  links: z.array(
    z.object({
      between: z.tuple([z.string(), z.string()]),
      emulated: z.object({ rttMs: num, jitterMs: num, mbps: num }),
      emulator: z.string(),
    }),
  ),
  notes: z.array(z.string()),
});

const Setup = z.object({
  settings: z.object({
    frames: count,
    warmup: count,
    fps: num.positive(),
    minFrames: count,
    algorithm: z.string(),
  }),
  infra: Infra,
  staging: Staging.nullable(),
  shareBasis: z.enum(['flops', 'time']),
  candidates: z.array(
    z.object({
      id: name,
      tensors: z.array(z.string()),
      bytes: num.min(0),
      headOps: count,
      tailOps: count,
      headFlops: num,
      tailFlops: num,
      headShare: share,
    }),
  ),
  operators: z
    .object({
      ops: z.array(z.object({ name: z.string(), type: z.string() })),
      cut: z.object({ key: name, head: z.array(count) }).nullable(),
    })
    .nullable(),
});

const OBJECTIVE = z.enum(['latency', 'drop-rate', 'bytes']);

export const ResultsInput = z.object({
  model: z.string(),
  infra: z.string(),
  method: z.string(),
  objective: OBJECTIVE,
  runs: z.array(Run),
  repeats: z.array(Run).optional(),
  setup: Setup.optional(),
});

const Figures = z.object({
  latencyMs: nullableNum,
  dropRate: nullableNum,
  fpsOut: nullableNum,
  bytesPerFrame: nullableNum,
});

export const DecisionInput = z.object({
  model: z.string(),
  infra: z.string(),
  method: z.string(),
  objective: OBJECTIVE,
  constraints: z.object({ maxLatencyMs: num.optional(), maxDropRate: num.optional() }),
  listed: count,
  chosen: z
    .object({ key: name, kind: z.enum(['candidate', 'baseline']), value: num })
    .extend(Figures.shape)
    .nullable(),
  why: z.string(),
  baselines: z.record(
    z.string(),
    z.object({ status: z.string(), value: nullableNum, improvement: nullableNum }),
  ),
  candidates: z.object({
    listed: count,
    pruned: z.array(z.object({ id: name, reason: z.string() })),
    kept: z.array(name),
    staged: z.array(name),
    failed: z.array(z.object({ key: name, reason: z.string() })),
    stopReason: z.string(),
  }),
  predictions: z.array(
    z.object({
      id: name,
      predicted: z.object({ latencyMs: num, fpsOut: num, dropRate: num, bytes: num, bottleneck: z.string() }),
      measured: Figures.nullable(),
      latencyError: nullableNum,
    }),
  ),
  timeToDecisionMs: num,
  /** Absent from files written before the referee measured its certainty. */
  certainty: z
    .object({
      verdict: z.enum(['clear', 'tie']),
      level: share,
      contenders: z.array(
        z.object({
          key: name,
          value: nullableNum,
          interval: interval.nullable(),
          runs: count,
          frames: count,
        }),
      ),
      extraRuns: z.array(z.object({ key: name, repeat: count, status: z.string(), wallMs: num })),
      stopped: z.string(),
      tieBreak: z.object({ pick: name, why: z.string() }).optional(),
    })
    .optional(),
});

export type ResultsData = z.output<typeof ResultsInput>;
export type DecisionData = z.output<typeof DecisionInput>;
export type RunData = ResultsData['runs'][number];
export type SetupData = NonNullable<ResultsData['setup']>;
export type TimingData = z.output<typeof Timing>;
