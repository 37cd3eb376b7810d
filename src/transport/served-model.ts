/**
 * What a server says about the one model it serves: ServerMetadata,
 * ModelMetadata and ModelReady, and the name check that every call naming a
 * model passes (ModelInfer and ModelStreamInfer too). KServe v2 addresses a
 * model by name and optional version; a server without a model (a pipeline
 * stage's relay, whose peers send no name) answers whatever name it is given.
 */
import { status as Status } from '@grpc/grpc-js';
import { packageVersion } from '../core/assets.js';
import { isTensorDType } from '../core/dtype.js';
import { describeError } from '../core/errors.js';
import type { InputSpec } from '../runtime/runtime.js';
import { kserveDatatype } from './datatype.js';
import { inference } from './gen/kserve.js';
import { InvalidRequest } from './invalid-request.js';

export interface ServedModelInfo {
  readonly name: string;
  readonly version: string;
  /** Triton's platform name for the backend ('onnxruntime_onnx'). */
  readonly platform: string;
  readonly inputs: readonly InputSpec[];
  readonly outputs: readonly InputSpec[];
}

/** A call that fails with a gRPC status other than INVALID_ARGUMENT or INTERNAL. */
export class CallError extends Error {
  constructor(
    readonly code: Status,
    message: string,
  ) {
    super(message);
  }
}

/** Throws NOT_FOUND unless `name` (and `version`, when one is asked for) is the served model's. */
export function checkModelName(model: ServedModelInfo | undefined, name: string, version: string): void {
  if (!model || (name === model.name && (version === '' || version === model.version))) return;
  const asked = version === '' ? `'${name}'` : `'${name}' version '${version}'`;
  throw new CallError(
    Status.NOT_FOUND,
    `model ${asked} not found: this server serves '${model.name}' version '${model.version}'`,
  );
}

/** ServerMetadata, ModelMetadata and ModelReady, as unary methods over the request's bytes. */
export function modelMethods(
  model: ServedModelInfo | undefined,
  isReady: () => boolean,
): Record<string, (request: Buffer) => Promise<Buffer>> {
  return {
    // These throw at once rather than reject; serveUnary fails the call the same way.
    ServerMetadata: () => {
      const server = { name: 'couper', version: packageVersion(), extensions: [] };
      return Promise.resolve(encode(inference.ServerMetadataResponse.encode(server).finish()));
    },
    ModelReady: (bytes) => {
      const request = decoded(inference.ModelReadyRequest, bytes);
      checkModelName(model, request.name, request.version);
      return Promise.resolve(encode(inference.ModelReadyResponse.encode({ ready: isReady() }).finish()));
    },
    ModelMetadata: (bytes) => {
      const request = decoded(inference.ModelMetadataRequest, bytes);
      if (!model) throw new CallError(Status.NOT_FOUND, 'this relay serves no model metadata');
      checkModelName(model, request.name, request.version);
      return Promise.resolve(encode(inference.ModelMetadataResponse.encode(metadata(model)).finish()));
    },
  };
}

function metadata(model: ServedModelInfo): inference.ModelMetadataResponse.$Properties {
  return {
    name: model.name,
    versions: [model.version],
    platform: model.platform,
    inputs: model.inputs.map(tensorMetadata),
    outputs: model.outputs.map(tensorMetadata),
  };
}

/** KServe's spelling of a declared tensor: -1 for a dimension the model leaves open. */
function tensorMetadata(spec: InputSpec): inference.ModelMetadataResponse.TensorMetadata.$Properties {
  const { dtype } = spec;
  const datatype =
    dtype === null
      ? ''
      : isTensorDType(dtype)
        ? kserveDatatype(dtype)
        : dtype === 'bfloat16'
          ? 'BF16'
          : dtype;
  return {
    name: spec.name,
    datatype,
    shape: (spec.shape ?? []).map((d) => (typeof d === 'number' && d >= 0 ? d : -1)),
  };
}

/** A request message, or INVALID_ARGUMENT when it does not parse. */
function decoded<T>(type: { decode(bytes: Uint8Array): T }, bytes: Buffer): T {
  try {
    return type.decode(bytes);
  } catch (err) {
    throw new InvalidRequest(describeError(err));
  }
}

function encode(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
