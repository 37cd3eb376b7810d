/**
 * What one relay server lets a peer hold, so that a client that stalls,
 * never reads or never leaves costs a bounded amount of memory: open
 * connections, idle time, streams per connection, bytes of partly received
 * messages per connection, time for a message to arrive, and bytes of
 * replies queued for a client that does not read them (per stream and per
 * connection). The offending stream (or idle connection) is failed; the
 * process and the other connections go on.
 */
import type http2 from 'node:http2';
import { ConfigError } from '../core/errors.js';

export interface RelayLimits {
  /** Connections held at once; further ones are closed as they arrive. */
  readonly maxConnections: number;
  /** A connection with no frame either way for this long is closed (GOAWAY). */
  readonly idleTimeoutMs: number;
  /** Calls open at once on one connection (SETTINGS_MAX_CONCURRENT_STREAMS, and enforced here). */
  readonly maxStreamsPerConnection: number;
  /** Bytes of partly received messages one connection may hold; the stream that would pass it fails. */
  readonly maxBufferedBytesPerConnection: number;
  /** From a message's first byte to its last; a stream that takes longer fails (DEADLINE_EXCEEDED). */
  readonly messageDeadlineMs: number;
  /** Reply bytes waiting for a client that does not read them, per stream; beyond, the stream fails. */
  readonly maxQueuedBytesPerStream: number;
  /** The same, summed over a connection's streams; the stream whose reply passes it fails. */
  readonly maxQueuedBytesPerConnection: number;
}

/** The defaults: room for two largest messages per connection and one queued per stream. */
export function defaultLimits(maxMessageBytes: number): RelayLimits {
  return {
    maxConnections: 128,
    idleTimeoutMs: 120_000,
    maxStreamsPerConnection: 32,
    maxBufferedBytesPerConnection: 2 * maxMessageBytes,
    messageDeadlineMs: 60_000,
    maxQueuedBytesPerStream: maxMessageBytes + 1024 * 1024,
    maxQueuedBytesPerConnection: 2 * maxMessageBytes,
  };
}

/** The defaults with `given` over them; each must be a positive whole number (one ConfigError naming it). */
export function relayLimits(maxMessageBytes: number, given: Partial<RelayLimits> = {}): RelayLimits {
  const limits = { ...defaultLimits(maxMessageBytes), ...given };
  for (const [name, value] of Object.entries<number>(limits))
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new ConfigError(`relay limit ${name} must be a positive whole number, not ${String(value)}`);
  return limits;
}

/** What the limits did, for tests, benchmarks and logs. */
export interface LimitStats {
  /** Streams failed for a limit (buffer, deadline, queued replies, too many streams). */
  streamsFailed: number;
  /** Connections closed as idle or refused over maxConnections. */
  connectionsClosed: number;
  /** Requests refused unserved because their connection had let replies pile up past a limit. */
  requestsRefused: number;
  /** The last reason a stream or connection was cut, in words. */
  lastReason: string;
}

/** What peers hold on a server right now, summed over its connections (to see an attack in effect). */
export interface Holding {
  readonly connections: number;
  readonly streams: number;
  /** Bytes of partly received messages. */
  readonly bufferedBytes: number;
  /** Reply bytes written that clients have not taken yet. */
  readonly queuedBytes: number;
}

/** Sums the ledgers of a server's open connections. */
export function holding(ledgers: Iterable<ConnectionLedger>): Holding {
  let connections = 0;
  let streams = 0;
  let bufferedBytes = 0;
  let queuedBytes = 0;
  for (const ledger of ledgers) {
    connections += 1;
    streams += ledger.openStreams;
    bufferedBytes += ledger.bufferedBytes;
    queuedBytes += ledger.queuedBytes;
  }
  return { connections, streams, bufferedBytes, queuedBytes };
}

/** A call's share of its connection: what ServerCall asks before it buffers or queues. */
export interface CallGuard {
  readonly limits: RelayLimits;
  readonly connection: ConnectionLedger;
  /** Tells the server a limit failed this call. */
  failed(reason: string): void;
  /** Tells the server a request was refused unserved (see ConnectionLedger.backlog). */
  refused(reason: string): void;
}

/** One connection's open calls and the bytes they buffer; queued bytes are read off the streams. */
export class ConnectionLedger {
  private buffered = 0;
  private readonly streams = new Set<http2.ServerHttp2Stream>();
  /** Set when a stream lost its replies for passing a queue limit; see backlog(). */
  private backlogged = false;

  constructor(readonly limits: RelayLimits) {}

  /** False when the connection already has its maximum of calls open (the stream is refused). */
  open(stream: http2.ServerHttp2Stream): boolean {
    if (this.streams.size >= this.limits.maxStreamsPerConnection) return false;
    this.streams.add(stream);
    stream.once('close', () => this.streams.delete(stream));
    return true;
  }

  /** Takes `bytes` of the connection's buffer budget, or returns why not. */
  reserve(bytes: number): string | undefined {
    const limit = this.limits.maxBufferedBytesPerConnection;
    if (this.buffered + bytes <= limit) {
      this.buffered += bytes;
      return undefined;
    }
    return `connection holds ${this.buffered} bytes of unfinished messages; ${bytes} more would pass its limit of ${limit}`;
  }

  /** The client let replies pile up past a limit (its stream was reset): see backlog(). */
  markBacklogged(): void {
    this.backlogged = true;
  }

  /**
   * Why a new request on this connection is refused before any work is done for it, or
   * undefined. Once a client has let replies pass a queue limit, answering its next request
   * would cost a whole reply only to be dropped (a 64-byte request can ask for megabytes),
   * so its requests are refused until it has taken its queue down to half the limit.
   */
  backlog(): string | undefined {
    if (!this.backlogged) return undefined;
    const queued = this.queuedBytes;
    if (queued <= this.limits.maxQueuedBytesPerConnection / 2) {
      this.backlogged = false;
      return undefined;
    }
    return `client does not read its replies: ${queued} reply bytes queued on the connection; requests are refused until it takes them`;
  }

  release(bytes: number): void {
    this.buffered = Math.max(0, this.buffered - bytes);
  }

  get bufferedBytes(): number {
    return this.buffered;
  }

  get openStreams(): number {
    return this.streams.size;
  }

  /** Reply bytes written on the connection's streams that the client has not taken yet. */
  get queuedBytes(): number {
    let sum = 0;
    for (const s of this.streams) sum += s.writableLength;
    return sum;
  }
}
