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

/** One HTTP/2 frame: 9-byte header (length, type, flags, stream id) and payload. */
function frame(type: number, flags: number, streamId: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(9);
  header.writeUIntBE(payload.byteLength, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(streamId, 5);
  return Buffer.concat([header, payload]);
}

/** An HPACK string literal, not Huffman-coded (lengths under 127 here). */
function hpackString(text: string): Buffer {
  const bytes = Buffer.from(text, 'latin1');
  return Buffer.concat([Buffer.from([bytes.byteLength]), bytes]);
}

/** The request headers of a ModelStreamInfer call as an HPACK block of static-table names and literals. */
function streamInferHeaders(authority: string): Buffer {
  return Buffer.concat([
    Buffer.from([0x83, 0x86]), // :method POST, :scheme http
    Buffer.from([0x04]), // :path, literal value, not indexed
    hpackString(MODEL_STREAM_INFER_PATH),
    Buffer.from([0x01]), // :authority
    hpackString(authority),
    Buffer.from([0x0f, 0x10]), // content-type (static index 31)
    hpackString('application/grpc'),
    Buffer.from([0x00]), // te, a literal name
    hpackString('te'),
    hpackString('trailers'),
  ]);
}

/**
 * A client that never reads its socket at all, spoken as raw HTTP/2 frames over TCP (a Node
 * http2 session would read the socket even with its streams paused): it grants the server
 * windows of 2^31-1, opens `streams` ModelStreamInfer calls with `requests` 64-byte requests
 * each, and then neither reads a byte nor sends another. The server's replies fill the kernel's
 * buffers and then wait in the server. destroy() it to leave as a client that gives up does.
 * From `localAddress` (a 127.x.y.z) to look like another host.
 */
export function neverReadingClient(
  address: string,
  streams: number,
  requests: number,
  localAddress?: string,
): net.Socket {
  const url = new URL(`http://${address}`);
  const socket = net.connect({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port),
    ...(localAddress !== undefined && { localAddress }),
  });
  socket.pause();
  socket.on('error', () => undefined);
  const max = 0x7fffffff;
  const settings = Buffer.alloc(6);
  settings.writeUInt16BE(0x4, 0); // SETTINGS_INITIAL_WINDOW_SIZE
  settings.writeUInt32BE(max, 2);
  const increment = Buffer.alloc(4);
  increment.writeUInt32BE(max - 65_535, 0);
  const frames = [
    Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'),
    frame(0x4, 0, 0, settings),
    frame(0x8, 0, 0, increment), // the connection's window, as wide as the streams'
  ];
  const body = Buffer.concat(Array.from({ length: requests }, (_, i) => framedRequest(64, i)));
  for (let i = 0; i < streams; i += 1) {
    const id = 2 * i + 1;
    frames.push(frame(0x1, 0x4, id, streamInferHeaders(url.host)), frame(0x0, 0, id, body));
  }
  socket.write(Buffer.concat(frames));
  return socket;
}
