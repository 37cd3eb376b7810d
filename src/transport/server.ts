/**
 * The receiving end of a hop: a KServe v2 ModelInfer (and Triton
 * ModelStreamInfer) server whose handler gets decoded tensors and frame
 * parameters. It never queues: requests beyond maxInFlight are refused at once
 * with RESOURCE_EXHAUSTED (the caller counts a drop), malformed ones with
 * INVALID_ARGUMENT (on the stream: error replies saying the same), and it
 * keeps serving after both. gRPC is spoken by hand over node:http2 (framing in
 * grpc-framing.ts): grpc-js costs the stream more than half its throughput.
 * What a peer may hold (connections, idle time, streams, buffered and queued
 * bytes, message arrival time, reply progress, bytes read for nothing) is
 * bounded by limits.ts; a peer that breaks a limit loses its stream or
 * connection, never the process.
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
import type { ConnectionLedger } from './connection-ledger.js';
import { ConnectionWatch } from './connection-watch.js';
import {
  holding,
  relayLimits,
  type CallGuard,
  type Holding,
  type LimitStats,
  type RelayLimits,
} from './limits.js';
import { serverTlsOptions, type TlsMaterial } from './tls.js';
import type { CutEncoding, DecodedInfer } from './wire.js';

export type { RelayServerStats } from './infer-gate.js';
export type { ServedModelInfo } from './served-model.js';
export type { Holding, LimitStats, RelayLimits } from './limits.js';

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
  /** Serve over TLS; with a CA in it, only clients presenting a certificate that CA signed (mutual TLS). */
  readonly tls?: TlsMaterial;
  /** Bounds on what a peer may hold; defaults in limits.ts (defaultLimits). */
  readonly limits?: Partial<RelayLimits>;
}

export interface RelayServer {
  readonly port: number;
  /** host:port, as a RelayClient takes it. */
  readonly address: string;
  readonly stats: Readonly<RelayServerStats>;
  /** Streams and connections cut by the limits. */
  readonly limitStats: Readonly<LimitStats>;
  /** Connections, streams and bytes peers hold now (what the limits bound). */
  holding(): Holding;
  /** Stop accepting, let calls in flight finish for up to graceMs, then cut them off. */
  close(graceMs?: number): Promise<void>;
}

/** Node counts session memory in MB; its 10 MB default would refuse streams behind one 10 MB frame. */
const MAX_SESSION_MEMORY_MB = 1024;

export async function startRelayServer(options: RelayServerOptions): Promise<RelayServer> {
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const limits = relayLimits(maxMessageBytes, options.limits);
  const limitStats: LimitStats = {
    streamsFailed: 0,
    connectionsClosed: 0,
    requestsRefused: 0,
    lastReason: '',
  };
  const cut = (counter: 'streamsFailed' | 'connectionsClosed' | 'requestsRefused', reason: string): void => {
    limitStats[counter] += 1;
    limitStats.lastReason = reason;
  };
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
  // Replies' buffers, reused once written (stream-handler.ts says why).
  const replies = new BufferPool();
  const streams = new Set<OpenStream>();
  const sessions = new Map<http2.ServerHttp2Session, ConnectionLedger>();
  const watch = new ConnectionWatch(sessions, limits, cut);
  const server = createServer(watch, limits, options.tls, cut);
  server.on('stream', (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => {
    const path = headers[':path'] ?? '';
    const connection = sessions.get(stream.session as http2.ServerHttp2Session);
    if (!connection || !admitStream(stream, connection, cut)) return;
    const guard: CallGuard = {
      limits,
      connection,
      failed: (reason) => cut('streamsFailed', reason),
      refused: (reason) => cut('requestsRefused', reason),
    };
    if (!isGrpcRequest(stream, headers) || refusedEncoding(stream, headers)) return;
    if (path === MODEL_STREAM_INFER_PATH)
      return serveModelStreamInfer(stream, gate, streams, maxMessageBytes, pool, guard, replies);
    const method = unary.get(path);
    if (method) return serveUnary(stream, method, maxMessageBytes, guard);
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
    limitStats,
    holding: () => holding(sessions.values()),
    close: (graceMs) => {
      watch.stop();
      return shutdown(server, sessions.keys(), streams, graceMs);
    },
  };
}

/**
 * An HTTP/2 server whose sessions get wide windows and no Nagle, each admitted by `watch` (which
 * tracks it with its ledger, for the limits and for close()), closed when idle, and no more of
 * them than the limit.
 */
function createServer(
  watch: ConnectionWatch,
  limits: RelayLimits,
  tls: TlsMaterial | undefined,
  cut: (counter: 'connectionsClosed', reason: string) => void,
): http2.Http2Server {
  const options: http2.ServerOptions = {
    settings: {
      initialWindowSize: FLOW_CONTROL_WINDOW,
      maxConcurrentStreams: limits.maxStreamsPerConnection,
    },
    maxSessionMemory: MAX_SESSION_MEMORY_MB,
  };
  const server = tls
    ? http2.createSecureServer({ ...options, ...serverTlsOptions(tls), allowHTTP1: false })
    : http2.createServer(options);
  // A client refused by TLS (no certificate, another CA) never reaches a session; nothing to do.
  server.on('tlsClientError', () => undefined);
  server.on('session', (session: http2.ServerHttp2Session) => {
    session.on('error', () => undefined); // a client that vanished; the session closes
    if (!watch.admit(session)) return;
    session.setLocalWindowSize(FLOW_CONTROL_WINDOW);
    session.setTimeout(limits.idleTimeoutMs, () => {
      cut('connectionsClosed', `connection idle for ${limits.idleTimeoutMs} ms`);
      closeSession(session);
    });
  });
  // Beyond the cap, net.Server closes new connections as they are accepted.
  server.maxConnections = limits.maxConnections;
  server.on('drop', () => cut('connectionsClosed', `over maxConnections ${limits.maxConnections}`));
  // Answers are small writes behind large ones: Nagle would hold them for an ACK.
  server.on('connection', (socket: net.Socket) => socket.setNoDelay(true));
  return server;
}

/** GOAWAY, then the connection cut if the client has not gone a moment later. */
function closeSession(session: http2.ServerHttp2Session): void {
  session.close();
  setTimeout(() => session.destroy(), 1000).unref();
}

/** A stream beyond the connection's limit is refused (the SETTINGS say so too, but a client may ignore them). */
function admitStream(
  stream: http2.ServerHttp2Stream,
  connection: ConnectionLedger,
  cut: (counter: 'streamsFailed', reason: string) => void,
): boolean {
  if (connection.open(stream)) return true;
  cut('streamsFailed', `over maxStreamsPerConnection ${connection.limits.maxStreamsPerConnection}`);
  stream.on('error', () => undefined);
  stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
  return false;
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
  open: Iterable<http2.ServerHttp2Session>,
  streams: Set<OpenStream>,
  graceMs = 1000,
): Promise<void> {
  const sessions = [...open];
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
