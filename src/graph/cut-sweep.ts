/**
 * Checking the many cuts of one listing, each from the head of the cut
 * before. Candidate algorithms propose a cut after (nearly) every operator,
 * and neighbouring cuts' heads differ by a few operators; walking each head
 * from scratch (CutIndex) made listing quadratic in the graph's size. Here the
 * head is a bitset, the step from one head to the next touches only the
 * operators that changed side, and per-tensor counters keep the set of
 * tensors crossing to the tail up to date, so a cut is checked in time
 * proportional to that change (plus one pass over the bitset's words).
 *
 * The answers are CutIndex's: the same verdicts, tensors in the same order,
 * the same head size and summed weight. Anything unusual (a rejected cut, whose
 * reason CutIndex words; weights whose sum could round; a graph input that
 * an operator also writes) is answered by CutIndex itself.
 */
import { CutIndex } from './cut-index.js';
import type { DataflowGraph } from './graph.js';

export type SweepCheck =
  | {
      readonly ok: true;
      /** The cut's tensors without duplicates: graph inputs first, then by producer position. */
      readonly tensors: readonly string[];
      /** Count of ops on the head side. */
      readonly headOps: number;
      /** Sum of the weights of the head's ops. */
      readonly headWeight: number;
    }
  | { readonly ok: false; readonly reason: string };

export interface CutSweepOptions {
  /**
   * Up to this many ops, each op's ancestors are kept as a bitset (n² / 8
   * bytes: 2 MiB at 4,096) and a head is the union of a few of them; above
   * it, heads are walked.
   */
  readonly ancestorBitsUpTo?: number;
}

export class CutSweep {
  private readonly words: number;
  private readonly names: string[] = [];
  private readonly idOf = new Map<string, number>();
  /** Producer of each tensor id, -1 for graph inputs. */
  private readonly producerOf: Int32Array;
  private readonly isOutput: Uint8Array;
  private readonly readerCount: Int32Array;
  /** Input tensor ids of op i: inIds[inStart[i] .. inStart[i + 1] - 1]; outputs likewise. */
  private readonly inIds: Int32Array;
  private readonly inStart: Int32Array;
  private readonly outIds: Int32Array;
  private readonly outStart: Int32Array;
  /** Row i (words long): op i and all its ancestors; undefined above the size limit. */
  private readonly ancestors: Uint32Array | undefined;
  /** Every cut goes to CutIndex (a tensor written twice, or a graph input an op also writes). */
  private readonly slowOnly: boolean;
  private readonly exactWeights: boolean;
  private index: CutIndex | undefined;

  /** The current head, and the head of the cut being checked. */
  private readonly current: Uint32Array;
  private readonly target: Uint32Array;
  private readonly stack: Int32Array;
  /** Readers of each tensor inside the current head. */
  private readonly headReaders: Int32Array;
  private readonly crossing: Uint8Array;
  private crossCount = 0;
  private headCount = 0;
  private headSum = 0;
  private readonly seen: Uint32Array;
  private epoch = 0;
  /** The ids of the cut being checked, ascending (at most one per tensor). */
  private readonly ids: Int32Array;

  constructor(
    private readonly graph: DataflowGraph,
    private readonly weights: readonly number[] = [],
    options: CutSweepOptions = {},
  ) {
    const n = graph.ops.length;
    this.words = Math.ceil(n / 32);
    let unusual = false;
    for (const t of graph.inputs) this.idFor(t);
    const outs: number[] = [];
    this.outStart = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      this.outStart[i] = outs.length;
      for (const t of graph.ops[i]!.outputs) {
        // A tensor written twice, or a graph input an op also writes: CutIndex's answer stands.
        if (this.idOf.has(t)) unusual = true;
        outs.push(this.idFor(t));
      }
    }
    this.outStart[n] = outs.length;
    this.outIds = Int32Array.from(outs);
    const m = this.names.length;
    this.producerOf = new Int32Array(m).fill(-1);
    for (let i = 0; i < n; i++) {
      for (let k = this.outStart[i]!; k < this.outStart[i + 1]!; k++) this.producerOf[this.outIds[k]!] = i;
    }
    const ins: number[] = [];
    this.inStart = new Int32Array(n + 1);
    this.readerCount = new Int32Array(m);
    for (let i = 0; i < n; i++) {
      this.inStart[i] = ins.length;
      for (const t of graph.ops[i]!.inputs) {
        const id = this.idOf.get(t);
        if (id === undefined) continue; // not dataflow: never on either side of a cut
        ins.push(id);
        this.readerCount[id]!++;
      }
    }
    this.inStart[n] = ins.length;
    this.inIds = Int32Array.from(ins);
    this.isOutput = new Uint8Array(m);
    for (const t of graph.outputs) {
      const id = this.idOf.get(t);
      if (id !== undefined) this.isOutput[id] = 1;
    }
    this.slowOnly = unusual;
    this.exactWeights = exactSums(weights, n);
    this.ancestors = n <= (options.ancestorBitsUpTo ?? 4096) ? this.ancestorRows() : undefined;
    this.current = new Uint32Array(this.words);
    this.target = new Uint32Array(this.words);
    this.stack = new Int32Array(n);
    this.headReaders = new Int32Array(m);
    this.crossing = new Uint8Array(m);
    this.seen = new Uint32Array(m);
    this.ids = new Int32Array(m);
    // The empty head: graph inputs that are read or are outputs cross.
    for (let id = 0; id < m; id++) this.update(id);
  }

  /** Same verdict and tensors as CutIndex.checkLight; head size and weight instead of the head's ops. */
  check(tensors: readonly string[]): SweepCheck {
    if (this.slowOnly || !this.exactWeights) return this.slow(tensors);
    const epoch = ++this.epoch;
    // The cut's ids go into a reused buffer: a JS array and Array#sort with
    // a comparator allocated about a kilobyte per cut, a megabyte per listing.
    const ids = this.ids;
    let count = 0;
    for (let j = 0; j < tensors.length; j++) {
      const id = this.idOf.get(tensors[j]!);
      if (id === undefined) return this.slow(tensors);
      if (this.seen[id] === epoch) continue;
      this.seen[id] = epoch;
      ids[count++] = id;
    }
    sortAscending(ids, count);
    this.fillTarget(ids, count);
    this.moveToTarget();
    let valid = this.crossCount === count;
    for (let j = 0; j < count; j++) if (this.crossing[ids[j]!] === 0) valid = false;
    // A rejected cut is rare (plug-ins): CutIndex says why.
    if (!valid) return this.slow(tensors);
    // Exact size: an array grown by push from empty holds 17 slots.
    const names = new Array<string>(count);
    for (let j = 0; j < count; j++) names[j] = this.names[ids[j]!]!;
    return { ok: true, tensors: names, headOps: this.headCount, headWeight: this.headSum };
  }

  private idFor(t: string): number {
    let id = this.idOf.get(t);
    if (id === undefined) {
      id = this.names.length;
      this.idOf.set(t, id);
      this.names.push(t);
    }
    return id;
  }

  /**
   * Each op's row: itself and its producers' rows, filled depth-first (ops in
   * file order need not be topological). Undefined on a cycle: heads are then walked.
   */
  private ancestorRows(): Uint32Array | undefined {
    const { words } = this;
    const n = this.graph.ops.length;
    const rows = new Uint32Array(n * words);
    // 0: not seen, 1: entered (its producers are being filled), 2: filled.
    const state = new Uint8Array(n);
    const stack: number[] = [];
    for (let root = 0; root < n; root++) {
      stack.push(root);
      while (stack.length > 0) {
        const op = stack[stack.length - 1]!;
        if (state[op] === 2) {
          stack.pop();
          continue;
        }
        if (state[op] === 0) {
          state[op] = 1;
          let pending = false;
          for (let k = this.inStart[op]!; k < this.inStart[op + 1]!; k++) {
            const p = this.producerOf[this.inIds[k]!]!;
            if (p < 0 || state[p] === 2) continue;
            if (state[p] === 1) return undefined; // p is waiting on op: a cycle
            stack.push(p);
            pending = true;
          }
          if (pending) continue;
        }
        this.fillRow(rows, op);
        state[op] = 2;
        stack.pop();
      }
    }
    return rows;
  }

  private fillRow(rows: Uint32Array, op: number): void {
    const { words } = this;
    const row = op * words;
    rows[row + (op >>> 5)]! |= 1 << (op & 31);
    for (let k = this.inStart[op]!; k < this.inStart[op + 1]!; k++) {
      const p = this.producerOf[this.inIds[k]!]!;
      if (p < 0) continue;
      const from = p * words;
      for (let w = 0; w < words; w++) rows[row + w]! |= rows[from + w]!;
    }
  }

  /** The head of the cut tensors ids[0 .. count - 1] into `target`. */
  private fillTarget(ids: Int32Array, count: number): void {
    const { target, words, ancestors } = this;
    target.fill(0);
    if (ancestors) {
      for (let j = 0; j < count; j++) {
        const p = this.producerOf[ids[j]!]!;
        if (p < 0) continue;
        const from = p * words;
        for (let w = 0; w < words; w++) target[w]! |= ancestors[from + w]!;
      }
      return;
    }
    const { stack } = this;
    let top = 0;
    const visit = (op: number): void => {
      const bit = 1 << (op & 31);
      if ((target[op >>> 5]! & bit) !== 0) return;
      target[op >>> 5]! |= bit;
      stack[top++] = op;
    };
    for (let j = 0; j < count; j++) if (this.producerOf[ids[j]!]! >= 0) visit(this.producerOf[ids[j]!]!);
    while (top > 0) {
      const op = stack[--top]!;
      for (let k = this.inStart[op]!; k < this.inStart[op + 1]!; k++) {
        const p = this.producerOf[this.inIds[k]!]!;
        if (p >= 0) visit(p);
      }
    }
  }

  /** Move every op whose side differs between the current head and the target. */
  private moveToTarget(): void {
    const { current, target } = this;
    for (let w = 0; w < this.words; w++) {
      let diff = current[w]! ^ target[w]!;
      if (diff === 0) continue;
      const added = diff & target[w]!;
      current[w] = target[w]!;
      while (diff !== 0) {
        const bit = diff & -diff;
        diff ^= bit;
        const op = (w << 5) + 31 - Math.clz32(bit);
        this.move(op, (added & bit) !== 0 ? 1 : -1);
      }
    }
  }

  /** Op `op` joins (+1) or leaves (-1) the head; `current` already says so. */
  private move(op: number, step: 1 | -1): void {
    this.headCount += step;
    if (this.weights.length > 0) this.headSum += step * this.weights[op]!;
    for (let k = this.inStart[op]!; k < this.inStart[op + 1]!; k++) {
      const id = this.inIds[k]!;
      this.headReaders[id]! += step;
      this.update(id);
    }
    for (let k = this.outStart[op]!; k < this.outStart[op + 1]!; k++) this.update(this.outIds[k]!);
  }

  /** Recount whether tensor `id` crosses: written on the head side and read on the tail side (or an output). */
  private update(id: number): void {
    const p = this.producerOf[id]!;
    const headSide = p < 0 || (this.current[p >>> 5]! & (1 << (p & 31))) !== 0;
    const crosses =
      headSide && (this.isOutput[id] === 1 || this.headReaders[id]! < this.readerCount[id]!) ? 1 : 0;
    if (crosses !== this.crossing[id]) {
      this.crossing[id] = crosses;
      this.crossCount += crosses === 1 ? 1 : -1;
    }
  }

  /** CutIndex's answer, with the head's weight summed in its order. */
  private slow(tensors: readonly string[]): SweepCheck {
    this.index ??= new CutIndex(this.graph);
    const check = this.index.checkLight(tensors);
    if (!check.ok) return check;
    let headWeight = 0;
    if (this.weights.length > 0) {
      for (let k = 0; k < check.headOps.length; k++) headWeight += this.weights[check.headOps[k]!]!;
    }
    return { ok: true, tensors: check.tensors, headOps: check.headOps.length, headWeight };
  }
}

/** Sort ids[0 .. count - 1] in place: by insertion for the handful a cut usually has. */
function sortAscending(ids: Int32Array, count: number): void {
  if (count > 16) {
    ids.subarray(0, count).sort();
    return;
  }
  for (let i = 1; i < count; i++) {
    const id = ids[i]!;
    let at = i;
    for (; at > 0 && ids[at - 1]! > id; at--) ids[at] = ids[at - 1]!;
    ids[at] = id;
  }
}

/**
 * Whether adding and removing weights in any order gives exactly the sum
 * over the head: integers whose total magnitude stays below 2^53 (FLOPs are
 * integer counts). No weights at all count as exact (the sums stay 0).
 */
function exactSums(weights: readonly number[], n: number): boolean {
  if (weights.length === 0) return true;
  if (weights.length !== n) return false;
  let total = 0;
  for (const w of weights) {
    if (!Number.isSafeInteger(w)) return false;
    total += Math.abs(w);
  }
  return total <= Number.MAX_SAFE_INTEGER;
}
