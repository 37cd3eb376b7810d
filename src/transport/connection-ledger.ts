/**
 * What one connection to a relay server holds and has cost, against its
 * share of the limits (limits.ts): open calls, bytes of partly received
 * messages, replies queued for the client (read off the streams), whether
 * those replies still leave, and request bytes the server read only to
 * drop them. The server owns one ledger per HTTP/2 session.
 */
import type http2 from 'node:http2';
import { performance } from 'node:perf_hooks';
import type { RelayLimits } from './limits.js';

export class ConnectionLedger {
  private buffered = 0;
  private readonly streams = new Set<http2.ServerHttp2Stream>();
  /** Set when a stream lost its replies for passing a queue limit; see backlog(). */
  private backlogged = false;
  /** Request bytes read only to be dropped, less the bytes of messages completed since (never below 0). */
  private wasted = 0;
  private abusive = false;
  /** Streams with reply bytes waiting, each since when its oldest waiting write has waited. */
  private readonly waiting = new Map<http2.ServerHttp2Stream, number>();

  /**
   * `onAbuse` is told, once, why the connection passed maxWastedBytesPerConnection; the server
   * cuts it. `now` is the clock in ms (a test's own, or performance.now).
   */
  constructor(
    readonly limits: RelayLimits,
    private readonly onAbuse: (reason: string) => void = () => undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** False when the connection already has its maximum of calls open (the stream is refused). */
  open(stream: http2.ServerHttp2Stream): boolean {
    if (this.streams.size >= this.limits.maxStreamsPerConnection) return false;
    this.streams.add(stream);
    stream.once('close', () => {
      this.streams.delete(stream);
      this.waiting.delete(stream);
    });
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

  release(bytes: number): void {
    this.buffered = Math.max(0, this.buffered - bytes);
  }

  /** The client let replies pile up past a limit (its stream was reset): see backlog(). */
  markBacklogged(): void {
    this.backlogged = true;
  }

  /** Whether the client has let replies pass a queue limit and not yet taken them down (see backlog()). */
  get isBacklogged(): boolean {
    return this.backlogged;
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

  /**
   * The server read `bytes` of request data only to drop them. Limits bound what a peer may
   * hold, not what it may send: a peer whose streams are failed for a limit can open new ones
   * at once and keep the server reading. Past the limit the connection is abusive.
   */
  waste(bytes: number): void {
    if (bytes <= 0 || this.abusive) return;
    this.wasted += bytes;
    const limit = this.limits.maxWastedBytesPerConnection;
    if (this.wasted <= limit) return;
    this.abusive = true;
    this.onAbuse(
      `connection made the server read ${this.wasted} request bytes only to drop them (limit ${limit})`,
    );
  }

  /** A message of `bytes` arrived whole: a client that mostly completes its messages is not abusive. */
  completed(bytes: number): void {
    this.wasted = Math.max(0, this.wasted - bytes);
  }

  get wastedBytes(): number {
    return this.wasted;
  }

  /** A reply is written on `stream`: it waits from now unless an older one already waits there. */
  writing(stream: http2.ServerHttp2Stream): void {
    if (this.streams.has(stream) && !this.waiting.has(stream)) this.waiting.set(stream, this.now());
  }

  /**
   * A write on `stream` left: the next one waiting there (if any) waits from now. Per stream, so
   * that small replies a client takes on new streams do not hide a large one it leaves untaken.
   */
  wrote(stream: http2.ServerHttp2Stream): void {
    // A closed stream's failed writes report after its 'close': it waits no more.
    if (stream.writableLength === 0 || !this.streams.has(stream)) this.waiting.delete(stream);
    else this.waiting.set(stream, this.now());
  }

  /** Why the connection is cut for a reply it has left untaken past sendTimeoutMs, or undefined. */
  sendStalled(): string | undefined {
    const limit = this.limits.sendTimeoutMs;
    const now = this.now();
    for (const since of this.waiting.values()) {
      const ms = now - since;
      if (ms >= limit)
        return `client took none of a reply for ${Math.round(ms)} ms (sendTimeoutMs ${limit}); ${this.queuedBytes} reply bytes queued`;
    }
    return undefined;
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
