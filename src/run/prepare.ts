/**
 * Everything a run needs to know before it starts anything: the model's
 * input, the cut(s) and the parts they make, the camera source and the
 * profile. Reads files and learns tensor shapes (when splitting);
 * the result feeds planRun, which is pure.
 */
import path from 'node:path';
import { ConfigError } from '../core/errors.js';
import { readModel, type LoadedModel } from '../onnx/model-file.js';
import { int64 } from '../onnx/proto.js';
import type { SourceSpec } from '../pipeline/frame-source.js';
import { loadProfile, resolveInputSize, type ModelProfile } from '../pipeline/profile.js';
import { ensureDefaultVideo } from '../pipeline/video.js';
import { checkProvider } from '../runtime/providers.js';
import { getRuntime } from '../runtime/registry.js';
import type { InputSpec } from '../runtime/runtime.js';
import { cutId } from '../slice/candidates.js';
import type { AnalysedModel } from '../slice/candidates.js';
import { loadForCutting } from '../slice/load.js';
import { planSlices, type SlicePlan } from '../slice/plan.js';
import { resolveCut } from '../slice/resolve-cut.js';
import type { ShapeOptions, ShapeSource } from '../slice/shapes.js';
import { planPacing } from './pacing.js';
import { checkProfileFits } from './profile-fit.js';
import { planRun, type PlannedCut, type PlannedPart, type RunPlan, type RunSettings } from './run-plan.js';

export interface RunRequest {
  readonly model: string;
  /** Candidate ids or comma-joined tensor names, in order; ['none'] or [] for the whole model. */
  readonly split: readonly string[];
  /** The camera input; a video file (default: the bundled one) when absent. */
  readonly source?: SourceSpec;
  readonly video?: string;
  /** Decode the video at this size (the transformer still does the model's resize). */
  readonly cameraSize?: { readonly width: number; readonly height: number };
  readonly profile?: string;
  /** How tensor shapes are learnt when the model is split (default auto). */
  readonly shapes?: ShapeSource;
  readonly settings: RunSettings;
}

/** A plan and what applying it needs: the slice plan and model when the model is split. */
export interface PreparedRun {
  readonly plan: RunPlan;
  readonly slice: { readonly plan: SlicePlan; readonly model: LoadedModel } | null;
}

/**
 * What a series of runs on one model reads once: an evaluation prepares a run
 * per staged split, and each read the model and worked out its shapes again.
 * Holds one loaded model per file and one analysis per shape options.
 */
export class PrepareCache {
  private readonly models = new Map<string, LoadedModel>();
  private readonly analyses = new Map<string, Promise<AnalysedModel>>();

  /** Start from a model already analysed (the evaluation's listing) with these options. */
  seed(analysed: AnalysedModel, options: ShapeOptions): void {
    this.models.set(path.resolve(analysed.model.file), analysed.model);
    this.analyses.set(analysisKey(analysed.model.file, options), Promise.resolve(analysed));
  }

  model(file: string): LoadedModel {
    let model = this.models.get(path.resolve(file));
    if (!model) {
      model = readModel(file);
      this.models.set(path.resolve(file), model);
    }
    return model;
  }

  analysed(file: string, options: ShapeOptions): Promise<AnalysedModel> {
    const key = analysisKey(file, options);
    let analysed = this.analyses.get(key);
    if (!analysed) {
      analysed = loadForCutting(file, options).then((r) => r.analysed);
      // A failed load is not kept: the next run tries again and says why.
      analysed.catch(() => this.analyses.delete(key));
      this.analyses.set(key, analysed);
    }
    return analysed;
  }
}

function analysisKey(file: string, options: ShapeOptions): string {
  return JSON.stringify([path.resolve(file), options.inputShapes ?? {}, options.source ?? 'auto']);
}

export async function prepareRun(request: RunRequest, cache = new PrepareCache()): Promise<PreparedRun> {
  // Before any part is written: a provider this host lacks is one line, not a stage failing later.
  await checkProviders(request.settings);
  const profile = loadProfile(request.profile ?? 'imagenet');
  const model = cache.model(request.model);
  checkProfileFits(model, profile, request.profile ?? 'imagenet');
  const input = modelInput(model, profile);
  const split = request.split.filter((s) => s !== 'none');
  const source = request.source ?? (await videoSource(request));
  const outputs = (model.proto.graph?.output ?? []).map((o) => o.name ?? '');
  let cuts: PlannedCut[] = [];
  let parts: PlannedPart[] = [{ file: model.file, inputs: [input.name], outputs }];
  let slice: PreparedRun['slice'] = null;
  if (split.length > 0) {
    const layout = profile.input.layout;
    const shape = layout === 'NCHW' ? [1, 3, input.height, input.width] : [1, input.height, input.width, 3];
    const analysed = await cache.analysed(request.model, {
      inputShapes: { [input.name]: shape },
      source: request.shapes ?? 'auto',
    });
    const slicePlan = await planCuts(analysed, split);
    cuts = slicePlan.cuts.map((c) => ({
      id: cutId(c.tensors.map((t) => t.name)),
      tensors: c.tensors,
      bytes: c.bytes,
    }));
    parts = slicePlan.parts.map((p) => ({ file: p.file, inputs: p.inputs, outputs: p.outputs }));
    slice = { plan: slicePlan, model: analysed.model };
  }
  const facts = { model: model.file, split: request.split, cuts, parts, source, profile, input };
  const layout = profile.input.layout;
  const plan = await planPacing(planRun(facts, request.settings), {
    model,
    slice: slice?.plan ?? null,
    input: {
      name: input.name,
      shape: layout === 'NCHW' ? [1, 3, input.height, input.width] : [1, input.height, input.width, 3],
    },
    profiles: request.settings.staged?.profiles ?? {},
    noSynthetic: request.settings.noSynthetic ?? false,
  });
  return { plan, slice };
}

async function checkProviders(settings: RunSettings): Promise<void> {
  const names = new Set([
    settings.executionProvider ?? 'cpu',
    ...Object.values(settings.staged?.providers ?? {}),
  ]);
  for (const name of names) await checkProvider(getRuntime(), name);
}

async function planCuts(analysed: AnalysedModel, split: readonly string[]): Promise<SlicePlan> {
  const cuts: string[][] = [];
  for (const id of split) cuts.push(await resolveCut(analysed, id));
  const name = path.basename(analysed.model.file);
  return planSlices(analysed.mg, analysed.model.proto, cuts, analysed.shapes, name);
}

async function videoSource(request: RunRequest): Promise<SourceSpec> {
  const file = request.video ?? (await ensureDefaultVideo());
  return { kind: 'video', file, loop: true, ...request.cameraSize };
}

/** The model input fed with frames (the profile's, or the only data input) and its size. */
function modelInput(model: LoadedModel, profile: ModelProfile): RunPlan['input'] {
  const graph = model.proto.graph;
  const constants = new Set((graph?.initializer ?? []).map((t) => t.name));
  const inputs = (graph?.input ?? []).filter((v) => !constants.has(v.name));
  const wanted = profile.input.name;
  const chosen = wanted === null ? inputs[0] : inputs.find((v) => v.name === wanted);
  if (!chosen || (wanted === null && inputs.length !== 1)) {
    const names = inputs.map((v) => v.name).join(', ');
    throw new ConfigError(
      wanted === null
        ? `model '${model.file}' has ${inputs.length} data inputs (${names}); name one in the profile (input.name)`
        : `profile input '${wanted}' is not an input of '${model.file}' (inputs: ${names})`,
    );
  }
  const dims = chosen.type?.tensorType?.shape?.dim ?? [];
  const spec: InputSpec = {
    name: chosen.name ?? '',
    dtype: null,
    shape: dims.map((d) =>
      d.dimValue !== null && d.dimValue !== undefined && int64(d.dimValue) > 0 ? int64(d.dimValue) : null,
    ),
  };
  return { name: spec.name, ...resolveInputSize(profile.input, spec) };
}
