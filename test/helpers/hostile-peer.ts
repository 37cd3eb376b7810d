/**
 * Test and benchmark helper: clients that misbehave at a relay server on
 * purpose, spoken over raw node:http2 so that nothing of ours smooths them
 * over: one that never reads its replies, one that stalls inside a message,
 * one that opens streams and connections and leaves them be.
 */
import http2 from 'node:http2';
import net from 'node:net';
import { serializeInferRequest } from '../../src/transport/codec.js';
import { messagePrefix } from '../../src/transport/grpc-framing.js';
import { MODEL_INFER_PATH, MODEL_STREAM_INFER_PATH } from '../../src/transport/service.js';
import { encodeInferRequest } from '../../src/transport/wire.js';

/** One framed ModelInferRequest (prefix included) carrying a float32 tensor of `bytes` bytes. */
export function framedRequest(bytes: number, frameId = 1): Buffer {
  const data = new Float32Array(Math.max(1, Math.floor(bytes / 4)));
  const message = serializeInferRequest(
    encodeInferRequest({ x: { dtype: 'float32', shape: [data.length], data } }, { frameId }),
  );
  return Buffer.concat([messagePrefix(message.byteLength), message]);
}

export interface RawCall {
  readonly session: http2.ClientHttp2Session;
  readonly stream: http2.ClientHttp2Stream;
  /** Settles when the stream closes: the RST code (0 for a clean end) and the grpc-status seen, if any. */
  readonly closed: Promise<{ rstCode: number; grpcStatus: string | undefined; grpcMessage: string }>;
}

export interface RawOptions {
  /** The client's flow-control window: a small one with `read: false` keeps replies on the server. */
  readonly window?: number;
  /** Read replies (default true); false pauses the stream so the server's replies pile up. */
  readonly read?: boolean;
  /** A unary ModelInfer call instead of ModelStreamInfer. */
  readonly unary?: boolean;
  /** Use this session instead of opening one. */
  readonly session?: http2.ClientHttp2Session;
}

/**
 * A raw session with `window` as its streams' flow-control window; from `localAddress` when
 * given (any 127.x.y.z on Linux loopback), to look like another host to the server.
 */
export function connectRaw(
  address: string,
  window = 65_535,
  localAddress?: string,
): http2.ClientHttp2Session {
  const url = new URL(`http://${address}`);
  let socket: net.Socket | undefined;
  const session = http2.connect(url, {
    settings: { initialWindowSize: window },
    // Our own socket, so that what it wrote can still be read once the session is gone (sentBytes).
    createConnection: () => {
      socket = net.connect({
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: Number(url.port),
        ...(localAddress !== undefined && { localAddress }),
      });
      return socket;
    },
  });
  if (socket) sockets.set(session, socket);
  session.on('error', () => undefined);
  return session;
}

const sockets = new WeakMap<http2.ClientHttp2Session, net.Socket>();

/** Bytes a session from connectRaw wrote to the network, whether or not it is still open. */
export function sentBytes(session: http2.ClientHttp2Session): number {
  return sockets.get(session)?.bytesWritten ?? 0;
}

/** Opens a call on a raw session; nothing is sent yet. */
export function openCall(address: string, options: RawOptions = {}): RawCall {
  const session = options.session ?? connectRaw(address, options.window);
  const stream = session.request({
    ':method': 'POST',
    ':path': options.unary ? MODEL_INFER_PATH : MODEL_STREAM_INFER_PATH,
    'content-type': 'application/grpc',
    te: 'trailers',
  });
  stream.on('error', () => undefined);
  let grpcStatus: string | undefined;
  let grpcMessage = '';
  const note = (headers: http2.IncomingHttpHeaders): void => {
    const s = headers['grpc-status'];
    if (typeof s === 'string') grpcStatus = s;
    const m = headers['grpc-message'];
    if (typeof m === 'string') grpcMessage = decodeURIComponent(m);
  };
  stream.on('response', note);
  stream.on('trailers', note);
  if (options.read === false) stream.pause();
  else stream.resume();
  const closed = new Promise<{ rstCode: number; grpcStatus: string | undefined; grpcMessage: string }>(
    (resolve) => stream.on('close', () => resolve({ rstCode: stream.rstCode ?? 0, grpcStatus, grpcMessage })),
  );
  return { session, stream, closed };
}
