/**
 * Sources backed by a byte stream (ffmpeg's stdout, a raw file): cutting the
 * stream into frames, holding a couple ahead, and the first-frame wait,
 * end and failure that every such source shares.
 */
import type { Readable } from 'node:stream';
import { ConfigError } from '../core/errors.js';
import type { FrameSource } from './frame-source.js';

/**
 * Cuts a byte stream into frames of a fixed size, holding at most `capacity`
 * whole frames and pausing the stream (so ffmpeg blocks on its pipe) when full.
 */
class FrameChunker {
  private readonly queue: Buffer[] = [];
  private partial: Buffer | null = null;
  private filled = 0;
  private stream: Readable | null = null;

  constructor(
    private readonly frameBytes: number,
    private readonly capacity = 2,
  ) {}

  attach(stream: Readable): void {
    this.stream = stream;
    stream.on('data', (chunk: Buffer) => this.push(chunk));
  }

  get size(): number {
    return this.queue.length;
  }

  take(): Buffer | null {
    const frame = this.queue.shift() ?? null;
    if (this.queue.length < this.capacity) this.stream?.resume();
    return frame;
  }

  private push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      this.partial ??= Buffer.allocUnsafe(this.frameBytes);
      const n = chunk.copy(this.partial, this.filled, offset);
      offset += n;
      this.filled += n;
      if (this.filled === this.frameBytes) {
        this.queue.push(this.partial);
        this.partial = null;
        this.filled = 0;
      }
    }
    if (this.queue.length >= this.capacity) this.stream?.pause();
  }
}

/** Shared by the stream-backed sources: first-frame wait, end and failure. */
export abstract class StreamSource implements FrameSource {
  protected readonly frames: FrameChunker;
  protected failure: Error | null = null;
  protected done = false;
  private waiters: Array<() => void> = [];

  constructor(
    readonly width: number,
    readonly height: number,
    readonly fps: number | null,
  ) {
    this.frames = new FrameChunker(width * height * 3);
  }

  abstract close(): Promise<void>;

  get ended(): boolean {
    return this.done && this.frames.size === 0;
  }

  async ready(): Promise<void> {
    while (this.frames.size === 0 && !this.done && !this.failure)
      await new Promise<void>((r) => this.waiters.push(r));
    if (this.failure) throw this.failure;
    if (this.frames.size === 0) throw new ConfigError('the camera input has no frames');
  }

  take(): Buffer | null {
    if (this.failure) throw this.failure;
    return this.frames.take();
  }

  protected attach(stream: Readable): void {
    this.frames.attach(stream);
    stream.on('data', () => this.wake());
  }

  protected fail(err: Error): void {
    this.failure ??= err;
    this.wake();
  }

  protected finish(): void {
    this.done = true;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
