/**
 * The receiving end of a hop: a KServe v2 ModelInfer (and Triton
 * ModelStreamInfer) server whose handler gets decoded tensors and frame
 * parameters. It never queues: requests beyond maxInFlight are refused at once
 * with RESOURCE_EXHAUSTED (the caller counts a drop), malformed ones with
 * INVALID_ARGUMENT (on the stream: error replies saying the same), and it
 * keeps serving after both. gRPC is spoken by hand over node:http2 (framing in
 * grpc-framing.ts): grpc-js costs the stream more than half its throughput.
 */
import { status as Status } from '@grpc/grpc-js';
import http2 from 'node:http2';
import type net from 'node:net';
import { TransportError } from '../core/errors.js';
import type { TensorMap } from '../runtime/runtime.js';
import { BufferPool } from './buffer-pool.js';
import { GRPC_CONTENT_TYPE, refusedEncoding, statusHeaders } from './grpc-framing.js';
import { InferGate, type RelayServerStats } from './infer-gate.js';
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  FLOW_CONTROL_WINDOW,
  MODEL_STREAM_INFER_PATH,
  SERVICE_PREFIX,
} from './service.js';
import { modelMethods, type ServedModelInfo } from './served-model.js';
import { serveModelStreamInfer, type OpenStream } from './stream-handler.js';
import { healthMethods, modelInferMethod, serveUnary, type UnaryMethod } from './unary-handler.js';
import type { CutEncoding, DecodedInfer } from './wire.js';

export type { RelayServerStats } from './infer-gate.js';
export type { ServedModelInfo } from './served-model.js';

export interface RelayServerOptions {
  /** 0 (the default) picks a free port; RelayServer.port says which. */
  readonly port?: number;
  /** The address to listen on; 127.0.0.1 by default. */
  readonly bindAddress?: string;
  /** Largest request accepted (bigger ones are refused with RESOURCE_EXHAUSTED) and response sent. */
  readonly maxMessageBytes?: number;
  /** Requests handled at once; further ones are refused, not queued. Default 1. */
  readonly maxInFlight?: number;
  readonly handler: (request: DecodedInfer) => Promise<TensorMap>;
  readonly responseEncoding?: CutEncoding;
  /** Answer for ServerReady/ModelReady; ready whenever live by default. */
  readonly isReady?: () => boolean;
  /**
   * The model served (`couper serve`): ModelMetadata describes it, and calls naming another
   * model are refused NOT_FOUND. Without it (a pipeline hop) any name is accepted.
   */
  readonly model?: ServedModelInfo;
}

export interface RelayServer {
  readonly port: number;
  /** host:port, as a RelayClient takes it. */
  readonly address: string;
  readonly stats: Readonly<RelayServerStats>;
  /** Stop accepting, let calls in flight finish for up to graceMs, then cut them off. */
  close(graceMs?: number): Promise<void>;
}

/** Node counts session memory in MB; its 10 MB default would refuse streams behind one 10 MB frame. */
const MAX_SESSION_MEMORY_MB = 1024;

export async function startRelayServer(options: RelayServerOptions): Promise<RelayServer> {
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const gate = new InferGate(options);
  const unary = new Map<string, UnaryMethod>(
    Object.entries({
      ...healthMethods(() => options.isReady?.() ?? true),
      ...modelMethods(options.model, () => options.isReady?.() ?? true),
      ModelInfer: modelInferMethod(gate),
    }).map(([name, method]) => [SERVICE_PREFIX + name, method]),
  );
  // One pool for the server's streams: a hop keeps one stream, but reconnects open new ones.
  const pool = new BufferPool();
  const streams = new Set<OpenStream>();
  const sessions = new Set<http2.ServerHttp2Session>();
  const server = createServer(sessions);
  server.on('stream', (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => {
    const path = headers[':path'] ?? '';
    if (!isGrpcRequest(stream, headers) || refusedEncoding(stream, headers)) return;
    if (path === MODEL_STREAM_INFER_PATH)
      return serveModelStreamInfer(stream, gate, streams, maxMessageBytes, pool);
    const method = unary.get(path);
    if (method) return serveUnary(stream, method, maxMessageBytes);
    stream.on('error', () => undefined);
    stream.respond(
      {
        ':status': 200,
        'content-type': GRPC_CONTENT_TYPE,
        ...statusHeaders(Status.UNIMPLEMENTED, `unknown method ${path}`),
      },
      { endStream: true },
    );
  });
  const bindAddress = options.bindAddress ?? '127.0.0.1';
  const port = await listen(server, bindAddress, options.port ?? 0);
  return {
    port,
    address: `${bracketed(bindAddress)}:${port}`,
    stats: gate.stats,
    close: (graceMs) => shutdown(server, sessions, streams, graceMs),
  };
}

/** An HTTP/2 server whose sessions get wide windows and no Nagle, tracked in `sessions` for close(). */
function createServer(sessions: Set<http2.ServerHttp2Session>): http2.Http2Server {
  const server = http2.createServer({
    settings: { initialWindowSize: FLOW_CONTROL_WINDOW },
    maxSessionMemory: MAX_SESSION_MEMORY_MB,
  });
  server.on('session', (session: http2.ServerHttp2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined); // a client that vanished; the session closes
    session.setLocalWindowSize(FLOW_CONTROL_WINDOW);
  });
  // Answers are small writes behind large ones: Nagle would hold them for an ACK.
  server.on('connection', (socket: net.Socket) => socket.setNoDelay(true));
  return server;
}

/** gRPC requests are POSTs of application/grpc; anything else gets the HTTP answer gRPC prescribes. */
function isGrpcRequest(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): boolean {
  const type = headers['content-type'] ?? '';
  const status = headers[':method'] !== 'POST' ? 405 : type.startsWith(GRPC_CONTENT_TYPE) ? 0 : 415;
  if (status === 0) return true;
  stream.on('error', () => undefined);
  stream.respond({ ':status': status }, { endStream: true });
  return false;
}

/** An IPv6 address in brackets, as it stands before a port. */
function bracketed(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

function listen(server: http2.Http2Server, bindAddress: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (err: Error): void =>
      reject(new TransportError(`cannot listen on ${bindAddress}:${port}: ${err.message}`, { cause: err }));
    server.once('error', failed);
    server.listen(port, bindAddress, () => {
      server.off('error', failed);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * Stops accepting connections, ends open streams once their frames are answered (an idle
 * stream would otherwise hold the session for the whole grace time), sends GOAWAY on every
 * session so it closes when its calls are done, and cuts off whatever is left after graceMs.
 */
function shutdown(
  server: http2.Http2Server,
  sessions: Set<http2.ServerHttp2Session>,
  streams: Set<OpenStream>,
  graceMs = 1000,
): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      for (const session of sessions) session.destroy();
    }, graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    for (const stream of streams) stream.drain();
    for (const session of sessions) session.close();
  });
}
