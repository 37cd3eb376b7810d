/**
 * The server's unary methods over raw HTTP/2: ModelInfer (one frame per call,
 * refused at once when busy, INVALID_ARGUMENT when malformed, NOT_FOUND for
 * another model's name) and the KServe health calls. Each takes the call's
 * single request message and finishes with one response and status OK, or
 * with an error status alone.
 */
import { status as Status } from '@grpc/grpc-js';
import type http2 from 'node:http2';
import { describeError } from '../core/errors.js';
import { serializeInferResponse } from './codec.js';
import { inference } from './gen/kserve.js';
import { type InferGate, InvalidRequest } from './infer-gate.js';
import { CallError } from './served-model.js';
import { ServerCall } from './server-call.js';

export type UnaryMethod = (request: Buffer) => Promise<Buffer>;

export function serveUnary(
  stream: http2.ServerHttp2Stream,
  method: UnaryMethod,
  maxMessageBytes: number,
): void {
  let received = false;
  const call: ServerCall = new ServerCall(stream, maxMessageBytes, {
    message: (bytes) => {
      if (received) return call.finish(Status.UNIMPLEMENTED, 'unary method got a second request message');
      received = true;
      // A method that throws at once fails the call as one that rejects does.
      Promise.resolve(bytes)
        .then(method)
        .then(
          (response) => {
            call.send(response);
            call.finish(Status.OK);
          },
          (err: unknown) => call.finish(...statusOf(err)),
        );
    },
    refused: (reason, code) => call.finish(code, reason),
    end: () => {
      if (!received) call.finish(Status.UNIMPLEMENTED, 'unary method got no request message');
    },
  });
}

function statusOf(err: unknown): [Status, string] {
  if (err instanceof CallError) return [err.code, err.message];
  if (err instanceof InvalidRequest) return [Status.INVALID_ARGUMENT, err.message];
  return [Status.INTERNAL, `relay handler failed: ${describeError(err)}`];
}

export function modelInferMethod(gate: InferGate): UnaryMethod {
  return async (bytes) => {
    const message = gate.parse(bytes);
    gate.checkModel(message);
    const busy = gate.admit();
    if (busy !== undefined) throw new CallError(Status.RESOURCE_EXHAUSTED, busy);
    return serializeInferResponse(await gate.run(message));
  };
}

/** ServerLive and ServerReady, whose requests say nothing we need. */
export function healthMethods(isReady: () => boolean): Record<string, UnaryMethod> {
  const encode = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    ServerLive: () => Promise.resolve(encode(inference.ServerLiveResponse.encode({ live: true }).finish())),
    ServerReady: () =>
      Promise.resolve(encode(inference.ServerReadyResponse.encode({ ready: isReady() }).finish())),
  };
}
