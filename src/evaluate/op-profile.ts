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
import type { Runtime, SessionOptions } from '../runtime/runtime.js';
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
  session: Pick<SessionOptions, 'intraOpThreads' | 'executionProvider'> = {},
): Promise<number[]> {
  const sessionOpts = session;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-opprof-'));
  try {
    const session = await runtime.open(analysed.model.file, {
      ...sessionOpts,
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
    const byNode = nodeTimes(readTrace(path.join(dir, file)));
    const nodes = analysed.model.proto.graph?.node ?? [];
    return analysed.mg.nodeIndex.map((i) => (byNode.get(nodes[i]?.name ?? '') ?? 0) / runs);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A trace far beyond what a few runs of the largest models write is not one onnxruntime wrote for us. */
const MAX_TRACE_BYTES = 512 * 1024 * 1024;

function readTrace(file: string): TraceEvent[] {
  const size = fs.statSync(file).size;
  if (size > MAX_TRACE_BYTES)
    throw new RuntimeError(
      `onnxruntime's profile '${file}' has ${size} bytes, more than ${MAX_TRACE_BYTES}: profile fewer runs`,
    );
  const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(value))
    throw new RuntimeError(`onnxruntime's profile '${file}' is not a list of trace events`);
  return value as TraceEvent[];
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
