/**
 * The receiving end of a hop: a KServe v2 ModelInfer server whose handler
 * gets decoded tensors and frame parameters. It never queues: requests beyond
 * maxInFlight are refused at once with RESOURCE_EXHAUSTED (the caller counts a
 * drop), malformed ones with INVALID_ARGUMENT, and it keeps serving after both.
 */
import * as grpc from '@grpc/grpc-js';
import { describeError, TransportError } from '../core/errors.js';
import type { TensorMap } from '../runtime/runtime.js';
import { deserializeInferRequest, serializeInferResponse } from './codec.js';
import type { inference } from './gen/kserve.js';
import { DEFAULT_MAX_MESSAGE_BYTES, inferenceService } from './service.js';
import { type CutEncoding, type DecodedInfer, decodeInferRequest, encodeInferResponse } from './wire.js';

export interface RelayServerOptions {
  /** 0 (the default) picks a free port; RelayServer.port says which. */
  readonly port?: number;
  readonly host?: string;
  /** Largest request accepted and response sent; grpc refuses bigger ones with RESOURCE_EXHAUSTED. */
  readonly maxMessageBytes?: number;
  /** Requests handled at once; further ones are refused, not queued. Default 1. */
  readonly maxInFlight?: number;
  readonly handler: (request: DecodedInfer) => Promise<TensorMap>;
  readonly responseEncoding?: CutEncoding;
  /** Answer for ServerReady/ModelReady; ready whenever live by default. */
  readonly isReady?: () => boolean;
}

export interface RelayServerStats {
  served: number;
  busy: number;
  invalid: number;
  failed: number;
}

export interface RelayServer {
  readonly port: number;
  /** host:port, as a RelayClient takes it. */
  readonly address: string;
  readonly stats: Readonly<RelayServerStats>;
  /** Stop accepting, let calls in flight finish for up to graceMs, then cut them off. */
  close(graceMs?: number): Promise<void>;
}

type Callback = grpc.sendUnaryData<Buffer>;

function failure(code: grpc.status, details: string): Partial<grpc.StatusObject> {
  return { code, details };
}

function modelInferHandler(options: RelayServerOptions, stats: RelayServerStats) {
  const maxInFlight = options.maxInFlight ?? 1;
  let inFlight = 0;
  const run = async (bytes: Buffer): Promise<Buffer> => {
    let request: DecodedInfer;
    try {
      request = decodeInferRequest(deserializeInferRequest(bytes));
    } catch (err) {
      stats.invalid += 1;
      throw new InvalidRequest(describeError(err));
    }
    const outputs = await options.handler(request);
    const response = encodeInferResponse(outputs, request.params, {
      id: request.id,
      modelName: request.modelName,
      encoding: options.responseEncoding ?? 'raw',
    });
    return serializeInferResponse(response);
  };
  return (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: Callback): void => {
    if (inFlight >= maxInFlight) {
      stats.busy += 1;
      callback(
        failure(
          grpc.status.RESOURCE_EXHAUSTED,
          `relay busy: ${inFlight} requests in flight (max ${maxInFlight})`,
        ),
      );
      return;
    }
    inFlight += 1;
    run(call.request).then(
      (response) => {
        inFlight -= 1;
        stats.served += 1;
        callback(null, response);
      },
      (err: unknown) => {
        inFlight -= 1;
        if (err instanceof InvalidRequest)
          return callback(failure(grpc.status.INVALID_ARGUMENT, err.message));
        stats.failed += 1;
        callback(failure(grpc.status.INTERNAL, `relay handler failed: ${describeError(err)}`));
      },
    );
  };
}

class InvalidRequest extends TransportError {}

function healthHandlers(options: RelayServerOptions): grpc.UntypedServiceImplementation {
  const ready = (): boolean => options.isReady?.() ?? true;
  return {
    ServerLive: (_call: unknown, cb: grpc.sendUnaryData<inference.ServerLiveResponse.$Properties>) =>
      cb(null, { live: true }),
    ServerReady: (_call: unknown, cb: grpc.sendUnaryData<inference.ServerReadyResponse.$Properties>) =>
      cb(null, { ready: ready() }),
    ModelReady: (_call: unknown, cb: grpc.sendUnaryData<inference.ModelReadyResponse.$Properties>) =>
      cb(null, { ready: ready() }),
  };
}

export async function startRelayServer(options: RelayServerOptions): Promise<RelayServer> {
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const server = new grpc.Server({
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': maxMessageBytes,
  });
  const stats: RelayServerStats = { served: 0, busy: 0, invalid: 0, failed: 0 };
  server.addService(inferenceService, {
    ...healthHandlers(options),
    ModelInfer: modelInferHandler(options, stats),
  });
  const host = options.host ?? '127.0.0.1';
  const port = await bind(server, host, options.port ?? 0);
  return {
    port,
    address: `${formatHost(host)}:${port}`,
    stats,
    close: (graceMs) => shutdown(server, graceMs),
  };
}

function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function bind(server: grpc.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`${formatHost(host)}:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) => {
      if (err) reject(new TransportError(`cannot listen on ${host}:${port}: ${err.message}`, { cause: err }));
      else resolve(bound);
    });
  });
}

function shutdown(server: grpc.Server, graceMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve();
    };
    // tryShutdown waits for every call; the timer makes sure a stuck handler cannot hold us.
    const timer = setTimeout(() => {
      server.forceShutdown();
      finish();
    }, graceMs);
    server.tryShutdown(finish);
  });
}
