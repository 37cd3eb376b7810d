/**
 * A stage that receives frames over a relay: its server acks a frame as soon
 * as it is in the bounded queue (and refuses it when the queue is full, so
 * the sender counts the drop); one worker takes frames in order, computes, and
 * hands the result to the next stage without waiting for it. With the hop
 * still busy with the previous frame, the new one is dropped here.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { holdUntil } from './pace.js';
import { describeError } from '../../core/errors.js';
import type { TensorMap } from '../../runtime/runtime.js';
import {
  startRelayServer,
  type DecodedInfer,
  type RelayServer,
  type TlsMaterial,
} from '../../transport/index.js';
import type { DropRecord, StageConfig, StageRecord, StageStats, StageStatus } from '../messages.js';
import { BoundedQueue } from '../queue.js';
import { Hop, QUEUE_FULL } from './hop.js';

/** What a role does to one frame's tensors. */
export type Compute = (tensors: TensorMap) => Promise<TensorMap>;

interface Arrival {
  readonly frameId: number;
  readonly captureMs: number;
  readonly tensors: TensorMap;
  readonly arrivedAt: number;
  /** Gives the received buffer back (DecodedInfer.release): the tensors are views on it. */
  readonly release: (() => void) | undefined;
}

export class RelayStage {
  private server: RelayServer | null = null;
  private hop: Hop | null = null;
  private readonly queue: BoundedQueue<Arrival>;
  private readonly records = new Map<number, StageRecord>();
  private readonly drops: DropRecord[] = [];
  private readonly sends = new Set<Promise<void>>();
  private worker: Promise<void> | null = null;
  private connected = false;

  constructor(
    private readonly config: StageConfig,
    private readonly compute: Compute,
    /** TLS for this stage's server and its hop (the process's --tls-* flags); cleartext without. */
    private readonly tls?: TlsMaterial,
  ) {
    this.queue = new BoundedQueue(config.queueCapacity);
  }

  async listen(): Promise<number> {
    this.server = await startRelayServer({
      maxMessageBytes: this.config.maxMessageBytes,
      ...(this.tls && { tls: this.tls }),
      ...(this.config.bindAddress !== undefined && { bindAddress: this.config.bindAddress }),
      ...(this.config.port !== undefined && { port: this.config.port }),
      ...(this.config.readyWhenConnected === true && { isReady: () => this.connected }),
      // The queue, not the server, decides what is refused; the handler returns at once.
      maxInFlight: 64,
      handler: (request) => Promise.resolve(this.receive(request)),
    });
    this.worker = this.work();
    return this.server.port;
  }

  async connect(next: string, timeoutMs: number): Promise<boolean> {
    const { maxInFlight, deadlineMs, maxMessageBytes, encoding } = this.config;
    this.hop ??= new Hop({
      address: next,
      maxInFlight,
      deadlineMs,
      maxMessageBytes,
      encoding,
      ...(this.tls && { tls: this.tls }),
    });
    this.connected = await this.hop.connect(timeoutMs);
    return this.connected;
  }

  status(): StageStatus {
    return { dropped: this.drops.length };
  }

  /** Stop taking frames, let sends in flight settle, and report. */
  async stop(): Promise<StageStats> {
    for (const item of this.queue.close()) item.release?.();
    await this.worker;
    await Promise.all(this.sends);
    await this.server?.close(500);
    this.hop?.close();
    const fp16 = this.hop?.fp16Stats() ?? null;
    return {
      stage: this.config.name,
      records: [...this.records.values()],
      drops: this.drops,
      ...(fp16 && { fp16 }),
    };
  }

  private receive(request: DecodedInfer): TensorMap {
    const arrival = {
      frameId: request.params.frameId ?? -1,
      captureMs: request.params.captureMs ?? 0,
      tensors: request.tensors,
      arrivedAt: performance.now(),
      release: request.release,
    };
    if (this.queue.offer(arrival)) return {};
    // Never queued, so nothing reads its tensors. Thrown errors reach the sender as a failed
    // call whose message names the reason.
    request.release?.();
    throw new Error(`${QUEUE_FULL} at ${this.config.name}`);
  }

  private async work(): Promise<void> {
    for (let item = await this.queue.take(); item; item = await this.queue.take()) {
      // The ack to the sender goes out on a later turn of the event loop (http2 writes are
      // deferred); onnxruntime's run holds the loop, so let the ack leave first.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const taken = performance.now();
      let outputs: TensorMap;
      let workMs: number | undefined;
      try {
        outputs = await this.compute(item.tensors);
        if (this.config.delayMs > 0) await sleep(this.config.delayMs);
        // A paced stage's service time is its profile's, whatever this host took (run/pacing.ts);
        // what it took is kept, so that the run can tell when the host lagged (run/pacing-lag.ts).
        if (this.config.paceMs !== undefined) {
          workMs = performance.now() - taken;
          await holdUntil(taken + this.config.paceMs);
        }
      } catch (err) {
        item.release?.(); // the role's run (onnxruntime's included) has settled
        this.drops.push({ frameId: item.frameId, reason: 'error', message: describeError(err) });
        continue;
      }
      const computeMs = performance.now() - taken;
      const timing = { queueMs: taken - item.arrivedAt, computeMs, ...(workMs !== undefined && { workMs }) };
      const send = this.forward(item, outputs, timing);
      releaseAfter(item, outputs, send);
    }
  }

  /** Sends the outputs on without waiting; the send's promise, or undefined when there is no hop. */
  private forward(
    item: Arrival,
    outputs: TensorMap,
    timing: { queueMs: number; computeMs: number; workMs?: number },
  ): Promise<void> | undefined {
    const base = { frameId: item.frameId, ...timing, serializeMs: 0, transferMs: 0, bytes: 0 };
    this.records.set(item.frameId, base);
    if (!this.hop) {
      this.drops.push({ frameId: item.frameId, reason: 'unavailable', message: 'no next stage connected' });
      return undefined;
    }
    const send = this.hop.send(outputs, item.frameId, item.captureMs, this.config.cutId).then((outcome) => {
      if (outcome.ok) {
        const { serializeMs, transferMs, bytes } = outcome;
        this.records.set(item.frameId, { ...base, serializeMs, transferMs, bytes });
      } else this.drops.push({ frameId: item.frameId, reason: outcome.reason, message: outcome.message });
    });
    this.sends.add(send);
    void send.finally(() => this.sends.delete(send));
    return send;
  }
}

/**
 * Gives a computed frame's buffer back: at once, or, when an output is a view on a received
 * tensor (a part that passes an input through), once the send that writes it from that
 * memory has settled.
 */
function releaseAfter(item: Arrival, outputs: TensorMap, send: Promise<void> | undefined): void {
  const release = item.release;
  if (!release) return;
  if (send && sharesMemory(outputs, item.tensors)) void send.finally(release);
  else release();
}

function sharesMemory(outputs: TensorMap, inputs: TensorMap): boolean {
  const received = new Set<ArrayBufferLike>();
  for (const t of Object.values(inputs)) if (ArrayBuffer.isView(t.data)) received.add(t.data.buffer);
  return Object.values(outputs).some((t) => ArrayBuffer.isView(t.data) && received.has(t.data.buffer));
}
