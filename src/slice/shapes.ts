/**
 * Dtype, static shape and byte size of every tensor, learnt by running the
 * model once in onnxruntime with all tensors exposed as outputs. Exported
 * models rarely carry value_info for inner tensors, and a real run is the
 * only answer that is right for every operator and opset.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeError, ModelError } from '../core/errors.js';
import { stderrLogger, type Logger } from '../core/log.js';
import { elementCount, type CutTensor } from '../core/tensor.js';
import { byteSize, type DType } from '../core/dtype.js';
import { allTensors, encodeModel, type LoadedModel } from '../onnx/model-file.js';
import { externalLocations, linkExternalFiles, relocated } from '../onnx/external-data.js';
import type { GraphProto, ModelProto } from '../onnx/proto.js';
import { getRuntime } from '../runtime/registry.js';
import type { Runtime, TensorMap } from '../runtime/runtime.js';
import { modelInputSpecs, seededInputs } from './inputs.js';
import type { ModelGraph } from './model-graph.js';

export type ShapeTable = ReadonlyMap<string, CutTensor>;

export interface ShapeOptions {
  readonly inputShapes?: Record<string, readonly number[]>;
  readonly runtime?: Runtime;
  /** Told which dynamic dimensions were filled with a default. */
  readonly log?: Logger;
}

/** Shapes of every tensor that a node writes (dataflow and constant) plus the graph inputs. */
export async function resolveShapes(
  model: LoadedModel,
  mg: ModelGraph,
  options: ShapeOptions = {},
): Promise<ShapeTable> {
  const specs = modelInputSpecs(model.proto, options.inputShapes);
  for (const spec of specs) {
    if (spec.defaulted.length === 0) continue;
    (options.log ?? stderrLogger).info(
      `note: input '${spec.name}' has dynamic dimensions (${spec.defaulted.join(', ')}); sizing it ${spec.shape.join('x')} (set --input-shape ${spec.name}=…)`,
    );
  }
  const graph = model.proto.graph as GraphProto;
  const wanted = [...new Set((graph.node ?? []).flatMap((n) => (n.output ?? []).filter((t) => t !== '')))];
  const outputs = await runExposed(model, wanted, seededInputs(specs), options.runtime ?? getRuntime());
  const table = new Map<string, CutTensor>();
  for (const spec of specs) {
    table.set(spec.name, describe(spec.name, spec.dtype, spec.shape));
  }
  for (const [name, t] of Object.entries(outputs)) table.set(name, describe(name, t.dtype, t.shape));
  for (const t of mg.graph.ops.flatMap((op) => op.outputs)) {
    if (!table.has(t)) throw new ModelError(`onnxruntime did not report the shape of tensor '${t}'`);
  }
  return table;
}

function describe(name: string, dtype: DType, shape: readonly number[]): CutTensor {
  // Strings have no fixed size: count 0 here; a cut through strings is costed elsewhere.
  return { name, dtype, shape: [...shape], bytes: byteSize(dtype, elementCount(shape)) ?? 0 };
}

/** Run `model` once with `names` added as graph outputs. */
async function runExposed(
  model: LoadedModel,
  names: readonly string[],
  feeds: TensorMap,
  runtime: Runtime,
): Promise<TensorMap> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-shapes-'));
  try {
    const file = path.join(dir, 'exposed.onnx');
    fs.writeFileSync(file, encodeModel(exposedModel(model, names, dir)));
    const session = await runtime.open(file, { optimization: 'basic' });
    try {
      return await session.run(feeds);
    } finally {
      await session.release();
    }
  } catch (err) {
    throw new ModelError(`cannot run the model to learn its tensor shapes: ${describeError(err)}`, {
      cause: err,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A copy of the model whose outputs include `names`, its external data linked into `dir`. */
function exposedModel(model: LoadedModel, names: readonly string[], dir: string): ModelProto {
  const graph = model.proto.graph as GraphProto;
  const { renamed } = linkExternalFiles(model.dir, externalLocations(allTensors(graph)), dir);
  const existing = new Set((graph.output ?? []).map((v) => v.name));
  // onnxruntime accepts outputs without a type and infers it.
  const extra = names.filter((n) => !existing.has(n)).map((name) => ({ name }));
  const exposedGraph: GraphProto = {
    ...graph,
    initializer: (graph.initializer ?? []).map((t) => relocated(t, renamed)),
    output: [...(graph.output ?? []), ...extra],
  };
  return { ...model.proto, graph: exposedGraph };
}
