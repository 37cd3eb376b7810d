/**
 * The sending end of a hop. infer() always settles, within its deadline, to a
 * result or a typed failure; it never queues: with maxInFlight calls
 * outstanding it answers 'busy' at once, and while the peer is down calls
 * fail as 'unavailable'. grpc-js reconnects by itself; the short backoff below
 * reaches a restarted peer again within about a second.
 */
import * as grpc from '@grpc/grpc-js';
import { describeError, TransportError } from '../core/errors.js';
import type { TensorMap } from '../runtime/runtime.js';
import { deserializeInferResponse, serializeInferRequest } from './codec.js';
import type { FrameParams } from './params.js';
import { DEFAULT_MAX_MESSAGE_BYTES, MODEL_INFER_PATH, modelInfer, serverReady } from './service.js';
import { type CutEncoding, decodeInferResponse, encodeInferRequest } from './wire.js';

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
}

/** Why a frame did not make the hop; the pipeline counts every one as a drop. */
export type InferFailure = 'busy' | 'deadline' | 'unavailable' | 'rejected' | 'invalid' | 'failed';

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

const FAILURES = new Map<grpc.status, InferFailure>([
  [grpc.status.DEADLINE_EXCEEDED, 'deadline'],
  [grpc.status.UNAVAILABLE, 'unavailable'],
  [grpc.status.RESOURCE_EXHAUSTED, 'rejected'],
  [grpc.status.INVALID_ARGUMENT, 'invalid'],
]);

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
    'grpc-node.flow_control_window': 16 * 1024 * 1024,
  };
}

export class RelayClient {
  private readonly client: grpc.Client;
  private inFlight = 0;
  /**
   * Request buffers of finished calls, reused for the next frame of the same size: a fresh
   * 10 MB buffer costs page faults and garbage collection on every frame. grpc-js has copied
   * a request into its own frame long before the call completes, so reuse is safe.
   */
  private spare: Buffer[] = [];

  constructor(private readonly options: RelayClientOptions) {
    const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.client = new grpc.Client(
      options.address,
      grpc.credentials.createInsecure(),
      channelOptions(maxMessageBytes),
    );
  }

  get address(): string {
    return this.options.address;
  }

  /** Send tensors for one frame. Rejects only for tensors that cannot be encoded (a bug of the caller). */
  async infer(
    tensors: TensorMap,
    params: FrameParams,
    call: { deadlineMs?: number } = {},
  ): Promise<InferResult> {
    if (this.inFlight >= (this.options.maxInFlight ?? 1)) {
      return { ok: false, failure: 'busy', message: `${this.inFlight} calls to ${this.address} in flight` };
    }
    const started = performance.now();
    const message = encodeInferRequest(tensors, params, {
      encoding: this.options.encoding ?? 'raw',
      modelName: this.options.modelName ?? '',
      id: params.frameId === undefined ? '' : String(params.frameId),
    });
    const request = serializeInferRequest(message, (size) => this.takeSpare(size));
    const sent = performance.now();
    this.inFlight += 1;
    try {
      const response = await this.call(request, call.deadlineMs ?? this.options.deadlineMs ?? 10_000);
      const roundTripMs = performance.now() - sent;
      return this.decode(response, {
        bytesSent: request.byteLength,
        serializeMs: sent - started,
        roundTripMs,
      });
    } catch (err) {
      return failed(err);
    } finally {
      this.inFlight -= 1;
      this.giveBack(request);
    }
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
    response: Buffer,
    timing: Omit<InferSuccess, 'ok' | 'tensors' | 'params' | 'bytesReceived'>,
  ): InferResult {
    try {
      const decoded = decodeInferResponse(deserializeInferResponse(response));
      return {
        ok: true,
        tensors: decoded.tensors,
        params: decoded.params,
        bytesReceived: response.byteLength,
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

  private call(request: Buffer, deadlineMs: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        MODEL_INFER_PATH,
        modelInfer.requestSerialize,
        modelInfer.responseDeserialize,
        request,
        { deadline: Date.now() + deadlineMs },
        (err, response) =>
          err || !response ? reject(err ?? new TransportError('empty response')) : resolve(response),
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
    this.client.close();
  }
}

function failed(err: unknown): InferFailed {
  const code = isServiceError(err) ? err.code : undefined;
  const failure = (code !== undefined && FAILURES.get(code)) || 'failed';
  const message = isServiceError(err) ? err.details || err.message : describeError(err);
  return { ok: false, failure, message };
}

function isServiceError(err: unknown): err is grpc.ServiceError {
  return err instanceof Error && typeof (err as Partial<grpc.ServiceError>).code === 'number';
}
