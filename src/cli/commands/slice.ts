/**
 * `couper slice MODEL --at ID`: write the parts of a split model and, with
 * --verify, prove with onnxruntime that they compute what the model does.
 */
import path from 'node:path';
import { ConfigError, UsageError, VerifyError } from '../../core/errors.js';
import { stderrLogger } from '../../core/log.js';
import { readModel, type LoadedModel } from '../../onnx/model-file.js';
import type { TensorMap } from '../../runtime/runtime.js';
import { analyse } from '../../slice/candidates.js';
import { modelInputSpecs } from '../../slice/inputs.js';
import { buildModelGraph } from '../../slice/model-graph.js';
import { readInputFile } from '../../slice/npy.js';
import { planSlices, publicPlan, type SlicePlan } from '../../slice/plan.js';
import { resolveCut } from '../../slice/resolve-cut.js';
import { resolveShapes, type ShapeOptions } from '../../slice/shapes.js';
import { compareSlices, DEFAULT_TOLERANCE, verifyFailure, type VerifyResult } from '../../slice/verify.js';
import { writeSlices } from '../../slice/write.js';
import { flag, intOption, positiveNumber, printJson, requiredString, stringList } from '../args.js';
import type { Command } from '../command.js';
import { usageReminder } from '../help.js';
import { formatBytes, table } from '../format.js';
import { SHAPES_OPTION, shapeSource } from '../shapes-option.js';
import { INPUT_SHAPE_OPTION, inputShapesFrom } from './model-options.js';

const DEFAULT_SEED = 1;

export const sliceCommand: Command = {
  name: 'slice',
  summary: 'write self-contained ONNX parts for one or more cuts (and check them)',
  synopsis: ['MODEL --at ID [--at ID2 …] --out DIR [options]'],
  about: [
    'ID is a candidate id from `couper candidates` or tensor names joined by commas.',
    'N cuts, given from input to output, make N+1 parts: part0.onnx … partN.onnx and slice.json.',
    '--verify runs the model and the chained parts on the same input (seeded, or --input: a .npy',
    'file, or raw little-endian float32 with --input-shape) and fails when, for some output,',
    'max|difference| / max|original| exceeds the tolerance.',
  ].join('\n'),
  options: {
    at: { value: 'ID', help: 'cut here; repeat for more cuts, from input to output', multiple: true },
    out: { value: 'DIR', help: 'folder for the parts and slice.json' },
    verify: { help: 'check that the chained parts compute what the model computes' },
    input: {
      value: '[NAME=]FILE',
      help: 'feed input NAME (or the only input) from a file when verifying (implies --verify)',
      multiple: true,
    },
    'input-shape': INPUT_SHAPE_OPTION,
    seed: { value: 'N', help: 'seed of the generated input', default: String(DEFAULT_SEED) },
    tolerance: {
      value: 'X',
      help: 'largest relative difference --verify accepts',
      default: DEFAULT_TOLERANCE.toExponential(),
    },
    ...SHAPES_OPTION,
    json: { help: 'print the plan (and the verification) as JSON' },
  },
  positionals: { min: 1, max: 1 },
  async run(options, [file]) {
    const at = stringList(options, 'at');
    if (at.length === 0) throw new UsageError(`--at is required\n${usageReminder(sliceCommand)}`);
    const out = requiredString(options, 'out');
    const seed = intOption(options, 'seed', DEFAULT_SEED, 0, 2 ** 31 - 1);
    const tolerance = positiveNumber(options, 'tolerance', DEFAULT_TOLERANCE, 1);
    const verify = flag(options, 'verify') || stringList(options, 'input').length > 0;
    const model = readModel(file!);
    const shapes = inputShapesFrom(options);
    // Read the user's inputs first: a bad file fails fast, and their shapes size the dynamic dims.
    const given = readInputs(model, stringList(options, 'input'), shapes);
    const inputShapes = {
      ...shapes,
      ...Object.fromEntries(Object.entries(given).map(([n, t]) => [n, [...t.shape]])),
    };
    const plan = await planFor(model, at, { inputShapes, source: shapeSource(options) });
    writeSlices(plan, model, out);
    let result: VerifyResult | undefined;
    if (verify) {
      stderrLogger.info(`verifying ${plan.parts.length} parts against ${path.basename(model.file)} …`);
      const inputs = Object.keys(given).length > 0 ? { inputs: given } : {};
      result = await compareSlices(model, plan, out, { ...inputs, inputShapes, seed, tolerance });
    }
    if (flag(options, 'json'))
      printJson({ out: path.resolve(out), plan: publicPlan(plan), verify: result ?? null });
    else process.stdout.write(render(plan, out, result));
    if (result && !result.ok) throw new VerifyError(verifyFailure(result));
  },
};

async function planFor(model: LoadedModel, at: readonly string[], options: ShapeOptions): Promise<SlicePlan> {
  const mg = buildModelGraph(model.proto);
  const shapes = await resolveShapes(model, mg, options);
  const analysed = analyse(model, mg, shapes);
  const cuts: string[][] = [];
  for (const id of at) cuts.push(await resolveCut(analysed, id));
  return planSlices(mg, model.proto, cuts, shapes, path.basename(model.file));
}

/**
 * `--input FILE` feeds the model's only data input; `--input NAME=FILE` a
 * named one. Inputs not given are seeded. Raw float32 takes its shape from
 * --input-shape or from the model when the model's shape is fixed.
 */
function readInputs(
  model: LoadedModel,
  values: readonly string[],
  shapes: Record<string, number[]>,
): TensorMap {
  const specs = modelInputSpecs(model.proto, shapes);
  const out: TensorMap = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const named = eq > 0 ? specs.find((s) => s.name === value.slice(0, eq)) : undefined;
    if (!named && specs.length !== 1) {
      const names = specs.map((s) => s.name).join(', ');
      throw new ConfigError(
        `--input '${value}': the model has ${specs.length} inputs (${names}); write --input NAME=FILE`,
      );
    }
    const spec = named ?? specs[0]!;
    const fileName = named ? value.slice(eq + 1) : value;
    const shape = shapes[spec.name] ?? (spec.defaulted.length === 0 ? spec.shape : undefined);
    const tensor = readInputFile(fileName, shape);
    if (tensor.dtype !== spec.dtype) {
      throw new ConfigError(
        `--input '${fileName}' holds ${tensor.dtype}; input '${spec.name}' takes ${spec.dtype}`,
      );
    }
    out[spec.name] = tensor;
  }
  return out;
}

function render(plan: SlicePlan, out: string, result: VerifyResult | undefined): string {
  const rows = plan.parts.map((p) => [
    p.file,
    String(p.nodes),
    names(p.inputs),
    names(p.outputs),
    formatBytes(p.weightsBytes),
  ]);
  const cuts = plan.cuts.map(
    (c, k) =>
      `cut ${k + 1}: ${c.tensors.map((t) => `${t.name} ${t.shape.join('x')}`).join(', ')} (${formatBytes(c.bytes)})`,
  );
  return [
    `${plan.model}: ${plan.parts.length} parts written to ${out}`,
    '',
    table(['part', 'ops', 'inputs', 'outputs', 'weights'], rows),
    '',
    ...cuts,
    ...(result ? ['', verifyLine(result)] : []),
    '',
  ].join('\n');
}

function names(list: readonly string[]): string {
  return list.length > 3 ? `${list.slice(0, 3).join(', ')} +${list.length - 3}` : list.join(', ');
}

function verifyLine(r: VerifyResult): string {
  const fmt = (x: number) => (x === 0 ? '0' : x.toExponential(2));
  const verdict = r.ok ? 'ok' : 'FAILED';
  return `verify: ${verdict}, maxRel ${fmt(r.maxRel)}, maxAbs ${fmt(r.maxAbs)} over ${r.outputs.length} outputs (input ${r.input}, tolerance ${fmt(r.tolerance)})`;
}
