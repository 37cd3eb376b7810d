/**
 * What an evaluation was run on, as results.json keeps it beside the runs:
 * the settings, the infrastructure and how it was staged, every candidate
 * (with the head share the method saw) and, for models small enough to
 * look at, the operator sequence with the chosen cut. A report is rebuilt
 * from results.json and decision.json alone, so whatever it draws must be
 * here: the model file may be gone or changed by then.
 *
 * Built by pure functions from values the job already holds.
 */
import { candidateHead, type AnalysedModel, type Candidate } from '../slice/candidates.js';
import type { Fidelity, Infra, StagingPlan } from '../staging/index.js';

/** Models with more operators than this get no operator view: a strip of thousands says nothing. */
export const MAX_OPERATOR_VIEW = 600;

export interface EvaluationSettings {
  readonly frames: number;
  readonly warmup: number;
  readonly fps: number;
  readonly minFrames: number;
  /** Candidate algorithm that listed the candidates. */
  readonly algorithm: string;
}

export interface CandidateRow {
  readonly id: string;
  readonly tensors: readonly string[];
  readonly bytes: number;
  readonly headOps: number;
  readonly tailOps: number;
  readonly headFlops: number;
  readonly tailFlops: number;
  /** Share of the model's compute in the head, as the method saw it (see EvaluationSetup.shareBasis). */
  readonly headShare: number;
}

/** The staging area every run was planned on (each run builds its own, from the same plan). */
export interface StagingDescription {
  readonly fidelity: Fidelity;
  /** Host cores per production GHz-core. */
  readonly scale: number;
  /** Time ran this many times slower; every figure is converted back. */
  readonly dilation: number;
  readonly gpuSubstitute: 'cpu' | null;
  readonly tiers: readonly {
    readonly name: string;
    readonly emulatedCpus: number;
    readonly hostCores: number;
    /** Accelerators the tier has in production that this host replaced by the tier's CPU share. */
    readonly substituted: readonly string[];
  }[];
  readonly links: readonly {
    readonly between: readonly [string, string];
    readonly emulated: { readonly rttMs: number; readonly jitterMs: number; readonly mbps: number };
    /** What made delay and jitter: 'netem' or 'userspace-proxy'. */
    readonly emulator: string;
  }[];
  readonly notes: readonly string[];
}

export interface OperatorView {
  /** Dataflow operators in a topological order. */
  readonly ops: readonly { readonly name: string; readonly type: string }[];
  /** The chosen candidate and its head operators (indices into ops); null when a baseline was chosen. */
  readonly cut: { readonly key: string; readonly head: readonly number[] } | null;
}

export interface EvaluationSetup {
  readonly settings: EvaluationSettings;
  readonly infra: Infra;
  /** Null when the runs were not staged (--unstaged: every stage on this host, no limits). */
  readonly staging: StagingDescription | null;
  /** What headShare measures: FLOPs, or operator times from onnxruntime's profiler (predictive). */
  readonly shareBasis: 'flops' | 'time';
  /** In the order the method saw them (input side first). */
  readonly candidates: readonly CandidateRow[];
  /** Null for models over MAX_OPERATOR_VIEW operators. */
  readonly operators: OperatorView | null;
}

export function candidateRows(
  candidates: readonly Candidate[],
  headShare: (c: Candidate) => number,
): CandidateRow[] {
  return candidates.map((c) => ({
    id: c.id,
    tensors: c.tensors.map((t) => t.name),
    bytes: c.bytes,
    headOps: c.headOps,
    tailOps: c.tailOps,
    headFlops: c.headFlops,
    tailFlops: c.tailFlops,
    headShare: headShare(c),
  }));
}

export function stagingDescription(plan: StagingPlan): StagingDescription {
  return {
    fidelity: plan.fidelity,
    scale: plan.scaling.scale,
    dilation: plan.scaling.dilation,
    gpuSubstitute: plan.gpuSubstitute,
    tiers: plan.tiers.map((t) => ({
      name: t.name,
      emulatedCpus: t.emulatedCpus,
      hostCores: t.hostCores,
      substituted: t.substituted,
    })),
    links: plan.links.map((l) => ({ between: l.between, emulated: l.emulated, emulator: l.emulator.kind })),
    notes: plan.notes,
  };
}

/** The operator sequence with the chosen candidate's head marked, or null for a model too big to show. */
export function operatorView(analysed: AnalysedModel, chosen: Candidate | null): OperatorView | null {
  const { graph } = analysed.mg;
  if (graph.ops.length > MAX_OPERATOR_VIEW) return null;
  const order = analysed.order;
  const ops = order.map((i) => ({ name: graph.ops[i]!.name, type: graph.ops[i]!.opType }));
  if (!chosen) return { ops, cut: null };
  const inHead = candidateHead(analysed, chosen);
  const head = order.flatMap((opIndex, position) => (inHead[opIndex] === 1 ? [position] : []));
  return { ops, cut: { key: chosen.id, head } };
}
