/**
 * Dtype, static shape and byte size of every tensor. Static inference
 * (static-shapes.ts) answers for the operators real models use without
 * reading weights; what it cannot infer (shapes that depend on input values,
 * operators without a rule) is learnt by running the model once in
 * onnxruntime with those tensors exposed (run-shapes.ts), and that run's
 * result is cached (shape-cache.ts).
 */
import { ModelError } from '../core/errors.js';
import { stderrLogger, type Logger } from '../core/log.js';
import { elementCount, type CutTensor } from '../core/tensor.js';
import { byteSize } from '../core/dtype.js';
import type { LoadedModel } from '../onnx/model-file.js';
import type { GraphProto } from '../onnx/proto.js';
import type { Runtime } from '../runtime/runtime.js';
import { modelInputSpecs, seededInputs, type InputSpec } from './inputs.js';
import type { ModelGraph } from './model-graph.js';
import { runShapes } from './run-shapes.js';
import { readCachedShapes, shapeCacheDir, shapeCacheKey, writeCachedShapes } from './shape-cache.js';
import { inferStaticShapes, type StaticShapes, type TensorType } from './static-shapes.js';

export type ShapeTable = ReadonlyMap<string, CutTensor>;

/** static: inference only (an error names the first tensor it cannot infer); run: the onnxruntime run only; auto: both. */
export const SHAPE_SOURCES = ['auto', 'static', 'run'] as const;
export type ShapeSource = (typeof SHAPE_SOURCES)[number];

export interface ShapeOptions {
  readonly inputShapes?: Record<string, readonly number[]>;
  readonly runtime?: Runtime;
  /** Told which dynamic dimensions were filled with a default, and how many tensors needed a run. */
  readonly log?: Logger;
  /** Default 'auto'. */
  readonly source?: ShapeSource;
  /** Folder of the run cache (default: shapes/ in Couper's cache); null: neither read nor write it. */
  readonly cacheDir?: string | null;
}

/** Shapes of every tensor that a node writes (dataflow and constant) plus the graph inputs. */
export async function resolveShapes(
  model: LoadedModel,
  mg: ModelGraph,
  options: ShapeOptions = {},
): Promise<ShapeTable> {
  const log = options.log ?? stderrLogger;
  const specs = modelInputSpecs(model.proto, options.inputShapes);
  for (const spec of specs) {
    if (spec.defaulted.length === 0) continue;
    log.info(
      `note: input '${spec.name}' has dynamic dimensions (${spec.defaulted.join(', ')}); sizing it ${spec.shape.join('x')} (set --input-shape ${spec.name}=…)`,
    );
  }
  const types =
    options.source === 'run'
      ? await runShapes(model, nodeOutputs(model), seededInputs(specs), options.runtime)
      : await inferredShapes(model, specs, options, log);
  const table = new Map<string, CutTensor>();
  for (const spec of specs) table.set(spec.name, describe(spec.name, spec));
  for (const [name, t] of types) table.set(name, describe(name, t));
  for (const t of mg.graph.ops.flatMap((op) => op.outputs)) {
    if (!table.has(t)) throw new ModelError(`no shape was found for tensor '${t}'`);
  }
  return table;
}

/** Static inference, and (auto) a run for the tensors it leaves unknown, from the cache when it has them. */
async function inferredShapes(
  model: LoadedModel,
  specs: readonly InputSpec[],
  options: ShapeOptions,
  log: Logger,
): Promise<Map<string, TensorType>> {
  const inferred = inferStaticShapes(model.proto, model.dir, specs);
  const types = new Map(inferred.types);
  const first = inferred.unknown[0];
  if (!first) return types;
  if (options.source === 'static') {
    throw new ModelError(
      `cannot infer the shape of tensor '${first.tensor}' without running the model: ${first.reason} (--shapes auto runs it)`,
    );
  }
  const names = inferred.unknown.map((u) => u.tensor);
  const dir = options.cacheDir === undefined ? shapeCacheDir() : options.cacheDir;
  const cache = dir === null ? undefined : { dir, key: shapeCacheKey(model, specs) };
  const cached = cache && readCachedShapes(cache.dir, cache.key, names);
  log.info(fallbackNote(inferred, cached !== undefined));
  const learnt = cached ?? (await runShapes(model, names, seededInputs(specs), options.runtime));
  if (cache && !cached) writeCachedShapes(cache.dir, cache.key, pick(learnt, names));
  for (const name of names) {
    const t = learnt.get(name);
    if (t) types.set(name, t);
  }
  return types;
}

function fallbackNote(inferred: StaticShapes, cached: boolean): string {
  const n = inferred.unknown.length;
  const of = n + inferred.types.size;
  const how = cached
    ? 'taken from the cache of an earlier onnxruntime run'
    : 'learnt by running the model in onnxruntime';
  return `note: ${n} of ${of} tensor shapes could not be inferred statically (first '${inferred.unknown[0]!.tensor}': ${inferred.unknown[0]!.reason}); ${how}`;
}

function pick(types: ReadonlyMap<string, TensorType>, names: readonly string[]): Map<string, TensorType> {
  return new Map(names.flatMap((n) => (types.has(n) ? [[n, types.get(n)!] as const] : [])));
}

function nodeOutputs(model: LoadedModel): string[] {
  const graph = model.proto.graph as GraphProto;
  return [...new Set((graph.node ?? []).flatMap((n) => (n.output ?? []).filter((t) => t !== '')))];
}

/**
 * The largest tensor we accept a model (or an input shape) to make: 1 TiB,
 * beyond the memory of any machine a pipeline stage runs on. A model whose
 * constants expand to 2^52 rows would otherwise be planned and costed as if
 * it could run (a cut of "67108864 GiB").
 */
export const MAX_TENSOR_BYTES = 2 ** 40;

function describe(name: string, t: TensorType): CutTensor {
  // Strings have no fixed size: count 0 here; a cut through strings is costed elsewhere.
  const bytes = byteSize(t.dtype, elementCount(t.shape)) ?? 0;
  if (bytes > MAX_TENSOR_BYTES)
    throw new ModelError(
      `tensor '${name}' would have the shape ${t.shape.join('x')} (${bytes.toExponential(2)} bytes of ${t.dtype}), above the limit of ${MAX_TENSOR_BYTES} bytes (1 TiB); check the model's shapes or --input-shape`,
    );
  return { name, dtype: t.dtype, shape: [...t.shape], bytes };
}
