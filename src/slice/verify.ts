/**
 * Check that the written parts, run one after another, compute what the
 * original model computes on the same input.
 *
 * The measure per graph output is
 *   maxAbs = max_i |slice_i - original_i|
 *   maxRel = maxAbs / max_i |original_i|
 * i.e. the largest error relative to the output's own scale. Element-wise
 * relative error is meaningless where the reference is near zero (post-ReLU
 * activations, logits around 0), so we do not use it.
 */
import path from 'node:path';
import type { NumericDType } from '../core/dtype.js';
import { VerifyError } from '../core/errors.js';
import { halfToFloat } from '../core/half.js';
import type { LoadedModel } from '../onnx/model-file.js';
import { getRuntime } from '../runtime/registry.js';
import type { HostTensor, Runtime, SessionOptions, TensorMap } from '../runtime/runtime.js';
import { modelInputSpecs, seededInputs } from './inputs.js';
import type { SlicePlan } from './plan.js';

export const DEFAULT_TOLERANCE = 1e-5;

/**
 * Both sides run with graph optimisation off. With fusions on, onnxruntime
 * fuses differently on each side of a cut (a Conv+Add the cut splits), which
 * moves results by float rounding; on an output close to zero everywhere
 * (PP-OCRv4 det's probability map on a blank input peaks near 1e-4) that
 * rounding alone is 2e-3 of the output's scale. Without optimisation both
 * sides run the same kernels on the same values, so any difference left is
 * the slicer's doing, which is what this check is for.
 */
const SESSION: SessionOptions = { optimization: 'disabled' };

export interface OutputComparison {
  readonly name: string;
  /** The part that computes this output. */
  readonly part: number;
  readonly shape: readonly number[];
  readonly maxAbs: number;
  readonly maxRel: number;
  /** Set when the outputs cannot be compared at all (dtype or shape differ). */
  readonly problem?: string;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly tolerance: number;
  /** 'seed N' or 'given': where the input came from. */
  readonly input: string;
  readonly inputs: readonly {
    readonly name: string;
    readonly dtype: string;
    readonly shape: readonly number[];
  }[];
  readonly maxAbs: number;
  readonly maxRel: number;
  readonly outputs: readonly OutputComparison[];
}

export interface VerifyOptions {
  readonly inputs?: TensorMap;
  readonly seed?: number;
  /** Sizes for dynamic input dimensions when inputs are seeded. */
  readonly inputShapes?: Record<string, readonly number[]>;
  readonly tolerance?: number;
  readonly runtime?: Runtime;
  /** The original model's outputs on these inputs, if the caller has them already. */
  readonly reference?: TensorMap;
}

/** Compare and report; never throws on a mismatch (see verifySlices). */
export async function compareSlices(
  model: LoadedModel,
  plan: SlicePlan,
  outDir: string,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const runtime = options.runtime ?? getRuntime();
  const seed = options.seed ?? 1;
  const inputs = options.inputs ?? seededInputs(modelInputSpecs(model.proto, options.inputShapes), seed);
  const reference = options.reference ?? (await runModel(runtime, model.file, inputs));
  const sliced = await runParts(runtime, plan, outDir, inputs);
  const outputs = Object.entries(plan.outputsFrom).map(([name, part]) =>
    compareOutput(name, part, reference[name], sliced[name]),
  );
  const maxAbs = Math.max(0, ...outputs.map((o) => o.maxAbs));
  const maxRel = Math.max(0, ...outputs.map((o) => o.maxRel));
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  return {
    ok: outputs.every((o) => o.problem === undefined) && maxRel <= tolerance,
    tolerance,
    input: options.inputs ? 'given' : `seed ${seed}`,
    inputs: Object.entries(inputs).map(([name, t]) => ({ name, dtype: t.dtype, shape: t.shape })),
    maxAbs,
    maxRel,
    outputs,
  };
}

/** Like compareSlices, but a mismatch is a VerifyError. */
export async function verifySlices(
  model: LoadedModel,
  plan: SlicePlan,
  outDir: string,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const result = await compareSlices(model, plan, outDir, options);
  if (!result.ok) throw new VerifyError(verifyFailure(result));
  return result;
}

export function verifyFailure(result: VerifyResult): string {
  const bad =
    result.outputs.find((o) => o.problem !== undefined) ??
    result.outputs.find((o) => o.maxRel > result.tolerance);
  if (bad?.problem) return `slices differ from the model at output '${bad.name}': ${bad.problem}`;
  return `slices differ from the model at output '${bad?.name}': maxRel ${fmt(result.maxRel)} (maxAbs ${fmt(result.maxAbs)}) exceeds the tolerance ${fmt(result.tolerance)}`;
}

/** Run one model file on `inputs` (only those it takes) and release it. */
export async function runModel(runtime: Runtime, file: string, inputs: TensorMap): Promise<TensorMap> {
  const session = await runtime.open(file, SESSION);
  try {
    const feeds: TensorMap = {};
    for (const name of session.inputNames) {
      const t = inputs[name];
      if (!t) throw new VerifyError(`'${file}' needs input '${name}', which nothing before it produced`);
      feeds[name] = t;
    }
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

/** Run the parts in order, each fed from the inputs and the earlier parts' outputs. */
export async function runParts(
  runtime: Runtime,
  plan: SlicePlan,
  outDir: string,
  inputs: TensorMap,
): Promise<TensorMap> {
  const pool: TensorMap = { ...inputs };
  for (const part of plan.parts) {
    Object.assign(pool, await runModel(runtime, path.join(outDir, part.file), pool));
  }
  return pool;
}

function compareOutput(
  name: string,
  part: number,
  ref: HostTensor | undefined,
  got: HostTensor | undefined,
): OutputComparison {
  const fail = (problem: string): OutputComparison => ({
    name,
    part,
    shape: ref?.shape ?? [],
    maxAbs: Infinity,
    maxRel: Infinity,
    problem,
  });
  if (!ref) return fail('the original model did not return it');
  if (!got) return fail(`part ${part} did not return it`);
  if (ref.dtype !== got.dtype) return fail(`dtype ${got.dtype}, the model gives ${ref.dtype}`);
  if (ref.shape.join('x') !== got.shape.join('x'))
    return fail(`shape ${got.shape.join('x')}, the model gives ${ref.shape.join('x')}`);
  if (ref.dtype === 'string' || got.dtype === 'string') {
    const same = JSON.stringify(ref.data) === JSON.stringify(got.data);
    return { name, part, shape: ref.shape, maxAbs: same ? 0 : Infinity, maxRel: same ? 0 : Infinity };
  }
  return { name, part, shape: ref.shape, ...differences(values(ref), values(got)) };
}

/** maxAbs and maxRel as defined at the top of this file; NaN on one side only counts as infinite. */
export function differences(
  ref: ArrayLike<number>,
  got: ArrayLike<number>,
): { maxAbs: number; maxRel: number } {
  let maxAbs = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i]!;
    const g = got[i]!;
    if (Number.isNaN(r) && Number.isNaN(g)) continue;
    const d = r === g ? 0 : Math.abs(r - g);
    maxAbs = Math.max(maxAbs, Number.isNaN(d) ? Infinity : d);
    if (Number.isFinite(r)) scale = Math.max(scale, Math.abs(r));
  }
  const maxRel = maxAbs === 0 ? 0 : scale === 0 ? Infinity : maxAbs / scale;
  return { maxAbs, maxRel };
}

function values(t: HostTensor<NumericDType>): ArrayLike<number> {
  switch (t.dtype) {
    case 'float16':
      return Array.from(t.data, halfToFloat);
    case 'int64':
    case 'uint64':
      return Array.from(t.data, Number);
    case 'float32':
    case 'float64':
    case 'int8':
    case 'int16':
    case 'int32':
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'bool':
      return t.data;
  }
}

function fmt(x: number): string {
  return x === 0 ? '0' : x.toExponential(2);
}
