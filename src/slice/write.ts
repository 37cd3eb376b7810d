/**
 * Apply a slice plan: write part0.onnx … partN.onnx and slice.json into a
 * folder. External weights stay external: onnxruntime refuses external data
 * outside the model's own folder (symbolic links included), so each external
 * file (its real path, checked to be inside the source model's folder:
 * onnx/external-data.ts) is hard-linked into the folder, or copied where
 * linking fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describeError, ModelError, SliceError } from '../core/errors.js';
import { makeDir } from '../core/dirs.js';
import { stderrLogger, type Logger } from '../core/log.js';
import { linkExternalFiles, relocated } from '../onnx/external-data.js';
import { writeModel, type LoadedModel } from '../onnx/model-file.js';
import type { AttributeProto, GraphProto, NodeProto, onnx } from '../onnx/proto.js';
import { extractPart } from './extract.js';
import { publicPlan, type SlicePlan } from './plan.js';

export interface WrittenSlices {
  readonly dir: string;
  /** Part files, in plan order. */
  readonly parts: readonly string[];
  /** External data files as named in `dir`, by their location in the original model. */
  readonly externalFiles: Readonly<Record<string, string>>;
  /** External files that had to be copied because a hard link was not possible. */
  readonly copied: readonly string[];
}

export function writeSlices(
  plan: SlicePlan,
  model: LoadedModel,
  outDir: string,
  log: Logger = stderrLogger,
): WrittenSlices {
  const dir = makeDir(outDir, '--out');
  const locations = new Set(plan.parts.flatMap((p) => p.externalFiles));
  const { renamed, copied } = linkLocations(model.dir, locations, dir);
  for (const base of copied) {
    log.warn(
      `could not hard-link external data '${base}' into '${outDir}' (another file system?): copied it instead`,
    );
  }
  const parts = plan.parts.map((part, k) => {
    const proto = extractPart(model.proto, plan, k);
    const file = path.join(dir, part.file);
    writeModel(file, { ...proto, graph: relocateGraph(proto.graph as GraphProto, renamed) });
    return file;
  });
  const written = {
    ...plan,
    parts: plan.parts.map((p) => ({ ...p, externalFiles: p.externalFiles.map((l) => renamed.get(l) ?? l) })),
  };
  fs.writeFileSync(path.join(dir, 'slice.json'), `${JSON.stringify(publicPlan(written), null, 2)}\n`);
  return { dir, parts, externalFiles: Object.fromEntries(renamed), copied };
}

function linkLocations(
  srcDir: string,
  locations: ReadonlySet<string>,
  dir: string,
): { renamed: Map<string, string>; copied: string[] } {
  try {
    return linkExternalFiles(srcDir, locations, dir);
  } catch (err) {
    if (err instanceof ModelError) throw err;
    throw new SliceError(`cannot place external data in '${dir}': ${describeError(err)}`);
  }
}

/**
 * A copy of `graph` whose external tensors point at their linked files.
 * Only the path down to an external tensor is copied; the rest is shared.
 */
function relocateGraph(graph: GraphProto, renamed: ReadonlyMap<string, string>): GraphProto {
  if (renamed.size === 0) return graph;
  const reloc = (t: onnx.TensorProto.$Properties) => relocated(t, renamed);
  return {
    ...graph,
    initializer: (graph.initializer ?? []).map(reloc),
    sparseInitializer: (graph.sparseInitializer ?? []).map((s) => ({
      ...s,
      ...(s.values && { values: reloc(s.values) }),
      ...(s.indices && { indices: reloc(s.indices) }),
    })),
    node: (graph.node ?? []).map((n) => relocateNode(n, renamed)),
  };
}

function relocateNode(node: NodeProto, renamed: ReadonlyMap<string, string>): NodeProto {
  const attrs = node.attribute ?? [];
  const holdsTensors = (a: AttributeProto) =>
    a.t || a.g || (a.tensors?.length ?? 0) > 0 || (a.graphs?.length ?? 0) > 0;
  if (!attrs.some(holdsTensors)) return node;
  return {
    ...node,
    attribute: attrs.map((a) =>
      holdsTensors(a)
        ? {
            ...a,
            ...(a.t && { t: relocated(a.t, renamed) }),
            tensors: (a.tensors ?? []).map((t) => relocated(t, renamed)),
            ...(a.g && { g: relocateGraph(a.g, renamed) }),
            graphs: (a.graphs ?? []).map((g) => relocateGraph(g, renamed)),
          }
        : a,
    ),
  };
}
