/**
 * A slice plan: where N nested cuts divide a model into N+1 parts and what
 * each part holds. Pure data, computed without touching the disk; write.ts
 * applies it and slice.json records it.
 *
 * Part k runs the operators in head(cut k) minus head(cut k-1). Constants are
 * never exchanged between parts: every part carries the initializers and
 * constant-only nodes it reads, even when another part carries them too.
 */
import { byteSize, dtypeFromCode } from '../core/dtype.js';
import { SliceError } from '../core/errors.js';
import { elementCount, type CutTensor } from '../core/tensor.js';
import { checkCut } from '../graph/cut.js';
import type { DataflowGraph } from '../graph/graph.js';
import { int64, type GraphProto, type ModelProto } from '../onnx/proto.js';
import type { ModelGraph } from './model-graph.js';
import type { ShapeTable } from './shapes.js';
import { partContents, type PartContents } from './part-contents.js';

export interface SliceCut {
  readonly tensors: readonly CutTensor[];
  /** Bytes crossing this cut per inference. */
  readonly bytes: number;
}

export interface SlicePart extends PartContents {
  readonly file: string;
  /** Dataflow tensors fed to the part: graph inputs for part 0, the previous cut's tensors after. */
  readonly inputs: readonly string[];
  /** The next cut's tensors (some just passing through) and the graph outputs computed or received here. */
  readonly outputs: readonly string[];
}

export interface SlicePlan {
  readonly model: string;
  readonly cuts: readonly SliceCut[];
  readonly parts: readonly SlicePart[];
  /** For each graph output, the part that computes it (later parts may pass it on). */
  readonly outputsFrom: Readonly<Record<string, number>>;
}

export function planSlices(
  mg: ModelGraph,
  model: ModelProto,
  cuts: readonly (readonly string[])[],
  shapes?: ShapeTable,
  name?: string,
): SlicePlan {
  const graph = model.graph as GraphProto;
  if (cuts.length === 0) throw new SliceError('no cut given: name at least one with --at');
  const checked = cuts.map((cut, k) => checkedCut(mg.graph, cut, k));
  checkNested(mg.graph, checked);
  const partOf = assignParts(mg.graph, checked);
  const outputsFrom = locateOutputs(mg, partOf, cuts.length);
  const parts = checked.map((_, k) => k).concat(cuts.length);
  return {
    model: name ?? (graph.name || 'model'),
    cuts: checked.map((c) => {
      const tensors = c.tensors.map((t) => cutTensorInfo(t, graph, shapes));
      return { tensors, bytes: tensors.reduce((sum, t) => sum + t.bytes, 0) };
    }),
    parts: parts.map((k) => planPart(mg, graph, checked, partOf, outputsFrom, k)),
    outputsFrom,
  };
}

function planPart(
  mg: ModelGraph,
  graph: GraphProto,
  cuts: readonly CheckedCut[],
  partOf: Int32Array,
  outputsFrom: Record<string, number>,
  k: number,
): SlicePart {
  const ops = mg.graph.ops.filter((op) => partOf[op.index] === k).map((op) => op.index);
  const inputs = k === 0 ? partZeroInputs(mg.graph, ops, cuts[0]!.tensors) : cuts[k - 1]!.tensors;
  const produced = graphOutputsOf(outputsFrom, k);
  const next = k < cuts.length ? cuts[k]!.tensors : [];
  // Results computed here, and results that reach this part from earlier ones: cuts carry
  // graph outputs on (see crossingTensors), so the last part returns every result.
  const results = mg.graph.outputs.filter((t) => produced.includes(t) || inputs.includes(t));
  const outputs = [...new Set([...next, ...results])];
  return { file: `part${k}.onnx`, inputs, outputs, ...partContents(mg, graph, ops, produced) };
}

interface CheckedCut {
  readonly head: Uint8Array;
  readonly tensors: readonly string[];
  readonly label: string;
}

function checkedCut(graph: DataflowGraph, cut: readonly string[], k: number): CheckedCut {
  const label = `cut ${k + 1} (${quoteList(cut)})`;
  if (cut.length === 0) throw new SliceError(`cut ${k + 1} names no tensors`);
  const check = checkCut(graph, cut);
  if (!check.ok) throw new SliceError(`${label} is not a valid cut: ${check.reason}`);
  return { head: check.head, tensors: check.tensors, label };
}

/** Each head must strictly contain the one before, or a part would be empty or run backwards. */
function checkNested(graph: DataflowGraph, cuts: readonly CheckedCut[]): void {
  cuts.forEach((cut, k) => {
    const before = k === 0 ? new Uint8Array(graph.ops.length) : cuts[k - 1]!.head;
    const crossing = graph.ops.filter((op) => before[op.index] === 1 && cut.head[op.index] === 0);
    if (crossing.length > 0) {
      throw new SliceError(
        `${cut.label} is not after cut ${k} (${quoteList(cuts[k - 1]!.tensors)}): ${opsText(crossing.map((op) => op.name))} before cut ${k} but after cut ${k + 1}; give cuts in order from input to output, without crossing`,
      );
    }
    const grows = graph.ops.some((op) => before[op.index] === 0 && cut.head[op.index] === 1);
    if (!grows) {
      throw new SliceError(
        k === 0
          ? `${cut.label} has no operator before it: part 0 would be empty`
          : `${cut.label} adds no operator after cut ${k}: part ${k} would be empty`,
      );
    }
  });
}

/** Part of each op: the first cut whose head holds it, or the last part. */
function assignParts(graph: DataflowGraph, cuts: readonly CheckedCut[]): Int32Array {
  const partOf = new Int32Array(graph.ops.length).fill(cuts.length);
  for (let k = cuts.length - 1; k >= 0; k--) {
    const head = cuts[k]!.head;
    for (let i = 0; i < head.length; i++) if (head[i] === 1) partOf[i] = k;
  }
  return partOf;
}

/**
 * Graph outputs by the part that computes them. Outputs that are graph inputs
 * come from part 0 (it passes them through); constant outputs from the last.
 */
function locateOutputs(mg: ModelGraph, partOf: Int32Array, lastPart: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of mg.graph.outputs) {
    const p = mg.graph.producer.get(t);
    out[t] = p !== undefined ? partOf[p]! : mg.graph.inputs.includes(t) ? 0 : lastPart;
  }
  return out;
}

function graphOutputsOf(outputsFrom: Record<string, number>, k: number): string[] {
  return Object.entries(outputsFrom)
    .filter(([, part]) => part === k)
    .map(([t]) => t);
}

/** Graph inputs that part 0 reads, passes on to cut 1, or returns as a graph output. */
function partZeroInputs(graph: DataflowGraph, ops: readonly number[], cut1: readonly string[]): string[] {
  const used = new Set([...ops.flatMap((i) => graph.ops[i]!.inputs), ...cut1, ...graph.outputs]);
  return graph.inputs.filter((t) => used.has(t));
}

/** A cut tensor's dtype and shape: from resolved shapes, else from the file's own static value info. */
function cutTensorInfo(name: string, graph: GraphProto, shapes: ShapeTable | undefined): CutTensor {
  const known = shapes?.get(name);
  if (known) return known;
  const info = [...(graph.input ?? []), ...(graph.valueInfo ?? []), ...(graph.output ?? [])].find(
    (v) => v.name === name,
  );
  const type = info?.type?.tensorType;
  const dims = type?.shape?.dim;
  if (
    type &&
    dims &&
    dims.every((d) => d.dimValue !== null && d.dimValue !== undefined && int64(d.dimValue) >= 0)
  ) {
    const dtype = dtypeFromCode(type.elemType ?? 0, `tensor '${name}'`);
    const shape = dims.map((d) => int64(d.dimValue));
    return { name, dtype, shape, bytes: byteSize(dtype, elementCount(shape)) ?? 0 };
  }
  throw new SliceError(
    `the shape of cut tensor '${name}' is unknown (resolve shapes before planning a slice)`,
  );
}

function opsText(names: readonly string[]): string {
  return names.length === 1
    ? `operator '${names[0]}' is`
    : `operators '${names[0]}' and ${names.length - 1} more are`;
}

export function quoteList(names: readonly string[]): string {
  const shown = names.slice(0, 3).map((n) => `'${n}'`);
  return names.length > 3 ? `${shown.join(', ')} and ${names.length - 3} more` : shown.join(', ');
}

/** The plan as slice.json and --json show it: without the internal node indices. */
export function publicPlan(plan: SlicePlan): unknown {
  return { ...plan, parts: plan.parts.map(({ nodeIndices: _, ...rest }) => rest) };
}
