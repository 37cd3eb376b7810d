/**
 * The seam between the model slicer and the ways of choosing where to cut.
 * An algorithm only proposes tensor sets; the caller (src/slice/candidates.ts)
 * checks each with checkCut, drops duplicates and works out sizes, ids and
 * FLOPs, so a plug-in cannot produce an invalid candidate.
 */
import type { DataflowGraph } from '../graph/graph.js';

export interface AlgorithmContext {
  readonly graph: DataflowGraph;
  /** A topological order of graph.ops (indices). */
  readonly order: readonly number[];
  /** Bytes of a dataflow tensor (static size, already resolved). */
  bytesOf(tensor: string): number;
  /** Most tensors a min-cut candidate may carry (--max-tensors, default 4). */
  readonly maxTensors: number;
}

export interface CandidateAlgorithm {
  readonly name: string;
  readonly description: string;
  /**
   * Each cut is the list of tensor names crossing it. Order of cuts: from the
   * input side to the output side, unless the algorithm documents another
   * (min-cut lists the smallest first).
   */
  findCuts(
    ctx: AlgorithmContext,
  ): ReadonlyArray<readonly string[]> | Promise<ReadonlyArray<readonly string[]>>;
}

export const DEFAULT_MAX_TENSORS = 4;
