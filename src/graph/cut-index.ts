/**
 * Checking many cuts of one graph. checkCut (cut.ts) walks string-keyed maps;
 * listing candidates checks hundreds of cuts of a 1,000-op graph, so this
 * precomputes integer adjacency once and each check walks only typed arrays.
 */
import type { CutCheck } from './cut.js';
import type { DataflowGraph } from './graph.js';

interface Written {
  readonly tensor: string;
  readonly readers: Int32Array;
  /** A graph output: read after the last operator, so it crosses any cut it is on the head side of. */
  readonly isOutput: boolean;
}

export class CutIndex {
  private readonly preds: Int32Array[];
  private readonly written: Written[][];
  private readonly inputs: Written[];

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
  }

  /** Ops the tensors depend on: 1 in head, 0 elsewhere (as headOf in cut.ts). */
  head(tensors: readonly string[]): Uint8Array {
    const head = new Uint8Array(this.graph.ops.length);
    const stack: number[] = [];
    for (const t of tensors) {
      const p = this.graph.producer.get(t);
      if (p !== undefined && head[p] === 0) {
        head[p] = 1;
        stack.push(p);
      }
    }
    while (stack.length > 0) {
      for (const p of this.preds[stack.pop()!]!) {
        if (head[p] === 0) {
          head[p] = 1;
          stack.push(p);
        }
      }
    }
    return head;
  }

  /** Tensors that cross from the head side to the tail, in crossingTensors' order. */
  crossing(head: Uint8Array): string[] {
    const out: string[] = [];
    const crosses = (w: Written): boolean => w.isOutput || w.readers.some((r) => head[r] === 0);
    for (const w of this.inputs) if (crosses(w)) out.push(w.tensor);
    for (let i = 0; i < head.length; i++) {
      if (head[i] === 1) for (const w of this.written[i]!) if (crosses(w)) out.push(w.tensor);
    }
    return out;
  }

  /** Same answer as checkCut(graph, tensors). */
  check(tensors: readonly string[]): CutCheck {
    for (const t of tensors) {
      if (!this.graph.producer.has(t) && !this.graph.inputs.includes(t)) {
        return { ok: false, reason: `tensor '${t}' is not a dataflow tensor of this model` };
      }
    }
    const head = this.head(tensors);
    const crossing = this.crossing(head);
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
    return { ok: true, head, tensors: crossing };
  }
}

export function quoteList(names: readonly string[]): string {
  const shown = names.slice(0, 3).map((n) => `'${n}'`);
  return names.length > 3 ? `${shown.join(', ')} and ${names.length - 3} more` : shown.join(', ');
}
