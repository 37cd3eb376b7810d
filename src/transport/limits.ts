/**
 * What one relay server lets a peer hold, so that a client that stalls,
 * never reads or never leaves costs a bounded amount of memory: open
 * connections, idle time, streams per connection, bytes of partly received
 * messages per connection, time for a message to arrive, and bytes of
 * replies queued for a client that does not read them (per stream and per
 * connection), how long queued replies may wait for the client to take any,
 * and how many request bytes a connection may make the server read only to
 * throw them away. The offending stream (or idle, stalled or abusive
 * connection) is failed; the process and the other connections go on.
 */
import { ConfigError } from '../core/errors.js';
import type { ConnectionLedger } from './connection-ledger.js';

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
  /**
   * A connection with replies queued of which the client has taken none for this long is cut
   * (like nginx's send_timeout): a client that stopped reading, or a session Node stopped
   * reading while its writes are blocked, would otherwise hold its queue until idleTimeoutMs.
   */
  readonly sendTimeoutMs: number;
  /**
   * Request bytes a connection may make the server read only to drop them (DATA on a stream
   * failed for a limit, a message abandoned or refused), net of the bytes of messages it
   * completed; past it the connection is cut as abusive (GOAWAY ENHANCE_YOUR_CALM).
   */
  readonly maxWastedBytesPerConnection: number;
  /** After a connection is cut as abusive, new connections from its address are closed on accept this long; 0: never. */
  readonly abuseBanMs: number;
}

/** Limits that may be 0, which turns them off. */
const MAY_BE_ZERO: ReadonlySet<string> = new Set(['abuseBanMs']);

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
    sendTimeoutMs: 60_000,
    maxWastedBytesPerConnection: 4 * maxMessageBytes,
    abuseBanMs: 10_000,
  };
}

/**
 * The defaults with `given` over them; each must be a positive whole number, or 0 where that
 * turns it off (one ConfigError naming it).
 */
export function relayLimits(maxMessageBytes: number, given: Partial<RelayLimits> = {}): RelayLimits {
  const limits = { ...defaultLimits(maxMessageBytes), ...given };
  for (const [name, value] of Object.entries<number>(limits)) {
    const zero = MAY_BE_ZERO.has(name);
    if (!Number.isSafeInteger(value) || value < 0 || (value === 0 && !zero)) {
      const what = zero ? 'a whole number >= 0' : 'a positive whole number';
      throw new ConfigError(`relay limit ${name} must be ${what}, not ${String(value)}`);
    }
  }
  return limits;
}

/** What the limits did, for tests, benchmarks and logs. */
export interface LimitStats {
  /** Streams failed for a limit (buffer, deadline, queued replies, too many streams). */
  streamsFailed: number;
  /** Connections closed as idle, stalled or abusive, or refused (over maxConnections, or from a banned address). */
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
