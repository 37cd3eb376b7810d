/**
 * The flow network behind `min-cut`, built once per graph and re-solved for
 * each operator with only the terminal edges changed.
 *
 * Every tensor is split into an in-node and an out-node joined by an edge
 * whose capacity is its weight; producer -> in and out -> reader edges are
 * infinite, and so are the reverse edges in -> producer and reader -> in,
 * which make any finite cut closed: an op on the source (head) side drags its
 * inputs' producers along. Graph inputs hang off the source; ops whose
 * outputs nobody reads hang off the sink, so every head op feeds the tail and
 * the head is exactly what the cut tensors depend on (what checkCut expects).
 *
 * `min-cut` solves on RegionCuts (region-cuts.ts) instead, which finds the
 * same cuts faster; this whole-graph network is its reference in the tests
 * and its fallback for graphs the regions do not model.
 */
import { FlowNetwork } from '../../graph/maxflow.js';
import type { AlgorithmContext } from '../algorithm.js';
import type { IntList } from './int-list.js';
import { indexTensors, type TensorIndex } from './tensor-index.js';

/** 'bytes': fewest bytes, then fewest tensors. 'count': fewest tensors, then fewest bytes. */
export type Weighting = 'bytes' | 'count';

const SOURCE = 0;
const SINK = 1;

export class CutNetwork {
  private readonly flow: FlowNetwork;
  readonly index: TensorIndex;
  private readonly tensorEdge: Int32Array;
  private readonly fromSource: Int32Array;
  private readonly toSink: Int32Array;
  private readonly readers: number[][];
  /** Capacity of each tensor's edge under this network's weighting. */
  private readonly weights: Float64Array;
  /** Weight of one tensor under 'count' (a cut of c tensors weighs less than (c + 1) units). */
  readonly unit: number;

  constructor(
    private readonly ctx: AlgorithmContext,
    weighting: Weighting,
  ) {
    this.index = indexTensors(ctx);
    const m = this.index.names.length;
    const n = ctx.graph.ops.length;
    this.flow = new FlowNetwork(2 + n + 2 * m);
    this.tensorEdge = new Int32Array(m);
    this.fromSource = new Int32Array(n);
    this.toSink = new Int32Array(n);
    this.readers = ctx.graph.ops.map((op) =>
      unique(op.outputs.flatMap((t) => ctx.graph.consumers.get(t) ?? [])),
    );
    const { weights, unit } = tensorWeights(tensorBytes(ctx, this.index), weighting);
    this.weights = weights;
    this.unit = unit;
    this.build();
  }

  /** Whether anything reads op v's outputs (else there is no cut "after" it). */
  hasReaders(v: number): boolean {
    return this.readers[v]!.length > 0;
  }

  /** Total weight of a set of tensors under this network's weighting. */
  weightOf(tensors: readonly string[]): number {
    return tensors.reduce((sum, t) => sum + this.weights[this.index.id.get(t)!]!, 0);
  }

  /**
   * The lightest closed cut with v in the head and v's readers in the tail;
   * undefined when none weighs less than `limit` (or none is finite).
   */
  cutAfter(v: number, limit = Infinity): string[] | undefined {
    const readers = this.readers[v]!;
    this.flow.setCapacity(this.fromSource[v]!, Infinity);
    for (const r of readers) this.flow.setCapacity(this.toSink[r]!, Infinity);
    this.flow.resetFlow();
    const value = this.flow.maxFlow(SOURCE, SINK, limit);
    const cut = value >= limit || value === Infinity ? undefined : this.cutTensors();
    this.flow.setCapacity(this.fromSource[v]!, 0);
    for (const r of readers) if (!this.isDeadEnd(r)) this.flow.setCapacity(this.toSink[r]!, 0);
    return cut;
  }

  private cutTensors(): string[] {
    const side = this.flow.sourceSide(SOURCE);
    const out: string[] = [];
    for (let k = 0; k < this.index.names.length; k++) {
      if (side[this.tensorIn(k)] === 1 && side[this.tensorIn(k) + 1] === 0) out.push(this.index.names[k]!);
    }
    return out;
  }

  /** An op nothing reads and that writes no graph output: it can only sit in the tail. */
  private isDeadEnd(i: number): boolean {
    if (this.index.isSink[i] === 0) return false;
    const outputs = this.ctx.graph.outputs;
    return !this.ctx.graph.ops[i]!.outputs.some((t) => outputs.includes(t));
  }

  private opNode(i: number): number {
    return 2 + i;
  }

  private tensorIn(k: number): number {
    return 2 + this.ctx.graph.ops.length + 2 * k;
  }

  private build(): void {
    const { graph } = this.ctx;
    const f = this.flow;
    this.weights.forEach(
      (w, k) => (this.tensorEdge[k] = f.addEdge(this.tensorIn(k), this.tensorIn(k) + 1, w)),
    );
    for (const t of graph.inputs) f.addEdge(SOURCE, this.tensorIn(this.index.id.get(t)!), Infinity);
    // A graph output is read after the last operator: it stays on the sink side.
    for (const t of graph.outputs) {
      const k = this.index.id.get(t);
      if (k !== undefined) f.addEdge(this.tensorIn(k) + 1, SINK, Infinity);
    }
    for (const op of graph.ops) {
      const node = this.opNode(op.index);
      for (const t of op.outputs) {
        const k = this.index.id.get(t)!;
        f.addEdge(node, this.tensorIn(k), Infinity);
        f.addEdge(this.tensorIn(k), node, Infinity);
      }
      for (const t of op.inputs) {
        const k = this.index.id.get(t);
        if (k === undefined) continue;
        f.addEdge(this.tensorIn(k) + 1, node, Infinity);
        f.addEdge(node, this.tensorIn(k), Infinity);
      }
      this.fromSource[op.index] = f.addEdge(SOURCE, node, 0);
      this.toSink[op.index] = f.addEdge(node, SINK, this.isDeadEnd(op.index) ? Infinity : 0);
    }
  }
}

/**
 * What `min-cut` asks of a cut finder: CutNetwork (one flow network of the
 * whole graph per weighting) or RegionCuts (a small network per operator).
 * Tensors are named, or given as ids of `index` (what min-cut works with: a
 * listing asks two thousand times, and names cost a lookup each).
 */
export interface CutFinder {
  readonly index: TensorIndex;
  /** Whether anything reads op v's outputs (else there is no cut "after" it). */
  hasReaders(v: number): boolean;
  /** Weight of one tensor under 'count' (1 under 'bytes'). */
  unit(weighting: Weighting): number;
  /** Total weight of a set of tensors under a weighting. */
  weightOf(weighting: Weighting, tensors: readonly string[]): number;
  weightOfIds(weighting: Weighting, ids: IntList): number;
  /** The lightest closed cut with v in the head and v's readers in the tail, if it weighs less than `limit`. */
  cutAfter(v: number, weighting: Weighting, limit: number): string[] | undefined;
  /**
   * As cutAfter, the tensors' ids in ascending order written into `out`
   * (emptied first); false when there is no such cut. Two thousand flows a
   * listing mostly find cuts already found: nothing is allocated for them.
   */
  cutIdsInto(v: number, weighting: Weighting, limit: number, out: IntList): boolean;
}

/** A CutFinder over two whole-graph networks. */
export function wholeGraphCuts(ctx: AlgorithmContext): CutFinder {
  const networks = { bytes: new CutNetwork(ctx, 'bytes'), count: new CutNetwork(ctx, 'count') };
  const index = networks.bytes.index;
  const cutAfter = (v: number, weighting: Weighting, limit: number): string[] | undefined =>
    networks[weighting].cutAfter(v, limit);
  return {
    index,
    hasReaders: (v) => networks.bytes.hasReaders(v),
    unit: (weighting) => networks[weighting].unit,
    weightOf: (weighting, tensors) => networks[weighting].weightOf(tensors),
    weightOfIds: (weighting, ids) => {
      const names: string[] = [];
      for (let i = 0; i < ids.length; i++) names.push(index.names[ids.get(i)]!);
      return networks[weighting].weightOf(names);
    },
    cutAfter,
    cutIdsInto: (v, weighting, limit, out) => {
      out.clear();
      const cut = cutAfter(v, weighting, limit);
      if (cut === undefined) return false;
      for (const t of cut) out.push(index.id.get(t)!);
      return true;
    },
  };
}

/** Whole bytes of each tensor in index order (unknown or non-positive sizes count as 0). */
export function tensorBytes(ctx: AlgorithmContext, index: TensorIndex): Float64Array {
  const bytes = new Float64Array(index.names.length);
  for (let k = 0; k < bytes.length; k++) {
    const b = ctx.bytesOf(index.names[k]!);
    bytes[k] = Number.isFinite(b) && b > 0 ? Math.ceil(b) : 0;
  }
  return bytes;
}

/** Integral capacities for the objective, scaled so every cut's weight stays exact in a double. */
export function tensorWeights(
  bytes: Float64Array,
  weighting: Weighting,
): { weights: Float64Array; unit: number } {
  const m = bytes.length;
  const budget = 2 ** 50;
  // Plain loops: Float64Array.from with a mapping function boxed every value
  // and showed in min-cut's profile.
  const weights = new Float64Array(m);
  if (weighting === 'bytes') {
    // bytes * (m + 1) + 1: one byte less outweighs any difference in tensor count.
    let total = 0;
    for (let k = 0; k < m; k++) total += bytes[k]!;
    const scale = Math.max(1, Math.ceil((total * (m + 1)) / budget));
    for (let k = 0; k < m; k++) weights[k] = Math.ceil(bytes[k]! / scale) * (m + 1) + 1;
    return { weights, unit: 1 };
  }
  // unit + bytes normalised to R, unit = m * R + 1: one tensor less outweighs all bytes.
  let max = 0;
  for (let k = 0; k < m; k++) max = Math.max(max, bytes[k]!);
  const resolution = Math.max(1, Math.floor(budget / (m * m + 1)));
  const unit = m * resolution + 1;
  for (let k = 0; k < m; k++) weights[k] = unit + (max > 0 ? Math.round((bytes[k]! / max) * resolution) : 0);
  return { weights, unit };
}

function unique(values: number[]): number[] {
  return [...new Set(values)];
}
