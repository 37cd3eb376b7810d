/**
 * Dtypes and shapes learnt by running the model once in onnxruntime with
 * the named tensors exposed as outputs: the reference for static inference,
 * and its fallback for what no rule can infer (shapes that depend on input
 * values, operators without a rule). The run loads every weight.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeError, ModelError } from '../core/errors.js';
import { allTensors, writeModel, type LoadedModel } from '../onnx/model-file.js';
import { externalLocations, linkExternalFiles, relocated } from '../onnx/external-data.js';
import type { GraphProto, ModelProto } from '../onnx/proto.js';
import type { Runtime, TensorMap } from '../runtime/runtime.js';
import type { TensorType } from './static-shapes.js';

/** Run `model` once on `feeds` and report the type of each tensor in `names`. */
export async function runShapes(
  model: LoadedModel,
  names: readonly string[],
  feeds: TensorMap,
  runtime?: Runtime,
): Promise<Map<string, TensorType>> {
  // onnxruntime-node is loaded only by a run: static inference alone never pays for it.
  const chosen = runtime ?? (await import('../runtime/registry.js')).getRuntime();
  const outputs = await runExposed(model, names, feeds, chosen);
  const types = new Map<string, TensorType>();
  for (const [name, t] of Object.entries(outputs)) types.set(name, { dtype: t.dtype, shape: [...t.shape] });
  return types;
}

async function runExposed(
  model: LoadedModel,
  names: readonly string[],
  feeds: TensorMap,
  runtime: Runtime,
): Promise<TensorMap> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-shapes-'));
  try {
    const file = path.join(dir, 'exposed.onnx');
    writeModel(file, exposedModel(model, names, dir));
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
