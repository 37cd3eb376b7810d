/**
 * The client's end of one persistent ModelStreamInfer call, framed by hand
 * over a node:http2 stream (grpc-framing.ts). Each frame is one message on
 * it, answered by one message that names the request id, so answers may come
 * back in any order. A frame that outlives its deadline is settled as
 * 'deadline' and its late answer dropped; when the call ends (peer restart,
 * shutdown, reset) every frame on it fails at once and the owner opens a
 * fresh call for the next frame.
 */
import { status as Status } from '@grpc/grpc-js';
import type http2 from 'node:http2';
import { describeError } from '../core/errors.js';
import { deserializeStreamResponse } from './codec.js';
import { CallFailed, failureOfParam, failureOfStatus, PARAM_FAILURE, StreamUnsupported } from './failure.js';
import { inference } from './gen/kserve.js';
import {
  type CallStatus,
  GRPC_CONTENT_TYPE,
  MessageDecoder,
  statusOfHeaders,
  statusOfHttp,
  writeMessage,
} from './grpc-framing.js';
import { MODEL_STREAM_INFER_PATH } from './service.js';

export interface StreamReply {
  readonly message: inference.ModelInferResponse;
  /** Size of the stream message, wrapper included. */
  readonly bytes: number;
}

interface Pending {
  readonly resolve: (reply: StreamReply) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** Ids of frames given up on whose answers may still come; bounded in case a peer never answers. */
const MAX_ABANDONED = 1024;

const REQUEST_HEADERS = {
  ':method': 'POST',
  ':path': MODEL_STREAM_INFER_PATH,
  'content-type': GRPC_CONTENT_TYPE,
  te: 'trailers',
  'grpc-accept-encoding': 'identity',
};

export class InferStream {
  private readonly call: http2.ClientHttp2Stream | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly abandoned = new Set<string>();
  private closed = false;
  private sequence = 0;
  private status: CallStatus | undefined;

  constructor(
    session: () => http2.ClientHttp2Session,
    private readonly address: string,
    maxMessageBytes: number,
  ) {
    try {
      this.call = session().request(REQUEST_HEADERS, { endStream: false });
    } catch (err) {
      // A session that is going away refuses new streams; the next frame connects afresh.
      this.end({ code: Status.UNAVAILABLE, details: describeError(err) });
      return;
    }
    const decoder = new MessageDecoder(maxMessageBytes, {
      message: (bytes) => this.receive(bytes),
      refused: (reason, code) =>
        this.settle(this.oldest(), new CallFailed(failureOfStatus(code, 'invalid'), reason)),
    });
    this.call.on('response', (headers: http2.IncomingHttpHeaders) => this.headers(headers));
    this.call.on(
      'trailers',
      (trailers: http2.IncomingHttpHeaders) => (this.status ??= statusOfHeaders(trailers)),
    );
    this.call.on('data', (chunk: Buffer) => decoder.push(chunk));
    // The peer finished the call (trailers came, or should have): it takes no more frames.
    this.call.on('end', () => {
      this.end(this.status ?? { code: Status.INTERNAL, details: 'stream ended without grpc-status' });
      this.cancel();
    });
    this.call.on('error', () => undefined); // 'close' follows and reports it
    this.call.on('close', () =>
      this.end(this.status ?? { code: Status.UNAVAILABLE, details: `reset (${this.call?.rstCode ?? '?'})` }),
    );
  }

  get open(): boolean {
    return !this.closed;
  }

  /** A request id unique among the frames on this call: the frame id itself where that is free. */
  idFor(frameId: number | undefined): string {
    const id = frameId === undefined ? '' : String(frameId);
    if (id !== '' && !this.pending.has(id) && !this.abandoned.has(id)) return id;
    this.sequence += 1;
    return `${id}#${this.sequence}`;
  }

  /**
   * Send one ModelInferRequest whose id is `id`, serialised whole or as pieces
   * (inferRequestPieces); settles by its answer, the deadline or the call's end. The pieces are
   * written as they are: their memory must stay unchanged until they are out, even if the frame
   * is given up on before.
   */
  send(request: Buffer | readonly Buffer[], id: string, deadlineMs: number): Promise<StreamReply> {
    const call = this.call;
    if (this.closed || !call)
      return Promise.reject(new CallFailed('unavailable', `stream to ${this.address} closed`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.abandon(id, deadlineMs), deadlineMs);
      this.pending.set(id, { resolve, reject, timer });
      writeMessage(call, request);
    });
  }

  /** Ends the call; frames still out fail as 'unavailable'. */
  cancel(): void {
    if (this.call && !this.call.destroyed) this.call.close();
  }

  private headers(headers: http2.IncomingHttpHeaders): void {
    const httpStatus = Number(headers[':status']);
    // Trailers-only: the status comes with the headers (a server without ModelStreamInfer does that).
    const status = statusOfHeaders(headers);
    if (status) this.status = status;
    else if (httpStatus !== 200) this.status = statusOfHttp(httpStatus);
    else if (!String(headers['content-type'] ?? '').startsWith(GRPC_CONTENT_TYPE))
      this.status = { code: Status.UNKNOWN, details: `content-type '${headers['content-type'] ?? ''}'` };
    if (this.status && this.status.code !== Status.OK) this.cancel();
  }

  private abandon(id: string, deadlineMs: number): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    this.abandoned.add(id);
    if (this.abandoned.size > MAX_ABANDONED)
      this.abandoned.delete(this.abandoned.values().next().value as string);
    entry.reject(new CallFailed('deadline', `no answer from ${this.address} within ${deadlineMs} ms`));
  }

  private receive(bytes: Buffer): void {
    let message: inference.ModelInferResponse | undefined;
    let errorMessage: string;
    try {
      const reply = deserializeStreamResponse(bytes);
      errorMessage = reply.errorMessage;
      if (reply.response) message = inference.ModelInferResponse.decode(reply.response);
    } catch (err) {
      // Nothing says which frame this was; the oldest one out is the best guess.
      return this.settle(
        this.oldest(),
        new CallFailed('invalid', `stream answer from ${this.address}: ${describeError(err)}`),
      );
    }
    const id = message?.id ?? '';
    if (this.abandoned.delete(id)) return;
    // Triton may leave the id out of an error reply; with none, it concerns the oldest frame.
    const owner = id === '' && errorMessage !== '' ? this.oldest() : id;
    if (errorMessage !== '') {
      const failure = failureOfParam(message?.parameters?.[PARAM_FAILURE]?.stringParam);
      return this.settle(owner, new CallFailed(failure, errorMessage));
    }
    if (message) this.settle(owner, { message, bytes: bytes.byteLength });
    else this.settle(this.oldest(), new CallFailed('invalid', `empty stream answer from ${this.address}`));
  }

  private oldest(): string | undefined {
    return this.pending.keys().next().value;
  }

  private settle(id: string | undefined, outcome: StreamReply | Error): void {
    const entry = id === undefined ? undefined : this.pending.get(id);
    if (!entry || id === undefined) return;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    if (outcome instanceof Error) entry.reject(outcome);
    else entry.resolve(outcome);
  }

  private end(status: CallStatus): void {
    if (this.closed) return;
    this.closed = true;
    this.abandoned.clear();
    const error =
      status.code === Status.UNIMPLEMENTED
        ? new StreamUnsupported(`${this.address} does not offer ModelStreamInfer: ${status.details}`)
        : new CallFailed(
            failureOfStatus(status.code, 'unavailable'),
            `stream to ${this.address} ended: ${Status[status.code] ?? status.code} ${status.details}`.trim(),
          );
    for (const id of [...this.pending.keys()]) this.settle(id, error);
  }
}
