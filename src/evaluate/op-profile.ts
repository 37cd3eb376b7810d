/**
 * Per-operator compute times from onnxruntime's profiler: run the whole model
 * a few times with profiling on (graph optimisation off, so trace events keep
 * the model's node names), read the trace's node events and give each
 * dataflow operator its mean kernel time. A candidate's head share is then
 * the head operators' time over the total: a better guide than FLOPs, which
 * miss memory-bound operators (pooling, concatenation, activations).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RuntimeError } from '../core/errors.js';
import type { Runtime } from '../runtime/runtime.js';
import { candidateHead, type AnalysedModel, type Candidate } from '../slice/candidates.js';
import { modelInputSpecs, seededInputs } from '../slice/inputs.js';

interface TraceEvent {
  readonly cat?: string;
  readonly name?: string;
  readonly dur?: number;
}

/** Mean kernel microseconds per ONNX node name, over the trace's runs. */
export function nodeTimes(trace: readonly TraceEvent[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const e of trace) {
    if (e.cat !== 'Node' || !e.name?.endsWith('_kernel_time')) continue;
    const node = e.name.slice(0, -'_kernel_time'.length);
    sums.set(node, (sums.get(node) ?? 0) + (e.dur ?? 0));
  }
  return sums;
}

/** Kernel time per dataflow operator (index as in analysed.mg.graph.ops), from `runs` profiled runs. */
export async function operatorTimes(
  analysed: AnalysedModel,
  runtime: Runtime,
  inputShapes: Record<string, readonly number[]> = {},
  runs = 3,
): Promise<number[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-opprof-'));
  try {
    const session = await runtime.open(analysed.model.file, {
      optimization: 'disabled',
      profileFilePrefix: path.join(dir, 'p'),
    });
    if (!session.endProfiling) throw new RuntimeError(`runtime '${runtime.name}' cannot profile operators`);
    const feeds = seededInputs(modelInputSpecs(analysed.model.proto, inputShapes));
    for (let i = 0; i < runs; i++) await session.run(feeds);
    session.endProfiling();
    await session.release();
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.json'));
    if (!file) throw new RuntimeError(`onnxruntime wrote no profile into '${dir}'`);
    const byNode = nodeTimes(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as TraceEvent[]);
    const nodes = analysed.model.proto.graph?.node ?? [];
    return analysed.mg.nodeIndex.map((i) => (byNode.get(nodes[i]?.name ?? '') ?? 0) / runs);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** headShare for the evaluator: a candidate's head operators' time over the whole model's. */
export function timeShare(analysed: AnalysedModel, times: readonly number[]): (c: Candidate) => number {
  const total = times.reduce((a, b) => a + b, 0);
  return (c) => {
    if (total <= 0) return c.headFlops / Math.max(1, c.headFlops + c.tailFlops);
    const head = candidateHead(analysed, c);
    let sum = 0;
    head.forEach((inHead, i) => {
      if (inHead) sum += times[i] ?? 0;
    });
    return sum / total;
  };
}
