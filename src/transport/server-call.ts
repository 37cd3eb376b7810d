/**
 * One gRPC call as the relay server sees it, over a raw HTTP/2 stream: the
 * request's messages come out of a MessageDecoder, answers go out as framed
 * messages, and finish() ends the call with trailers (or with trailers-only
 * headers when nothing was sent). Writes after the client went are dropped.
 */
import { status as Status } from '@grpc/grpc-js';
import type http2 from 'node:http2';
import type { BufferPool } from './buffer-pool.js';
import {
  GRPC_CONTENT_TYPE,
  MessageDecoder,
  type MessageSink,
  statusHeaders,
  writeMessage,
} from './grpc-framing.js';

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

  constructor(
    private readonly stream: http2.ServerHttp2Stream,
    maxMessageBytes: number,
    events: CallEvents,
    pool?: BufferPool,
  ) {
    const decoder = new MessageDecoder(maxMessageBytes, events, pool);
    stream.on('data', (chunk: Buffer) => decoder.push(chunk));
    stream.on('end', () => {
      if (decoder.idle) events.end();
      else this.finish(Status.INTERNAL, 'request stream ended inside a message');
    });
    stream.on('error', () => undefined); // a reset stream; 'close' follows and the call is over
  }

  /** False once the call finished or the client went away. */
  get open(): boolean {
    return !this.finished && !this.stream.closed && !this.stream.destroyed;
  }

  onClose(listener: () => void): void {
    this.stream.on('close', listener);
  }

  send(message: Buffer): void {
    if (!this.open) return;
    this.respond();
    writeMessage(this.stream, message);
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
