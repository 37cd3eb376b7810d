/**
 * One direction of an emulated link in user space: every chunk read from
 * `from` is written to `to` after the link's one-way delay plus a normal
 * jitter sample, never before the chunk ahead of it (order is kept per
 * connection, as TCP would see it). Where the kernel cannot shape (loopback),
 * chunks are also serialised at the link's rate before the delay starts.
 */
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface DirectionSettings {
  readonly delayMs: number;
  readonly jitterMs: number;
  /** Bits per second, or null when the kernel shapes the link. */
  readonly rateBits: number | null;
}

/** Bytes held before the sender is paused: bounds memory, lets TCP push back. */
const HIGH_WATER = 4 * 2 ** 20;
/**
 * Timers fire a millisecond or more late; wake this early and finish the wait
 * with setImmediate turns, so a 5 ms link is not a 7 ms one.
 */
const TIMER_SLACK_MS = 3;

export function normalSample(random: () => number = Math.random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export class DelayPipe {
  private readonly queue: { at: number; chunk: Buffer }[] = [];
  private queuedBytes = 0;
  private lastRelease = 0;
  private lineFreeAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private ended = false;

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly settings: DirectionSettings,
  ) {
    from.on('data', (chunk: Buffer) => this.push(chunk));
    from.on('end', () => {
      this.ended = true;
      this.flushEnd();
    });
    to.on('drain', () => this.resumeIfRoom());
  }

  private push(chunk: Buffer): void {
    const now = performance.now();
    let start = now;
    if (this.settings.rateBits !== null) {
      start = Math.max(now, this.lineFreeAt) + (chunk.length * 8 * 1000) / this.settings.rateBits;
      this.lineFreeAt = start;
    }
    const delay = Math.max(0, this.settings.delayMs + this.settings.jitterMs * normalSample());
    const at = Math.max(start + delay, this.lastRelease);
    this.lastRelease = at;
    this.queue.push({ at, chunk });
    this.queuedBytes += chunk.length;
    if (this.queuedBytes + this.to.writableLength > HIGH_WATER) this.from.pause();
    if (this.queue.length === 1) this.schedule();
  }

  private schedule(): void {
    const head = this.queue[0];
    if (!head || this.timer !== null) return;
    const wait = head.at - performance.now();
    if (wait > TIMER_SLACK_MS) this.timer = setTimeout(() => this.wake(), wait - TIMER_SLACK_MS);
    else setImmediate(() => this.release());
  }

  private wake(): void {
    this.timer = null;
    this.release();
  }

  private release(): void {
    const now = performance.now();
    while (this.queue[0] && this.queue[0].at <= now) {
      const { chunk } = this.queue.shift()!;
      this.queuedBytes -= chunk.length;
      if (!this.to.destroyed) this.to.write(chunk);
    }
    this.resumeIfRoom();
    if (this.queue.length > 0) this.schedule();
    else this.flushEnd();
  }

  private resumeIfRoom(): void {
    if (this.from.isPaused() && this.queuedBytes + this.to.writableLength <= HIGH_WATER / 2)
      this.from.resume();
  }

  private flushEnd(): void {
    if (this.ended && this.queue.length === 0 && !this.to.destroyed) this.to.end();
  }

  close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }
}
