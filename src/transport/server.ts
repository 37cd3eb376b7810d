/**
 * The receiving end of a hop: a KServe v2 ModelInfer (and Triton
 * ModelStreamInfer) server whose handler gets decoded tensors and frame
 * parameters. It never queues: requests beyond maxInFlight are refused at once
 * with RESOURCE_EXHAUSTED (the caller counts a drop), malformed ones with
 * INVALID_ARGUMENT (on the stream: error replies saying the same), and it
 * keeps serving after both.
 */
import * as grpc from '@grpc/grpc-js';
import type http2 from 'node:http2';
import { describeError, TransportError } from '../core/errors.js';
import type { TensorMap } from '../runtime/runtime.js';
import { serializeInferResponse } from './codec.js';
import type { inference } from './gen/kserve.js';
import { InferGate, InvalidRequest, type RelayServerStats } from './infer-gate.js';
import { DEFAULT_MAX_MESSAGE_BYTES, FLOW_CONTROL_WINDOW, inferenceService } from './service.js';
import { modelStreamInferHandler, type OpenStream } from './stream-handler.js';
import type { CutEncoding, DecodedInfer } from './wire.js';

export type { RelayServerStats } from './infer-gate.js';

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

function modelInferHandler(gate: InferGate) {
  return (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: Callback): void => {
    let message: inference.ModelInferRequest;
    try {
      message = gate.parse(call.request);
    } catch (err) {
      return callback(statusOf(err));
    }
    const busy = gate.admit();
    if (busy !== undefined) return callback(failure(grpc.status.RESOURCE_EXHAUSTED, busy));
    gate.run(message).then(
      (response) => callback(null, serializeInferResponse(response)),
      (err: unknown) => callback(statusOf(err)),
    );
  };
}

function statusOf(err: unknown): Partial<grpc.StatusObject> {
  if (err instanceof InvalidRequest) return failure(grpc.status.INVALID_ARGUMENT, err.message);
  return failure(grpc.status.INTERNAL, `relay handler failed: ${describeError(err)}`);
}

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
    // Not read by grpc-js 1.14's server (grpc-node PR #3058 adds it); widenWindows() does it meanwhile.
    'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW,
  });
  const gate = new InferGate(options);
  const streams = new Set<OpenStream>();
  server.addService(inferenceService, {
    ...healthHandlers(options),
    ModelInfer: modelInferHandler(gate),
    ModelStreamInfer: modelStreamInferHandler(gate, streams),
  });
  const host = options.host ?? '127.0.0.1';
  const port = await bind(server, host, options.port ?? 0);
  widenWindows(server);
  return {
    port,
    address: `${formatHost(host)}:${port}`,
    stats: gate.stats,
    close: (graceMs) => {
      // Open streams would hold tryShutdown for the whole grace time; they end once their frames are answered.
      for (const stream of streams) stream.drain();
      return shutdown(server, graceMs);
    },
  };
}

/**
 * Raises the HTTP/2 receive windows of every session the server accepts to FLOW_CONTROL_WINDOW
 * (see there). grpc-js 1.14 offers no server option for it, so this reaches its http2 servers
 * through a private field; if a later grpc-js renames it, the relay stays correct, only slower
 * (relay.test.ts checks the window a client is granted).
 */
function widenWindows(server: grpc.Server): void {
  const servers: unknown = (server as unknown as { http2Servers?: unknown }).http2Servers;
  if (!(servers instanceof Map)) return;
  for (const http2Server of servers.keys() as Iterable<http2.Http2Server>) {
    http2Server.on('session', (session: http2.ServerHttp2Session) => {
      session.settings({ initialWindowSize: FLOW_CONTROL_WINDOW });
      session.setLocalWindowSize(FLOW_CONTROL_WINDOW);
    });
  }
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
