/**
 * The sending end of one link: hands a frame's tensors to the next stage
 * without waiting for it, and turns every way the hand-off can fail into a
 * drop counted here, at the stage that dropped the frame.
 */
import { describeError } from '../../core/errors.js';
import type { TensorMap } from '../../runtime/runtime.js';
import { fp16Error, worstFp16Error, type Fp16Error } from '../../core/half.js';
import { RelayClient, type InferResult, type TlsMaterial } from '../../transport/index.js';
import type { DropReason } from '../messages.js';

/** The receiving stage's answer when its queue is full (see relay-stage.ts). */
export const QUEUE_FULL = 'queue full';

export interface HopOptions {
  readonly address: string;
  readonly maxInFlight: number;
  readonly deadlineMs: number;
  readonly maxMessageBytes: number;
  readonly encoding: 'raw' | 'fp16';
  readonly tls?: TlsMaterial;
}

export type SendOutcome =
  | { readonly ok: true; readonly serializeMs: number; readonly transferMs: number; readonly bytes: number }
  | { readonly ok: false; readonly reason: DropReason; readonly message: string };

export class Hop {
  private readonly client: RelayClient;
  private fp16: Fp16Error | null = null;

  constructor(private readonly options: HopOptions) {
    this.client = new RelayClient({
      address: options.address,
      maxInFlight: options.maxInFlight,
      deadlineMs: options.deadlineMs,
      maxMessageBytes: options.maxMessageBytes,
      encoding: options.encoding,
      ...(options.tls && { tls: options.tls }),
    });
  }

  /** Wait until the peer answers ServerReady, for up to `timeoutMs`. */
  async connect(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) if (await this.client.ready(Math.max(50, until - Date.now()))) return true;
    return false;
  }

  async send(tensors: TensorMap, frameId: number, captureMs: number, cutId: string): Promise<SendOutcome> {
    if (this.options.encoding === 'fp16') this.noteFp16(tensors);
    let result: InferResult;
    try {
      result = await this.client.infer(tensors, { frameId, captureMs, cutId });
    } catch (err) {
      return { ok: false, reason: 'error', message: describeError(err) };
    }
    if (result.ok) {
      return {
        ok: true,
        serializeMs: result.serializeMs,
        transferMs: result.roundTripMs,
        bytes: result.bytesSent,
      };
    }
    return { ok: false, reason: dropReason(result.failure, result.message), message: result.message };
  }

  /** The largest fp16 error seen on the tensors sent so far; null without fp16. */
  fp16Stats(): Fp16Error | null {
    return this.fp16;
  }

  close(): void {
    this.client.close();
  }

  private noteFp16(tensors: TensorMap): void {
    for (const tensor of Object.values(tensors)) {
      if (tensor.dtype !== 'float32') continue;
      this.fp16 = worstFp16Error([...(this.fp16 ? [this.fp16] : []), fp16Error(tensor.data)]);
    }
  }
}

/** A refused hand-off is the next queue being full; the rest say what went wrong on the way. */
export function dropReason(failure: string, message: string): DropReason {
  if (failure === 'rejected' || (failure === 'failed' && message.includes(QUEUE_FULL))) return 'full';
  if (failure === 'busy' || failure === 'deadline' || failure === 'unavailable') return failure;
  return 'error';
}
