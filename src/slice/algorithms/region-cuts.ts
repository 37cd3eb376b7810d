/**
 * The cuts of `min-cut` found on a small flow network per operator instead
 * of the whole graph; the same cuts as CutNetwork (the tests compare them).
 *
 * A closed cut with v in the head holds every ancestor of v, and one with
 * v's readers in the tail holds every descendant of a reader (and the ops
 * nothing reads). Only the other ops are free. Articulation segments
 * (segments.ts) bound the search for those: ops below v's segment are
 * ancestors of v, ops above the lowest reader's segment descend from every
 * reader. The network then has a node per free op; tensors from the head to
 * the tail always cross and only add to the weight; a tensor from the head
 * to free readers hangs off the source, one from a free op to the tail runs
 * to the sink. The residual network's source side is the smallest cheapest
 * head, as on the whole network, so the answer is the same tensor set.
 */
import { FlowNetwork } from '../../graph/maxflow.js';
import type { AlgorithmContext } from '../algorithm.js';
import type { CutLayout, Lists } from './cut-layout.js';
import { IntList } from './int-list.js';
import type { TensorIndex } from './tensor-index.js';
import { tensorBytes, tensorWeights, type CutFinder, type Weighting } from './cut-network.js';

const SOURCE = 0;
const SINK = 1;

export class RegionCuts implements CutFinder {
  readonly index: TensorIndex;
  private readonly flow = new FlowNetwork(2);
  private readonly weights: Record<Weighting, Float64Array>;
  private readonly units: Record<Weighting, number>;
  /** headMark[i] / freeMark[i] === stamp: op i is in the head / free for the op being solved. */
  private readonly headMark: Uint32Array;
  private readonly tailMark: Uint32Array;
  private readonly freeMark: Uint32Array;
  /** Node of each free op in the flow network. */
  private readonly node: Int32Array;
  private stamp = 0;
  private preparedFor = -1;
  private low = 0;
  private high = 0;
  /** Ops in the head / tail for the op being solved, those below / above the region left out. */
  private readonly headOps = new IntList();
  private readonly tailOps = new IntList();
  /** Tensors that cross whatever the free ops do. */
  private readonly fixed = new IntList();
  /** The flow edge of each other tensor that may cross, with its tensor id and ends. */
  private readonly edgeIds = new IntList();
  private readonly edgeTensors = new IntList();
  private readonly edgeFrom = new IntList();
  private readonly edgeTo = new IntList();
  private readonly scratch = new IntList();
  private readonly free = new IntList();

  constructor(
    ctx: AlgorithmContext,
    private readonly layout: CutLayout,
  ) {
    this.index = layout.index;
    const bytes = tensorBytes(ctx, layout.index);
    const cheap = tensorWeights(bytes, 'bytes');
    const narrow = tensorWeights(bytes, 'count');
    this.weights = { bytes: cheap.weights, count: narrow.weights };
    this.units = { bytes: cheap.unit, count: narrow.unit };
    const n = ctx.graph.ops.length;
    this.headMark = new Uint32Array(n);
    this.tailMark = new Uint32Array(n);
    this.freeMark = new Uint32Array(n);
    this.node = new Int32Array(n);
  }

  hasReaders(v: number): boolean {
    const { start } = this.layout.succs;
    return start[v + 1]! > start[v]!;
  }

  unit(weighting: Weighting): number {
    return this.units[weighting];
  }

  weightOf(weighting: Weighting, tensors: readonly string[]): number {
    const w = this.weights[weighting];
    let sum = 0;
    for (const t of tensors) sum += w[this.index.id.get(t)!]!;
    return sum;
  }

  weightOfIds(weighting: Weighting, ids: IntList): number {
    const w = this.weights[weighting];
    let sum = 0;
    for (let i = 0; i < ids.length; i++) sum += w[ids.get(i)]!;
    return sum;
  }

  /** As CutNetwork.cutAfter; undefined for an op nothing reads (min-cut never asks). */
  cutAfter(v: number, weighting: Weighting, limit: number): string[] | undefined {
    const ids = new IntList();
    if (!this.cutIdsInto(v, weighting, limit, ids)) return undefined;
    const names: string[] = [];
    for (let i = 0; i < ids.length; i++) names.push(this.index.names[ids.get(i)]!);
    return names;
  }

  cutIdsInto(v: number, weighting: Weighting, limit: number, out: IntList): boolean {
    out.clear();
    if (!this.hasReaders(v)) return false;
    this.prepare(v);
    const w = this.weights[weighting];
    let fixedWeight = 0;
    const { fixed } = this;
    for (let i = 0; i < fixed.length; i++) fixedWeight += w[fixed.get(i)]!;
    const { edgeIds, edgeTensors, edgeFrom, edgeTo } = this;
    for (let i = 0; i < edgeIds.length; i++) this.flow.setCapacity(edgeIds.get(i), w[edgeTensors.get(i)]!);
    this.flow.resetFlow();
    // The fixed tensors cross in every candidate, so the flow has that much less room.
    const rest = limit - fixedWeight;
    const value = this.flow.maxFlow(SOURCE, SINK, rest);
    if (value >= rest || value === Infinity) return false;
    const side = this.flow.sourceSide(SOURCE);
    for (let i = 0; i < fixed.length; i++) out.push(fixed.get(i));
    for (let i = 0; i < edgeIds.length; i++) {
      if (side[edgeFrom.get(i)] === 1 && side[edgeTo.get(i)] === 0) out.push(edgeTensors.get(i));
    }
    // Tensor id order, as CutNetwork lists them.
    out.sortAscending();
    return true;
  }

  /** Build the network for the cut after v (kept for the next call on the same v). */
  private prepare(v: number): void {
    if (this.preparedFor === v) return;
    this.preparedFor = v;
    const stamp = ++this.stamp;
    const { segment, succs, preds, writes, entering } = this.layout;
    this.low = segment[v]!;
    let high = segment.length; // above any segment
    for (let i = succs.start[v]!; i < succs.start[v + 1]!; i++)
      high = Math.min(high, segment[succs.items[i]!]!);
    this.high = high;
    this.headOps.clear();
    this.headOps.push(v);
    this.spread(this.headOps, preds, this.headMark, true);
    this.tailOps.clear();
    for (let i = succs.start[v]!; i < succs.start[v + 1]!; i++) this.tailOps.push(succs.items[i]!);
    this.spread(this.tailOps, succs, this.tailMark, false);
    this.flow.clear(2);
    this.fixed.clear();
    this.edgeIds.clear();
    this.edgeTensors.clear();
    this.edgeFrom.clear();
    this.edgeTo.clear();
    const free = this.freeOps(stamp);
    for (let j = 0; j < this.headOps.length; j++) {
      const u = this.headOps.get(j);
      for (let i = writes.start[u]!; i < writes.start[u + 1]!; i++) this.headTensor(writes.items[i]!);
    }
    for (let i = entering.start[this.low]!; i < entering.start[this.low + 1]!; i++) {
      this.headTensor(entering.items[i]!);
    }
    for (let j = 0; j < free.length; j++) {
      const u = free.get(j);
      for (let i = writes.start[u]!; i < writes.start[u + 1]!; i++) this.freeTensor(u, writes.items[i]!);
      // Closed cuts: a free op in the head drags its free producers along.
      for (let i = preds.start[u]!; i < preds.start[u + 1]!; i++) {
        const p = preds.items[i]!;
        if (this.freeMark[p] === stamp) this.flow.addEdge(this.node[u]!, this.node[p]!, Infinity);
      }
    }
  }

  /**
   * Mark `ops` and everything reachable from them along `next`, appending
   * to `ops`; upwards (to producers) it stays at or above the low segment,
   * downwards at or below the high one.
   */
  private spread(ops: IntList, next: Lists, mark: Uint32Array, up: boolean): void {
    const { stamp, low, high } = this;
    const { segment } = this.layout;
    for (let k = 0; k < ops.length; k++) mark[ops.get(k)] = stamp;
    for (let k = 0; k < ops.length; k++) {
      const u = ops.get(k);
      for (let i = next.start[u]!; i < next.start[u + 1]!; i++) {
        const w = next.items[i]!;
        if (mark[w] === stamp || (up ? segment[w]! < low : segment[w]! > high)) continue;
        mark[w] = stamp;
        ops.push(w);
      }
    }
  }

  /** Ops of the region that neither side forces; each gets a flow node. */
  private freeOps(stamp: number): IntList {
    const { bySegment, deadEnd } = this.layout;
    const free = this.free;
    free.clear();
    for (let i = bySegment.start[this.low]!; i < bySegment.start[this.high + 1]!; i++) {
      const u = bySegment.items[i]!;
      if (this.headMark[u] === stamp || this.tailMark[u] === stamp || deadEnd[u] === 1) continue;
      this.freeMark[u] = stamp;
      this.node[u] = this.flow.addNode();
      free.push(u);
    }
    return free;
  }

  /** A tensor written on the head side: crosses if a tail op reads it, may cross if a free op does. */
  private headTensor(k: number): void {
    if (this.layout.isOutput[k] === 1) {
      this.fixed.push(k);
      return;
    }
    if (this.freeReaders(k)) this.fixed.push(k);
    else if (this.scratch.length > 0) this.tensorEdge(k, SOURCE);
  }

  /** A tensor a free op writes: crosses when the op is in the head and a tail op (or the end) reads it. */
  private freeTensor(u: number, k: number): void {
    const tail = this.freeReaders(k) || this.layout.isOutput[k] === 1;
    if (tail) this.tensorEdge(k, this.node[u]!, SINK);
    else if (this.scratch.length > 0) this.tensorEdge(k, this.node[u]!);
  }

  /**
   * Fill scratch with the nodes of k's free readers; true when a tail op
   * reads k. Each reader's side is decided here, not by a helper: this runs
   * for every tensor of every head op, tens of thousands of times a
   * listing, and before the optimising compiler has caught up (the first
   * listings of a process) each call costs more than the test itself.
   */
  private freeReaders(k: number): boolean {
    this.scratch.clear();
    const { readers, segment } = this.layout;
    const { low, high, stamp, headMark, freeMark } = this;
    for (let i = readers.start[k]!; i < readers.start[k + 1]!; i++) {
      const r = readers.items[i]!;
      const s = segment[r]!;
      // On the head side: below the region, or in v's head.
      if (s < low || headMark[r] === stamp) continue;
      // On the tail side: above the region, or in it but not free.
      if (s > high || freeMark[r] !== stamp) return true;
      this.scratch.push(this.node[r]!);
    }
    return false;
  }

  /**
   * The edge carrying tensor k out of `from`: straight to `to` (the sink) or
   * to its one free reader, else through a node that feeds every free reader.
   */
  private tensorEdge(k: number, from: number, to?: number): void {
    const readers = this.scratch;
    const end = to ?? (readers.length === 1 ? readers.get(0) : this.flow.addNode());
    this.edgeIds.push(this.flow.addEdge(from, end, 0));
    this.edgeTensors.push(k);
    this.edgeFrom.push(from);
    this.edgeTo.push(end);
    if (to === undefined && readers.length > 1) {
      for (let i = 0; i < readers.length; i++) this.flow.addEdge(end, readers.get(i), Infinity);
    }
  }
}
