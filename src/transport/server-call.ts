/**
 * One gRPC call as the relay server sees it, over a raw HTTP/2 stream: the
 * request's messages come out of a MessageDecoder, answers go out as framed
 * messages, and finish() ends the call with trailers (or with trailers-only
 * headers when nothing was sent). Writes after the client went are dropped.
 * Backpressure holds: while answers wait for the client to read them, no
 * more requests are read; with a CallGuard (limits.ts) a message may take
 * only so long and so much of its connection's buffer to arrive, and a
 * client that leaves too many answers unread loses the stream, and has its
 * next requests refused unserved until it takes them. The call tells its
 * connection's ledger what the client costs beyond that: request bytes read
 * for nothing (after a failure, of an abandoned or refused message), whole
 * messages, and reply bytes taken.
 */
import { status as Status } from '@grpc/grpc-js';
import http2 from 'node:http2';
import type { BufferPool } from './buffer-pool.js';
import type { CallGuard } from './limits.js';
import {
  GRPC_CONTENT_TYPE,
  MessageDecoder,
  type MessageSink,
  PREFIX_BYTES,
  statusHeaders,
  writeMessage,
} from './grpc-framing.js';

/** How long a failed call's client has to take its status before the stream is reset. */
const FAIL_GRACE_MS = 1000;

/** Why the replies queued for the stream, or its connection, are over the limit; undefined when they are not. */
function queueOverflow(stream: http2.ServerHttp2Stream, guard: CallGuard): string | undefined {
  const { maxQueuedBytesPerStream, maxQueuedBytesPerConnection } = guard.limits;
  if (stream.writableLength > maxQueuedBytesPerStream)
    return `${stream.writableLength} reply bytes queued on the stream (limit ${maxQueuedBytesPerStream})`;
  const total = guard.connection.queuedBytes;
  if (total > maxQueuedBytesPerConnection)
    return `${total} reply bytes queued on the connection (limit ${maxQueuedBytesPerConnection})`;
  return undefined;
}

const RESPONSE_HEADERS = {
  ':status': 200,
  'content-type': GRPC_CONTENT_TYPE,
  'grpc-accept-encoding': 'identity',
};

export interface CallEvents extends MessageSink {
  /** The client half-closed: no more messages will come. */
  end(): void;
}

export class ServerCall {
  private responded = false;
  private finished = false;
  private trailers: http2.OutgoingHttpHeaders = statusHeaders(Status.OK, '');
  private readonly decoder: MessageDecoder;
  /** Bytes of the message now arriving, taken from the connection's buffer budget. */
  private pending = 0;
  private deadline: NodeJS.Timeout | undefined;
  /** The decoder's dropped bytes already charged to the connection as waste. */
  private charged = 0;

  constructor(
    private readonly stream: http2.ServerHttp2Stream,
    maxMessageBytes: number,
    events: CallEvents,
    pool?: BufferPool,
    private readonly guard?: CallGuard,
  ) {
    const sink = {
      message: (bytes: Buffer, release?: () => void): void => {
        this.settle();
        guard?.connection.completed(PREFIX_BYTES + bytes.byteLength);
        const backlog = guard?.connection.backlog();
        if (backlog === undefined) return events.message(bytes, release);
        release?.();
        guard?.refused(backlog);
        events.refused(backlog, Status.RESOURCE_EXHAUSTED);
      },
      refused: (reason: string, code: Status): void => events.refused(reason, code),
      ...(guard && { begin: (length: number): boolean => this.begin(length, guard) }),
    };
    this.decoder = new MessageDecoder(maxMessageBytes, sink, pool);
    stream.on('data', (chunk: Buffer) => {
      this.decoder.push(chunk);
      this.chargeDropped();
    });
    stream.on('end', () => {
      if (this.decoder.idle) events.end();
      else this.finish(Status.INTERNAL, 'request stream ended inside a message');
    });
    stream.on('error', () => undefined); // a reset stream; 'close' follows and the call is over
    stream.on('close', () => {
      this.decoder.stop();
      this.chargeDropped();
      this.settle();
    });
  }

  /** Charges the connection with the request bytes the decoder dropped since the last charge. */
  private chargeDropped(): void {
    const dropped = this.decoder.droppedBytes - this.charged;
    if (dropped <= 0) return;
    this.charged += dropped;
    this.guard?.connection.waste(dropped);
  }

  /** A message that spans chunks starts: it needs room in the connection's budget and a deadline. */
  private begin(length: number, guard: CallGuard): boolean {
    const refusal = guard.connection.reserve(length);
    if (refusal !== undefined) {
      this.fail(Status.RESOURCE_EXHAUSTED, refusal);
      return false;
    }
    this.pending = length;
    const ms = guard.limits.messageDeadlineMs;
    this.deadline = setTimeout(() => {
      this.decoder.stop();
      this.chargeDropped();
      this.settle();
      this.fail(Status.DEADLINE_EXCEEDED, `a message of ${length} bytes did not arrive within ${ms} ms`);
    }, ms);
    this.deadline.unref();
    return true;
  }

  /** The message now arriving is complete or abandoned: its budget and deadline go. */
  private settle(): void {
    clearTimeout(this.deadline);
    this.deadline = undefined;
    if (this.pending > 0) this.guard?.connection.release(this.pending);
    this.pending = 0;
  }

  /**
   * Ends the call with a status and, since a client that broke a limit may not read or stop
   * sending, resets the stream if it is not closed a moment later.
   */
  private fail(code: Status, details: string): void {
    this.guard?.failed(details);
    this.finish(code, details);
    setTimeout(() => {
      if (!this.stream.closed && !this.stream.destroyed) this.stream.close(http2.constants.NGHTTP2_CANCEL);
    }, FAIL_GRACE_MS).unref();
  }

  /** False once the call finished or the client went away. */
  get open(): boolean {
    return !this.finished && !this.stream.closed && !this.stream.destroyed;
  }

  onClose(listener: () => void): void {
    this.stream.on('close', listener);
  }

  /** Writes `message` framed; `written` is called once the stream is done with its bytes (or never took them). */
  send(message: Buffer, written?: () => void): void {
    if (!this.open) return written?.();
    this.respond();
    const connection = this.guard?.connection;
    connection?.writing(this.stream);
    writeMessage(
      this.stream,
      message,
      connection || written
        ? () => {
            connection?.wrote(this.stream);
            written?.();
          }
        : undefined,
    );
    const overflow = this.guard && queueOverflow(this.stream, this.guard);
    if (overflow) {
      // The answers cannot leave, so neither could a status: reset the stream, which drops them.
      this.guard?.failed(`client does not read its replies: ${overflow}`);
      this.guard?.connection.markBacklogged();
      this.finished = true;
      this.stream.close(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
      return;
    }
    if (this.stream.writableNeedDrain && !this.stream.isPaused()) {
      // Read no more requests until the client takes what it was sent.
      this.stream.pause();
      this.stream.once('drain', () => this.stream.resume());
    }
  }

  finish(code: Status, details = ''): void {
    if (!this.open) return;
    this.finished = true;
    if (!this.responded) {
      this.responded = true;
      this.stream.respond({ ...RESPONSE_HEADERS, ...statusHeaders(code, details) }, { endStream: true });
      return;
    }
    this.trailers = statusHeaders(code, details);
    this.stream.end();
  }

  private respond(): void {
    if (this.responded) return;
    this.responded = true;
    this.stream.respond(RESPONSE_HEADERS, { waitForTrailers: true });
    this.stream.once('wantTrailers', () => this.stream.sendTrailers(this.trailers));
  }
}
