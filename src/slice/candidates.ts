/**
 * List split candidates: run an algorithm, check every cut it proposes, and
 * describe each one (tensors, bytes, operators and FLOPs on each side).
 */
import crypto from 'node:crypto';
import { SliceError } from '../core/errors.js';
import type { CutTensor } from '../core/tensor.js';
import { headOf } from '../graph/cut.js';
import { CutSweep } from '../graph/cut-sweep.js';
import { topologicalOrder } from '../graph/topo.js';
import type { LoadedModel } from '../onnx/model-file.js';
import type { GraphProto } from '../onnx/proto.js';
import type { AlgorithmContext, CandidateAlgorithm } from './algorithm.js';
import { nodeFlops, shapeLookup } from './flops.js';
import type { ModelGraph } from './model-graph.js';
import type { ShapeTable } from './shapes.js';

export interface Candidate {
  /** Stable: derived from the cut tensors' names, the same whichever algorithm found it. */
  readonly id: string;
  readonly tensors: readonly CutTensor[];
  readonly bytes: number;
  readonly headOps: number;
  readonly tailOps: number;
  readonly headFlops: number;
  readonly tailFlops: number;
}

export interface AnalysedModel {
  readonly model: LoadedModel;
  readonly mg: ModelGraph;
  readonly shapes: ShapeTable;
  readonly order: readonly number[];
  /** FLOPs of each dataflow op (index as in mg.graph.ops). */
  readonly opFlops: readonly number[];
  readonly totalFlops: number;
}

export function analyse(model: LoadedModel, mg: ModelGraph, shapes: ShapeTable): AnalysedModel {
  const sorted = topologicalOrder(mg.graph);
  if (!sorted.ok) throw new SliceError('the dataflow graph has a cycle'); // buildModelGraph already rejects these
  const graph = model.proto.graph as GraphProto;
  const shapeOf = shapeLookup(graph, shapes);
  const nodes = graph.node ?? [];
  const opFlops = mg.nodeIndex.map((i) => nodeFlops(nodes[i]!, shapeOf));
  const totalFlops = opFlops.reduce((a, b) => a + b, 0);
  return { model, mg, shapes, order: sorted.order, opFlops, totalFlops };
}

/** The candidate's head: 1 for each dataflow op (index as in mg.graph.ops) on the head side, 0 elsewhere. */
export function candidateHead(analysed: AnalysedModel, candidate: Candidate): Uint8Array {
  return headOf(
    analysed.mg.graph,
    candidate.tensors.map((t) => t.name),
  );
}

export function cutId(tensors: readonly string[]): string {
  const text = sortedNames(tensors).join('\n');
  // The one-shot hash (Node 20.12 on) costs a tenth of a Hash object; listing hashes a thousand ids.
  const hash =
    typeof crypto.hash === 'function'
      ? crypto.hash('sha1', text, 'hex')
      : crypto.createHash('sha1').update(text).digest('hex');
  return `c${hash.slice(0, 7)}`;
}

/**
 * A sorted copy, in Array#sort's default (UTF-16 code unit) order. By
 * insertion for the handful of names a cut has: Array#sort allocated about
 * a kilobyte per call, a megabyte for the ids of one listing.
 */
function sortedNames(tensors: readonly string[]): string[] {
  if (tensors.length > 16) return [...tensors].sort();
  const out: string[] = [];
  for (const t of tensors) {
    let at = out.length;
    out.push(t);
    for (; at > 0 && out[at - 1]! > t; at--) out[at] = out[at - 1]!;
    out[at] = t;
  }
  return out;
}

export async function findCandidates(
  analysed: AnalysedModel,
  algorithm: CandidateAlgorithm,
  maxTensors: number,
  rejected: string[] = [],
): Promise<Candidate[]> {
  const { graph } = analysed.mg;
  const ctx: AlgorithmContext = {
    graph,
    order: analysed.order,
    bytesOf: (t) => analysed.shapes.get(t)?.bytes ?? 0,
    maxTensors,
  };
  const cuts = await algorithm.findCuts(ctx);
  const seen = new Set<string>();
  const out: Candidate[] = [];
  // Neighbouring cuts' heads differ by a few ops: the sweep checks each from the one before.
  const sweep = new CutSweep(graph, analysed.opFlops);
  for (const cut of cuts) {
    const check = sweep.check(cut);
    // Proposals are free: an algorithm (a plug-in especially) may suggest cuts
    // that do not separate the graph. They are dropped and counted.
    if (!check.ok) {
      rejected.push(check.reason);
      continue;
    }
    // Everything or nothing on the head side is a baseline, not a split.
    if (check.headOps === 0 || check.headOps === graph.ops.length) continue;
    const id = cutId(check.tensors);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(describeCandidate(analysed, id, check.tensors, check.headOps, check.headWeight));
  }
  return out;
}

function describeCandidate(
  analysed: AnalysedModel,
  id: string,
  names: readonly string[],
  headOps: number,
  headFlops: number,
): Candidate {
  const tensors = names.map((n) => analysed.shapes.get(n)!);
  return {
    id,
    tensors,
    bytes: tensors.reduce((sum, t) => sum + t.bytes, 0),
    headOps,
    tailOps: analysed.mg.graph.ops.length - headOps,
    headFlops,
    tailFlops: analysed.totalFlops - headFlops,
  };
}
