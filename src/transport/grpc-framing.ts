/**
 * gRPC's framing over HTTP/2, written by hand for the relay's hot path
 * (docs/TRANSPORT.md, Performance): each message is a 1-byte compressed flag
 * and a 4-byte big-endian length, then the bytes; the call's status travels in
 * trailers (grpc-status, percent-encoded grpc-message), or in the response
 * headers alone when there is no response body (trailers-only).
 */
import { status as Status } from '@grpc/grpc-js';
import type http2 from 'node:http2';
import type { Writable } from 'node:stream';
import { type BufferPool, POOL_MIN_BYTES } from './buffer-pool.js';

export const GRPC_CONTENT_TYPE = 'application/grpc';
export const PREFIX_BYTES = 5;

/** What a MessageDecoder hands its owner. */
export interface MessageSink {
  /**
   * One whole message; a view on a received chunk or a buffer of its own, 5 bytes into its
   * memory. `release`, present when that buffer came from the decoder's pool, gives it back for
   * reuse: call it only once nothing reads the message (or views on it) any more, or never.
   */
  message(bytes: Buffer, release?: () => void): void;
  /** A message over the limit (or compressed, which we never ask for); its bytes are skipped. */
  refused(reason: string, code: Status): void;
  /**
   * A message of `length` bytes that must be buffered (it spans chunks) is starting; false
   * stops the decoder for good (the owner fails the call). Absent: always buffered.
   */
  begin?(length: number): boolean;
}

/**
 * Cuts a stream of DATA chunks into messages. A message inside one chunk is handed over as a
 * view; one spread over chunks is copied once into a buffer of its exact size, placed 5 bytes
 * into its memory as grpc-js places it, so that the sender's alignment padding holds (codec.ts).
 * A refused message is skipped byte for byte, so the stream stays usable after it. With a
 * pool, large reassembled messages come in pooled buffers (buffer-pool.ts).
 */
export class MessageDecoder {
  private readonly header = Buffer.alloc(PREFIX_BYTES);
  private headerFill = 0;
  private body: Buffer | undefined;
  private release: (() => void) | undefined;
  private bodyFill = 0;
  private skipping = 0;
  private stopped = false;
  /** Bytes pushed that no message took: refused messages skipped, a dropped partial message, anything after stop(). */
  private dropped = 0;

  constructor(
    private readonly maxMessageBytes: number,
    private readonly sink: MessageSink,
    private readonly pool?: BufferPool,
  ) {}

  push(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.byteLength && !this.stopped) {
      if (this.skipping > 0) {
        const n = Math.min(this.skipping, chunk.byteLength - pos);
        this.skipping -= n;
        this.dropped += n;
        pos += n;
      } else if (this.body) pos = this.fillBody(chunk, pos);
      else pos = this.readHeader(chunk, pos);
    }
    this.dropped += chunk.byteLength - pos;
  }

  /** Drops a partly received message (its pooled buffer goes back) and ignores all further bytes. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.dropped += this.headerFill + (this.body ? PREFIX_BYTES + this.bodyFill : 0);
    this.body = undefined;
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  /** Bytes received that went into no message (see `dropped`): what a peer made the server read for nothing. */
  get droppedBytes(): number {
    return this.dropped;
  }

  /** Whether the bytes so far end on a message boundary (a stream must not end mid-message). */
  get idle(): boolean {
    return this.headerFill === 0 && !this.body && this.skipping === 0;
  }

  private readHeader(chunk: Buffer, start: number): number {
    const n = Math.min(PREFIX_BYTES - this.headerFill, chunk.byteLength - start);
    chunk.copy(this.header, this.headerFill, start, start + n);
    this.headerFill += n;
    const pos = start + n;
    if (this.headerFill < PREFIX_BYTES) return pos;
    this.headerFill = 0;
    const compressed = this.header[0] !== 0;
    const length = this.header.readUInt32BE(1);
    if (compressed || length > this.maxMessageBytes) {
      this.skipping = length;
      const reason = compressed
        ? `compressed message (flag ${this.header[0]}) but no grpc-encoding was agreed`
        : `message of ${length} bytes is over maxMessageBytes ${this.maxMessageBytes}`;
      this.sink.refused(reason, compressed ? Status.INTERNAL : Status.RESOURCE_EXHAUSTED);
      return pos;
    }
    if (chunk.byteLength - pos >= length) {
      this.sink.message(chunk.subarray(pos, pos + length));
      return pos + length;
    }
    if (this.sink.begin && !this.sink.begin(length)) {
      this.stop();
      // push() counts the rest of the chunk as dropped.
      return pos;
    }
    if (this.pool && length >= POOL_MIN_BYTES) {
      const lease = this.pool.take(PREFIX_BYTES, length);
      this.body = lease.bytes;
      this.release = lease.release;
    } else this.body = Buffer.allocUnsafe(PREFIX_BYTES + length).subarray(PREFIX_BYTES);
    this.bodyFill = 0;
    return pos;
  }

  private fillBody(chunk: Buffer, start: number): number {
    const body = this.body as Buffer;
    const n = Math.min(body.byteLength - this.bodyFill, chunk.byteLength - start);
    // TypedArray.set skips Buffer.copy's argument checks, paid ~700 times per 10 MB message.
    body.set(start === 0 && n === chunk.byteLength ? chunk : chunk.subarray(start, start + n), this.bodyFill);
    this.bodyFill += n;
    if (this.bodyFill === body.byteLength) {
      const release = this.release;
      this.body = undefined;
      this.release = undefined;
      this.sink.message(body, release);
    }
    return start + n;
  }
}

/**
 * A call whose messages come compressed (grpc-encoding other than identity) is answered
 * UNIMPLEMENTED with the encodings we accept, as the gRPC spec says; true when it was.
 */
export function refusedEncoding(
  stream: http2.ServerHttp2Stream,
  headers: http2.IncomingHttpHeaders,
): boolean {
  const encoding = headers['grpc-encoding'];
  if (encoding === undefined || encoding === 'identity') return false;
  stream.on('error', () => undefined);
  stream.respond(
    {
      ':status': 200,
      'content-type': GRPC_CONTENT_TYPE,
      'grpc-accept-encoding': 'identity',
      ...statusHeaders(
        Status.UNIMPLEMENTED,
        `compression '${String(encoding)}' is not supported (identity only)`,
      ),
    },
    { endStream: true },
  );
  return true;
}

/** The 5-byte prefix of an uncompressed message of `length` bytes. */
export function messagePrefix(length: number): Buffer {
  const prefix = Buffer.allocUnsafe(PREFIX_BYTES);
  prefix[0] = 0;
  prefix.writeUInt32BE(length, 1);
  return prefix;
}

/**
 * Writes one message, given whole or as pieces, behind its prefix in a single writev (no copy
 * of the payload); `written` fires once the last piece has left for the socket layer.
 */
export function writeMessage(
  stream: Writable,
  message: Buffer | readonly Buffer[],
  written?: (err?: Error | null) => void,
): void {
  const pieces = Buffer.isBuffer(message) ? [message] : message;
  let length = 0;
  for (const piece of pieces) length += piece.byteLength;
  stream.cork();
  stream.write(messagePrefix(length));
  pieces.forEach((piece, i) => stream.write(piece, i === pieces.length - 1 ? written : undefined));
  stream.uncork();
}

export interface CallStatus {
  readonly code: Status;
  readonly details: string;
}

export function statusHeaders(code: Status, details: string): Record<string, string> {
  return { 'grpc-status': String(code), ...(details !== '' && { 'grpc-message': percentEncode(details) }) };
}

/** gRPC's percent-encoding: UTF-8 bytes outside printable ASCII, and '%' itself (grpc-js decodes with decodeURI). */
function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    out +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The status in trailers (or trailers-only headers); undefined when they carry none. */
export function statusOfHeaders(headers: http2.IncomingHttpHeaders): CallStatus | undefined {
  const raw = headers['grpc-status'];
  if (raw === undefined) return undefined;
  const code = Number(raw);
  const message = headers['grpc-message'];
  const details = typeof message === 'string' ? safeDecode(message) : '';
  return { code: Number.isInteger(code) ? code : Status.UNKNOWN, details };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** gRPC's mapping of an HTTP status that came without a grpc-status (a proxy, a non-gRPC server). */
export function statusOfHttp(httpStatus: number): CallStatus {
  const codes: Record<number, Status> = {
    400: Status.INTERNAL,
    401: Status.UNAUTHENTICATED,
    403: Status.PERMISSION_DENIED,
    404: Status.UNIMPLEMENTED,
    429: Status.UNAVAILABLE,
    502: Status.UNAVAILABLE,
    503: Status.UNAVAILABLE,
    504: Status.UNAVAILABLE,
  };
  return { code: codes[httpStatus] ?? Status.UNKNOWN, details: `HTTP status ${httpStatus}` };
}
