/**
 * Checking many cuts of one graph. checkCut (cut.ts) walks string-keyed maps;
 * listing candidates checks hundreds of cuts of a 1,000-op graph, so this
 * precomputes integer adjacency once, marks the head with an epoch counter
 * instead of allocating per cut, and walks only typed arrays.
 */
import type { CutCheck } from './cut.js';
import type { DataflowGraph } from './graph.js';

interface Written {
  readonly tensor: string;
  readonly readers: Int32Array;
  /** A graph output: read after the last operator, so it crosses any cut it is on the head side of. */
  readonly isOutput: boolean;
}

/** A checked cut without the 0/1 head array: what listing candidates needs. */
export type LightCheck =
  | { readonly ok: true; readonly tensors: readonly string[]; readonly headOps: readonly number[] }
  | { readonly ok: false; readonly reason: string };

export class CutIndex {
  private readonly preds: Int32Array[];
  private readonly written: Written[][];
  private readonly inputs: Written[];
  /** mark[i] === epoch: op i is in the head of the cut being checked. */
  private readonly mark: Uint32Array;
  private epoch = 0;

  constructor(private readonly graph: DataflowGraph) {
    const outputs = new Set(graph.outputs);
    const written = (t: string): Written => ({
      tensor: t,
      readers: Int32Array.from(graph.consumers.get(t) ?? []),
      isOutput: outputs.has(t),
    });
    this.preds = graph.ops.map((op) => {
      const producers = op.inputs.map((t) => graph.producer.get(t)).filter((p) => p !== undefined);
      return Int32Array.from(new Set(producers));
    });
    this.written = graph.ops.map((op) => op.outputs.map(written));
    this.inputs = graph.inputs.map(written);
    this.mark = new Uint32Array(graph.ops.length);
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
    const crossing = this.crossing();
    const wanted = new Set(tensors);
    const missing = crossing.filter((t) => !wanted.has(t));
    if (missing.length > 0) {
      return { ok: false, reason: `the tail also needs ${quoteList(missing)}, which the cut does not carry` };
    }
    if (crossing.length !== wanted.size) {
      const crossingSet = new Set(crossing);
      const idle = tensors.filter((t) => !crossingSet.has(t));
      return { ok: false, reason: `nothing after the cut reads ${quoteList(idle)}` };
    }
    return { ok: true, tensors: crossing, headOps };
  }

  /** Mark the head of `tensors` with a new epoch; returns its ops. */
  private walk(tensors: readonly string[]): number[] {
    const epoch = ++this.epoch;
    const mark = this.mark;
    const ops: number[] = [];
    for (const t of tensors) {
      const p = this.graph.producer.get(t);
      if (p !== undefined && mark[p] !== epoch) {
        mark[p] = epoch;
        ops.push(p);
      }
    }
    for (let k = 0; k < ops.length; k++) {
      for (const p of this.preds[ops[k]!]!) {
        if (mark[p] !== epoch) {
          mark[p] = epoch;
          ops.push(p);
        }
      }
    }
    return ops;
  }

  /** Tensors crossing from the marked head to the tail, in crossingTensors' order. */
  private crossing(): string[] {
    const { mark, epoch } = this;
    const out: string[] = [];
    const crosses = (w: Written): boolean => {
      if (w.isOutput) return true;
      for (const r of w.readers) if (mark[r] !== epoch) return true;
      return false;
    };
    for (const w of this.inputs) if (crosses(w)) out.push(w.tensor);
    // A plain scan keeps producer order; it is cheaper than sorting the head's op list.
    for (let i = 0; i < mark.length; i++) {
      if (mark[i] === epoch) for (const w of this.written[i]!) if (crosses(w)) out.push(w.tensor);
    }
    return out;
  }

  private toArray(ops: readonly number[]): Uint8Array {
    const head = new Uint8Array(this.graph.ops.length);
    for (const i of ops) head[i] = 1;
    return head;
  }
}

export function quoteList(names: readonly string[]): string {
  const shown = names.slice(0, 3).map((n) => `'${n}'`);
  return names.length > 3 ? `${shown.join(', ')} and ${names.length - 3} more` : shown.join(', ');
}
