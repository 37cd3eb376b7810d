/**
 * Read and write ONNX model files (ModelProto), with the checks that turn a
 * bad file into one clear ModelError instead of a decoder's stack trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs/minimal.js';
import { describeError, ModelError } from '../core/errors.js';
import { checkExternalData } from './external-data.js';
import { writeModelFile } from './model-writer.js';
import { onnx, int64, type GraphProto, type ModelProto, type TensorProto } from './proto.js';

export interface LoadedModel {
  /** Absolute path of the .onnx file. */
  readonly file: string;
  /** Folder that external data locations are relative to. */
  readonly dir: string;
  readonly proto: ModelProto;
  /** Size of the .onnx file itself (not counting external data). */
  readonly fileBytes: number;
}

/** Decode bytes as a ModelProto; `where` names the source in errors. */
export function decodeModel(bytes: Uint8Array, where: string): ModelProto {
  if (bytes.length === 0) throw new ModelError(`${where} is empty, not an ONNX model`);
  let proto: ModelProto;
  try {
    const reader = protobuf.Reader.create(bytes);
    // Keep fields this schema does not know (newer ONNX): writing the model back must not drop them.
    reader.discardUnknown = false;
    proto = onnx.ModelProto.decode(reader);
  } catch (err) {
    // protobuf's reader says "index out of range" when a field runs past the end.
    const truncated = /index out of range/i.test(describeError(err));
    throw new ModelError(
      truncated
        ? `${where} is truncated or corrupt (the protobuf data ends in the middle of a field)`
        : `${where} is not an ONNX model (${describeError(err)})`,
    );
  }
  // Any byte string decodes as *some* protobuf; a model has an IR version and a graph.
  if (int64(proto.irVersion) <= 0 || !proto.graph) {
    throw new ModelError(`${where} is not an ONNX model (no IR version or no graph)`);
  }
  // IR 3 and later require opset_import; a file cut right after its graph field decodes without one.
  if (int64(proto.irVersion) >= 3 && (proto.opsetImport ?? []).length === 0) {
    throw new ModelError(
      `${where} is truncated or corrupt (IR version ${int64(proto.irVersion)} but no opset_import)`,
    );
  }
  return proto;
}

export function readModel(file: string): LoadedModel {
  const absolute = path.resolve(file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(absolute);
  } catch (err) {
    throw modelPathError(file, err);
  }
  const proto = decodeModel(bytes, `'${file}'`);
  const dir = path.dirname(absolute);
  checkExternalData(dir, allTensors(proto.graph as GraphProto));
  return { file: absolute, dir, proto, fileBytes: bytes.length };
}

/** Fail now if `file` cannot be a model (missing, a folder, unreadable), before slower checks of other inputs. */
export function checkModelPath(file: string): void {
  try {
    const fd = fs.openSync(file, 'r');
    const isDir = fs.fstatSync(fd).isDirectory();
    fs.closeSync(fd);
    if (isDir) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
  } catch (err) {
    throw modelPathError(file, err);
  }
}

function modelPathError(file: string, err: unknown): ModelError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ModelError(`model file '${file}' does not exist`);
  if (code === 'EISDIR') return new ModelError(`model path '${file}' is a folder, not an .onnx file`);
  return new ModelError(`cannot read model file '${file}': ${describeError(err)}`);
}

export function encodeModel(proto: onnx.ModelProto.$Properties): Uint8Array {
  return onnx.ModelProto.encode(proto).finish();
}

/** Write a model file (without holding its encoding in memory: see model-writer.ts); returns its size. */
export function writeModel(file: string, proto: onnx.ModelProto.$Properties): number {
  return writeModelFile(file, proto);
}

/** Every tensor stored in a graph: initializers and Constant/attribute tensors, subgraphs included. */
export function* allTensors(graph: GraphProto): Generator<TensorProto> {
  yield* graph.initializer ?? [];
  for (const sparse of graph.sparseInitializer ?? []) {
    if (sparse.values) yield sparse.values;
    if (sparse.indices) yield sparse.indices;
  }
  for (const node of graph.node ?? []) {
    for (const attr of node.attribute ?? []) {
      if (attr.t) yield attr.t;
      yield* attr.tensors ?? [];
      if (attr.g) yield* allTensors(attr.g);
      for (const g of attr.graphs ?? []) yield* allTensors(g);
    }
  }
}
