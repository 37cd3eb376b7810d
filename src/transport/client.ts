/**
 * The sending end of a hop. infer() always settles, within its deadline, to a
 * result or a typed failure; it never queues: with maxInFlight calls
 * outstanding it answers 'busy' at once, and while the peer is down calls
 * fail as 'unavailable'. Frames go as messages on one persistent
 * ModelStreamInfer call where the peer offers it (one HTTP/2 stream per hop
 * rather than one per frame), framed by hand over node:http2, else as unary
 * ModelInfer calls through grpc-js. The stream reconnects on the next frame
 * after a failure; grpc-js's short backoff below reaches a restarted peer
 * again within about a second.
 */
import * as grpc from '@grpc/grpc-js';
import { describeError } from '../core/errors.js';
import type { TensorMap } from '../runtime/runtime.js';
import { deserializeInferResponse, inferRequestPieces, serializeInferRequest } from './codec.js';
import { CallFailed, failureOfStatus, StreamUnsupported, type InferFailure } from './failure.js';
import type { inference } from './gen/kserve.js';
import { ClientSession } from './client-session.js';
import { InferStream, type StreamReply } from './infer-stream.js';
import type { FrameParams } from './params.js';
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  FLOW_CONTROL_WINDOW,
  MODEL_INFER_PATH,
  modelInfer,
  serverReady,
} from './service.js';
import type { TlsMaterial } from './tls.js';
import { type CutEncoding, decodeInferResponse, encodeInferRequest } from './wire.js';

export type { InferFailure } from './failure.js';

export interface RelayClientOptions {
  /** host:port of the peer's relay server (or any KServe v2 gRPC server). */
  readonly address: string;
  /** Calls outstanding at once; one more is answered 'busy'. Default 1. */
  readonly maxInFlight?: number;
  readonly maxMessageBytes?: number;
  readonly encoding?: CutEncoding;
  /** Deadline for calls that name none. Default 10 s. */
  readonly deadlineMs?: number;
  /** Model name put in requests; a Triton peer routes on it. */
  readonly modelName?: string;
  /**
   * Send frames on a persistent ModelStreamInfer call (default true). A peer that answers
   * the stream UNIMPLEMENTED (a plain KServe server) gets unary ModelInfer calls instead.
   */
  readonly stream?: boolean;
  /** Speak TLS: check the peer against the CA (the system's roots without one) and present this certificate. */
  readonly tls?: TlsMaterial;
}

export interface InferSuccess {
  readonly ok: true;
  readonly tensors: TensorMap;
  /** The parameters the peer echoed (frame id, capture time, cut id). */
  readonly params: FrameParams;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly serializeMs: number;
  /** From handing the request to grpc until the response arrived (transfer both ways plus the peer's work). */
  readonly roundTripMs: number;
}

export interface InferFailed {
  readonly ok: false;
  readonly failure: InferFailure;
  readonly message: string;
}

export type InferResult = InferSuccess | InferFailed;

/** A request on its way: the answer, the bytes sent and when serialisation ended. */
interface Sent {
  readonly reply: StreamReply;
  readonly bytes: number;
  readonly at: number;
}

export function channelOptions(maxMessageBytes: number): grpc.ChannelOptions {
  return {
    'grpc.max_send_message_length': maxMessageBytes,
    'grpc.max_receive_message_length': maxMessageBytes,
    // A restarted peer is found again within a second rather than grpc's default of up to two minutes.
    'grpc.initial_reconnect_backoff_ms': 100,
    'grpc.max_reconnect_backoff_ms': 500,
    // Retries would buffer (copy) every request and could replay a frame the peer already saw.
    'grpc.enable_retries': 0,
    // Large responses should not stall on HTTP/2's 64 KB default window.
    'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW,
  };
}

function channelCredentials(tls: TlsMaterial | undefined): grpc.ChannelCredentials {
  if (!tls) return grpc.credentials.createInsecure();
  return grpc.credentials.createSsl(tls.ca ?? null, tls.key, tls.cert);
}

export class RelayClient {
  /** grpc-js, for unary ModelInfer (plain KServe peers) and health calls. */
  private readonly client: grpc.Client;
  /** Our own HTTP/2 connection, for the ModelStreamInfer hot path. */
  private readonly session: ClientSession;
  private readonly maxMessageBytes: number;
  private inFlight = 0;
  /**
   * Request buffers of finished unary calls, reused for the next frame of the same size: a
   * fresh 10 MB buffer costs page faults and garbage collection on every frame. (Stream frames
   * are written from the tensors' own memory and need none.)
   */
  private spare: Buffer[] = [];
  private stream: InferStream | undefined;
  /** False once the peer answered that it has no ModelStreamInfer. */
  private streamOffered: boolean;

  constructor(private readonly options: RelayClientOptions) {
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.streamOffered = options.stream ?? true;
    this.session = new ClientSession(options.address, options.tls);
    this.client = new grpc.Client(
      options.address,
      channelCredentials(options.tls),
      channelOptions(this.maxMessageBytes),
    );
  }

  get address(): string {
    return this.options.address;
  }

  /**
   * Send tensors for one frame. Rejects only for tensors that cannot be encoded (a bug of the
   * caller). On the stream, numeric tensors are written from their own memory, not copied, and
   * the write may still be under way when the result is in (a frame given up on for its
   * deadline): the caller must not change a tensor's data after handing it over. Changing it
   * could only corrupt that frame's bytes; no later frame shares memory with it.
   */
  async infer(
    tensors: TensorMap,
    params: FrameParams,
    call: { deadlineMs?: number } = {},
  ): Promise<InferResult> {
    if (this.inFlight >= (this.options.maxInFlight ?? 1)) {
      return { ok: false, failure: 'busy', message: `${this.inFlight} calls to ${this.address} in flight` };
    }
    const started = performance.now();
    const stream = this.openStream();
    const id = stream
      ? stream.idFor(params.frameId)
      : params.frameId === undefined
        ? ''
        : String(params.frameId);
    const message = encodeInferRequest(tensors, params, {
      encoding: this.options.encoding ?? 'raw',
      modelName: this.options.modelName ?? '',
      id,
    });
    this.inFlight += 1;
    try {
      const deadlineMs = call.deadlineMs ?? this.options.deadlineMs ?? 10_000;
      const sent = stream
        ? await this.viaStream(message, stream, id, deadlineMs)
        : await this.viaUnary(message, deadlineMs);
      const timing = {
        bytesSent: sent.bytes,
        serializeMs: sent.at - started,
        roundTripMs: performance.now() - sent.at,
      };
      return this.decode(sent.reply, timing);
    } catch (err) {
      return failed(err);
    } finally {
      this.inFlight -= 1;
    }
  }

  /** The stream to send on, opened afresh after the last one ended; none when the peer lacks it. */
  private openStream(): InferStream | undefined {
    if (!this.streamOffered) return undefined;
    if (!this.stream?.open) {
      this.stream = new InferStream(() => this.session.get(), this.address, this.maxMessageBytes);
    }
    return this.stream;
  }

  private async viaStream(
    message: inference.ModelInferRequest.$Properties,
    stream: InferStream,
    id: string,
    deadlineMs: number,
  ): Promise<Sent> {
    const pieces = inferRequestPieces(message);
    const at = performance.now();
    const bytes = pieces.reduce((sum, piece) => sum + piece.byteLength, 0);
    this.checkSize(bytes);
    const deadline = Date.now() + deadlineMs;
    try {
      return { reply: await stream.send(pieces, id, deadlineMs), bytes, at };
    } catch (err) {
      if (!(err instanceof StreamUnsupported)) throw err;
      // The peer never handled the frame, so sending it again cannot deliver it twice.
      this.streamOffered = false;
      return this.viaUnary(message, Math.max(1, deadline - Date.now()));
    }
  }

  private async viaUnary(
    message: inference.ModelInferRequest.$Properties,
    deadlineMs: number,
  ): Promise<Sent> {
    const request = serializeInferRequest(message, (size) => this.takeSpare(size));
    const at = performance.now();
    try {
      this.checkSize(request.byteLength);
      return { reply: await this.unary(request, deadlineMs), bytes: request.byteLength, at };
    } finally {
      // grpc-js copied the request into its own frame when the call started.
      this.giveBack(request);
    }
  }

  /** Refused here: the peer would only read and discard it (a grpc-js peer ends the whole call). */
  private checkSize(bytes: number): void {
    if (bytes <= this.maxMessageBytes) return;
    const limit = `maxMessageBytes ${this.maxMessageBytes}`;
    throw new CallFailed('rejected', `request of ${bytes} bytes to ${this.address} is over ${limit}`);
  }

  private takeSpare(size: number): Buffer {
    const index = this.spare.findIndex((b) => b.byteLength === size);
    if (index < 0) return Buffer.allocUnsafe(size);
    return this.spare.splice(index, 1)[0] as Buffer;
  }

  private giveBack(request: Buffer): void {
    // Only large, unpooled buffers are worth keeping; one per call that may be in flight.
    if (request.byteLength < 64 * 1024) return;
    this.spare.push(request);
    if (this.spare.length > (this.options.maxInFlight ?? 1)) this.spare.shift();
  }

  private decode(
    reply: StreamReply,
    timing: Omit<InferSuccess, 'ok' | 'tensors' | 'params' | 'bytesReceived'>,
  ): InferResult {
    try {
      const decoded = decodeInferResponse(reply.message);
      return {
        ok: true,
        tensors: decoded.tensors,
        params: decoded.params,
        bytesReceived: reply.bytes,
        ...timing,
      };
    } catch (err) {
      return {
        ok: false,
        failure: 'invalid',
        message: `response from ${this.address}: ${describeError(err)}`,
      };
    }
  }

  private async unary(request: Buffer, deadlineMs: number): Promise<StreamReply> {
    const response = await this.unaryCall(request, deadlineMs);
    let message: inference.ModelInferResponse;
    try {
      message = deserializeInferResponse(response);
    } catch (err) {
      throw new CallFailed('invalid', `response from ${this.address}: ${describeError(err)}`);
    }
    return { message, bytes: response.byteLength };
  }

  private unaryCall(request: Buffer, deadlineMs: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        MODEL_INFER_PATH,
        modelInfer.requestSerialize,
        modelInfer.responseDeserialize,
        request,
        { deadline: Date.now() + deadlineMs },
        (err, response) =>
          err || !response ? reject(err ?? new CallFailed('failed', 'empty response')) : resolve(response),
      );
    });
  }

  /** Whether the peer answers ServerReady with true before the deadline. */
  ready(deadlineMs = 1000): Promise<boolean> {
    return new Promise((resolve) => {
      this.client.makeUnaryRequest(
        serverReady.path,
        serverReady.requestSerialize,
        serverReady.responseDeserialize,
        {},
        { deadline: Date.now() + deadlineMs },
        (err, response) => resolve(!err && response?.ready === true),
      );
    });
  }

  close(): void {
    this.stream?.cancel();
    this.session.close();
    this.client.close();
  }
}

function failed(err: unknown): InferFailed {
  if (err instanceof CallFailed) return { ok: false, failure: err.failure, message: err.message };
  if (!isServiceError(err)) return { ok: false, failure: 'failed', message: describeError(err) };
  return { ok: false, failure: failureOfStatus(err.code, 'failed'), message: err.details || err.message };
}

function isServiceError(err: unknown): err is grpc.ServiceError {
  return err instanceof Error && typeof (err as Partial<grpc.ServiceError>).code === 'number';
}
