/**
 * Checking many cuts of one graph. checkCut (cut.ts) is the readable
 * definition; listing candidates checks up to one cut per operator of a
 * 1,000-op graph, so this flattens the graph into typed arrays once, marks
 * each head with an epoch counter instead of allocating, and visits only the
 * head's operators and their out-edges.
 */
import type { CutCheck } from './cut.js';
import type { DataflowGraph } from './graph.js';

/**
 * A checked cut without the 0/1 head array: what listing candidates needs.
 * `headOps` is a view on a buffer the next check overwrites: use it at once.
 */
export type LightCheck =
  | { readonly ok: true; readonly tensors: readonly string[]; readonly headOps: Int32Array }
  | { readonly ok: false; readonly reason: string };

export class CutIndex {
  /** Tensor ids: graph inputs first, then each op's outputs in op order, so ids sort in crossingTensors' order. */
  private readonly names: string[] = [];
  private readonly idOf = new Map<string, number>();
  private readonly inputIds: Int32Array;
  /** Outputs of op i are ids outStart[i] .. outStart[i + 1] - 1 (outputs never written twice here). */
  private readonly outIds: Int32Array;
  private readonly outStart: Int32Array;
  /** Readers of tensor t are readers[readStart[t] .. readStart[t + 1] - 1]. */
  private readonly readers: Int32Array;
  private readonly readStart: Int32Array;
  private readonly isOutput: Uint8Array;
  private readonly preds: Int32Array[];
  /** mark[i] === epoch: op i is in the head being checked; wanted[t] === epoch: t is a cut tensor. */
  private readonly mark: Uint32Array;
  private readonly wanted: Uint32Array;
  /** The head's ops of the cut being checked, in visiting order (reused: no allocation per cut). */
  private readonly stack: Int32Array;
  private epoch = 0;

  constructor(private readonly graph: DataflowGraph) {
    const add = (t: string): number => {
      let id = this.idOf.get(t);
      if (id === undefined) {
        id = this.names.length;
        this.idOf.set(t, id);
        this.names.push(t);
      }
      return id;
    };
    this.inputIds = Int32Array.from(graph.inputs, add);
    const outs: number[] = [];
    this.outStart = new Int32Array(graph.ops.length + 1);
    graph.ops.forEach((op, i) => {
      this.outStart[i] = outs.length;
      for (const t of op.outputs) outs.push(add(t));
    });
    this.outStart[graph.ops.length] = outs.length;
    this.outIds = Int32Array.from(outs);
    const m = this.names.length;
    this.readStart = new Int32Array(m + 1);
    const readers: number[] = [];
    this.names.forEach((t, id) => {
      this.readStart[id] = readers.length;
      for (const r of graph.consumers.get(t) ?? []) readers.push(r);
    });
    this.readStart[m] = readers.length;
    this.readers = Int32Array.from(readers);
    this.isOutput = new Uint8Array(m);
    for (const t of graph.outputs) {
      const id = this.idOf.get(t);
      if (id !== undefined) this.isOutput[id] = 1;
    }
    this.preds = graph.ops.map((op) => {
      const producers = op.inputs.map((t) => graph.producer.get(t)).filter((p) => p !== undefined);
      return Int32Array.from(new Set(producers));
    });
    this.mark = new Uint32Array(graph.ops.length);
    this.wanted = new Uint32Array(m);
    this.stack = new Int32Array(graph.ops.length);
  }

  /** Ops the tensors depend on: 1 in head, 0 elsewhere (as headOf in cut.ts). */
  head(tensors: readonly string[]): Uint8Array {
    return this.toArray(this.walk(tensors));
  }

  /** Same answer as checkCut(graph, tensors). */
  check(tensors: readonly string[]): CutCheck {
    const light = this.checkLight(tensors);
    return light.ok ? { ok: true, head: this.toArray(light.headOps), tensors: light.tensors } : light;
  }

  /** As check, with the head as a list of op indices. */
  checkLight(tensors: readonly string[]): LightCheck {
    for (const t of tensors) {
      if (!this.graph.producer.has(t) && !this.graph.inputs.includes(t)) {
        return { ok: false, reason: `tensor '${t}' is not a dataflow tensor of this model` };
      }
    }
    const headOps = this.walk(tensors);
    const epoch = this.epoch;
    let distinct = 0;
    for (const t of tensors) {
      const id = this.idOf.get(t)!;
      if (this.wanted[id] !== epoch) distinct++;
      this.wanted[id] = epoch;
    }
    const crossing = this.crossing(headOps);
    const missing = crossing.filter((id) => this.wanted[id] !== epoch).map((id) => this.names[id]!);
    if (missing.length > 0) {
      return { ok: false, reason: `the tail also needs ${quoteList(missing)}, which the cut does not carry` };
    }
    if (crossing.length !== distinct) {
      const crossingSet = new Set(crossing.map((id) => this.names[id]!));
      const idle = tensors.filter((t) => !crossingSet.has(t));
      return { ok: false, reason: `nothing after the cut reads ${quoteList(idle)}` };
    }
    return { ok: true, tensors: crossing.map((id) => this.names[id]!), headOps };
  }

  /** Mark the head of `tensors` with a new epoch; returns its ops (a view on `stack`). */
  private walk(tensors: readonly string[]): Int32Array {
    const epoch = ++this.epoch;
    const { mark, stack } = this;
    let n = 0;
    for (const t of tensors) {
      const p = this.graph.producer.get(t);
      if (p !== undefined && mark[p] !== epoch) {
        mark[p] = epoch;
        stack[n++] = p;
      }
    }
    for (let k = 0; k < n; k++) {
      for (const p of this.preds[stack[k]!]!) {
        if (mark[p] !== epoch) {
          mark[p] = epoch;
          stack[n++] = p;
        }
      }
    }
    return stack.subarray(0, n);
  }

  /** Ids of the tensors crossing from the marked head to the tail, in crossingTensors' order. */
  private crossing(headOps: Int32Array): number[] {
    const out: number[] = [];
    for (const id of this.inputIds) if (this.crosses(id)) out.push(id);
    for (const op of headOps) {
      for (let k = this.outStart[op]!; k < this.outStart[op + 1]!; k++) {
        const id = this.outIds[k]!;
        if (this.crosses(id)) out.push(id);
      }
    }
    // Ids follow producer order; the few crossing tensors are cheap to sort.
    return out.sort((a, b) => a - b);
  }

  /** Whether a head-side tensor is a graph output or read by an op outside the marked head. */
  private crosses(id: number): boolean {
    if (this.isOutput[id] === 1) return true;
    const { readers, mark, epoch } = this;
    for (let k = this.readStart[id]!; k < this.readStart[id + 1]!; k++) {
      if (mark[readers[k]!] !== epoch) return true;
    }
    return false;
  }

  private toArray(ops: ArrayLike<number>): Uint8Array {
    const head = new Uint8Array(this.graph.ops.length);
    for (let k = 0; k < ops.length; k++) head[ops[k]!] = 1;
    return head;
  }
}

export function quoteList(names: readonly string[]): string {
  const shown = names.slice(0, 3).map((n) => `'${n}'`);
  return names.length > 3 ? `${shown.join(', ')} and ${names.length - 3} more` : shown.join(', ');
}
