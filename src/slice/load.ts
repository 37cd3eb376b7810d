/**
 * Read a model and get it ready for cutting: the dataflow graph, every
 * tensor's shape, a topological order and per-operator FLOPs. Timed in parts
 * so that `candidates --json` can say where the time went.
 */
import { readModel } from '../onnx/model-file.js';
import { analyse, type AnalysedModel } from './candidates.js';
import { buildModelGraph } from './model-graph.js';
import { resolveShapes, type ShapeOptions } from './shapes.js';

// For callers above the slicer: a model path that cannot be a model fails first, before slower checks.
export { checkModelPath } from '../onnx/model-file.js';
export { modelContentHash } from '../onnx/content-hash.js';

export interface LoadTiming {
  readonly readMs: number;
  readonly graphMs: number;
  readonly shapesMs: number;
}

export async function loadForCutting(
  file: string,
  options: ShapeOptions = {},
): Promise<{ analysed: AnalysedModel; timing: LoadTiming }> {
  const t0 = performance.now();
  const model = readModel(file);
  const t1 = performance.now();
  const mg = buildModelGraph(model.proto);
  const t2 = performance.now();
  const shapes = await resolveShapes(model, mg, options);
  const t3 = performance.now();
  const analysed = analyse(model, mg, shapes);
  const t4 = performance.now();
  return { analysed, timing: { readMs: t1 - t0, graphMs: t2 - t1 + (t4 - t3), shapesMs: t3 - t2 } };
}
