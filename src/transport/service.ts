/**
 * The KServe GRPCInferenceService as grpc-js method definitions, built on the
 * generated static encoders (no proto-loader at run time). ModelInfer moves
 * raw Buffers: each side (de)serialises itself so that it can time the work,
 * count the bytes and turn a malformed message into INVALID_ARGUMENT.
 * ModelStreamInfer is Triton's addition to the KServe service; plain KServe
 * servers answer it UNIMPLEMENTED and the client falls back to ModelInfer.
 */
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import type { Writer } from 'protobufjs/minimal.js';
import { inference } from './gen/kserve.js';

/** Largest message either side sends or accepts unless told otherwise: an FP32 1280x720 frame is 11 MB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * HTTP/2 flow-control window for streams and connections on both ends. Node's default of 64 KB
 * makes a 1 MB frame wait for a WINDOW_UPDATE sixteen times, each a trip through the receiver's
 * event loop; with a window larger than a frame the sender never waits.
 */
export const FLOW_CONTROL_WINDOW = 16 * 1024 * 1024;

export const SERVICE_PREFIX = '/inference.GRPCInferenceService/';

interface MessageType<T> {
  encode(message: T): Writer;
  decode(bytes: Uint8Array): T;
}

function method<Req, Res>(
  name: string,
  req: MessageType<Req>,
  res: MessageType<Res>,
): MethodDefinition<Req, Res> {
  return {
    path: SERVICE_PREFIX + name,
    originalName: name,
    requestStream: false,
    responseStream: false,
    requestSerialize: (message) => asBuffer(req.encode(message).finish()),
    requestDeserialize: (bytes) => req.decode(bytes),
    responseSerialize: (message) => asBuffer(res.encode(message).finish()),
    responseDeserialize: (bytes) => res.decode(bytes),
  };
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const identity = (bytes: Buffer): Buffer => bytes;

export const MODEL_INFER_PATH = `${SERVICE_PREFIX}ModelInfer`;

export const modelInfer: MethodDefinition<Buffer, Buffer> = {
  path: MODEL_INFER_PATH,
  originalName: 'ModelInfer',
  requestStream: false,
  responseStream: false,
  requestSerialize: identity,
  requestDeserialize: identity,
  responseSerialize: identity,
  responseDeserialize: identity,
};

/**
 * Triton's persistent stream (stream ModelInferRequest -> stream ModelStreamInferResponse): one
 * HTTP/2 stream per hop instead of one per frame. Responses carry the request id to be matched;
 * the ModelStreamInferResponse wrapper is written and read by hand in codec.ts.
 */
export const MODEL_STREAM_INFER_PATH = `${SERVICE_PREFIX}ModelStreamInfer`;

export const modelStreamInfer: MethodDefinition<Buffer, Buffer> = {
  ...modelInfer,
  path: MODEL_STREAM_INFER_PATH,
  originalName: 'ModelStreamInfer',
  requestStream: true,
  responseStream: true,
};

export const serverLive = method('ServerLive', inference.ServerLiveRequest, inference.ServerLiveResponse);
export const serverReady = method('ServerReady', inference.ServerReadyRequest, inference.ServerReadyResponse);
export const modelReady = method('ModelReady', inference.ModelReadyRequest, inference.ModelReadyResponse);

export const inferenceService: ServiceDefinition = {
  ServerLive: serverLive,
  ServerReady: serverReady,
  ModelReady: modelReady,
  ModelInfer: modelInfer,
  ModelStreamInfer: modelStreamInfer,
};
