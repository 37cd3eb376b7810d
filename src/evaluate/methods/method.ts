/**
 * The selection-method seam (paper 5.3, "Method Adaptor"). A method may
 * (1) prune candidates before any candidate is staged, (2) choose the next
 * candidate from the history so far and (3) decide when to stop. Every hook
 * is optional: without prune all candidates are kept, without next they are
 * staged in input-side order, without stop the walk ends when none is left.
 * See the README, "Writing your own selection method".
 */
import type { DeviceProfile } from '../../pipeline/device-profile.js';
import type { Infra } from '../../staging/index.js';
import type { Candidate } from '../../slice/candidates.js';
import type { Topology } from '../topology.js';
import type { Constraints, Objective, Prediction, RunRecord } from '../types.js';

export interface MethodContext {
  /** Candidates in input-side order: fewest head FLOPs (then operators, then id) first. */
  readonly candidates: readonly Candidate[];
  readonly infra: Infra;
  readonly topology: Topology;
  /** Camera frame rate the runs use. */
  readonly fps: number;
  readonly objective: Objective;
  readonly constraints: Constraints;
  /** The baselines, measured before prune is called (client-only, edge-only, cloud-only). */
  readonly baselines: readonly RunRecord[];
  /** Share of the whole model's compute time in a candidate's head, from an operator profile when one was taken. */
  readonly headShare: (candidate: Candidate) => number;
  /** Tier → the device profile that paces it (paced tiers only; run/pacing.ts). */
  readonly tierProfiles?: Readonly<Record<string, DeviceProfile>>;
}

export interface PruneResult {
  readonly keep: readonly (Candidate | string)[];
  readonly pruned?: readonly { readonly id: string; readonly reason: string }[];
  /** Per candidate id, what the method expects the run to measure (reported against the measurement). */
  readonly predictions?: Readonly<Record<string, Prediction>>;
}

export interface MethodState {
  /** Candidates kept by prune, in input-side order. */
  readonly kept: readonly Candidate[];
  /** Candidate runs so far, in the order they were staged (baselines are in the context). */
  readonly history: readonly RunRecord[];
}

export interface SelectionMethod {
  readonly name: string;
  readonly description: string;
  prune?(ctx: MethodContext): PruneResult | Promise<PruneResult>;
  /** The next candidate (or its id) to stage, or null to stop. */
  next?(ctx: MethodContext, state: MethodState): Candidate | string | null;
  /** Called after each run: a reason to stop now, or null to go on. */
  stop?(ctx: MethodContext, state: MethodState): string | null;
}

/** Input-side order: the edge gets more of the model with each step. */
export function inputSideOrder(candidates: readonly Candidate[]): Candidate[] {
  return [...candidates].sort(
    (a, b) => a.headFlops - b.headFlops || a.headOps - b.headOps || a.id.localeCompare(b.id),
  );
}

/** The first kept candidate not staged yet. */
export function firstUnstaged(state: MethodState): Candidate | null {
  const staged = new Set(state.history.map((r) => r.key));
  return state.kept.find((c) => !staged.has(c.id)) ?? null;
}
