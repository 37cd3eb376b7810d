/**
 * The client's end of one persistent ModelStreamInfer call. Each frame is one
 * message on it, answered by one message that names the request id, so
 * answers may come back in any order. A frame that outlives its deadline is
 * settled as 'deadline' and its late answer dropped; when the call ends (peer
 * restart, oversized message, shutdown) every frame on it fails at once and
 * the owner opens a fresh call for the next frame.
 */
import * as grpc from '@grpc/grpc-js';
import { describeError } from '../core/errors.js';
import { deserializeStreamResponse } from './codec.js';
import { CallFailed, failureOfParam, failureOfStatus, PARAM_FAILURE, StreamUnsupported } from './failure.js';
import { inference } from './gen/kserve.js';
import { MODEL_STREAM_INFER_PATH, modelStreamInfer } from './service.js';

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

export class InferStream {
  private readonly call: grpc.ClientDuplexStream<Buffer, Buffer>;
  private readonly pending = new Map<string, Pending>();
  private readonly abandoned = new Set<string>();
  private closed = false;
  private sequence = 0;

  constructor(
    client: grpc.Client,
    private readonly address: string,
  ) {
    this.call = client.makeBidiStreamRequest(
      MODEL_STREAM_INFER_PATH,
      modelStreamInfer.requestSerialize,
      modelStreamInfer.responseDeserialize,
    );
    this.call.on('data', (bytes: Buffer) => this.receive(bytes));
    // Every end, clean or not, arrives as 'status'; 'error' repeats it and must not go unhandled.
    this.call.on('error', () => undefined);
    this.call.on('status', (status: grpc.StatusObject) => this.close(status));
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

  /** Send one serialised ModelInferRequest whose id is `id`; settles by its answer, the deadline or the call's end. */
  send(request: Buffer, id: string, deadlineMs: number): Promise<StreamReply> {
    if (this.closed) return Promise.reject(new CallFailed('unavailable', `stream to ${this.address} closed`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.abandon(id, deadlineMs), deadlineMs);
      this.pending.set(id, { resolve, reject, timer });
      this.call.write(request);
    });
  }

  /** Ends the call; frames still out fail as 'unavailable'. */
  cancel(): void {
    this.call.cancel();
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

  private close(status: grpc.StatusObject): void {
    this.closed = true;
    this.abandoned.clear();
    const error =
      status.code === grpc.status.UNIMPLEMENTED
        ? new StreamUnsupported(`${this.address} does not offer ModelStreamInfer: ${status.details}`)
        : new CallFailed(
            failureOfStatus(status.code, 'unavailable'),
            `stream to ${this.address} ended: ${grpc.status[status.code]} ${status.details}`.trim(),
          );
    for (const id of [...this.pending.keys()]) this.settle(id, error);
  }
}
