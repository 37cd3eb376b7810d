/**
 * The camera stage: frames at a fixed rate on the camera's own clock, in real
 * time. Consumers never slow it down: each frame is handed over without
 * waiting (the pipeline's bounded queue decides whether to keep it), and a
 * tick whose frame the source could not supply in time is counted as late
 * and skipped rather than stretching time. Frame ids are tick numbers, so a
 * late tick leaves a gap in the ids and the loss is visible downstream.
 */
import { performance } from 'node:perf_hooks';
import { asError, ConfigError } from '../core/errors.js';
import { openSource, type FrameSource, type SourceSpec } from './frame-source.js';

export type { SourceSpec } from './frame-source.js';

export interface Frame {
  /** The tick this frame was captured on: 0, 1, 2 … */
  readonly frameId: number;
  /** Wall-clock milliseconds (performance.timeOrigin + performance.now()) at capture. */
  readonly captureMs: number;
  readonly width: number;
  readonly height: number;
  /** RGB24, row-major, width*height*3 bytes. */
  readonly data: Buffer;
}

export interface CameraOptions {
  /** Frames per second; defaults to the source's own rate, else 24. */
  readonly fps?: number;
  /** Stop after emitting this many frames. */
  readonly maxFrames?: number;
  readonly signal?: AbortSignal;
}

export interface CameraStats {
  readonly fps: number;
  /** Ticks of the camera clock so far (emitted + late). */
  readonly ticks: number;
  readonly emitted: number;
  /** Ticks with no frame: the source had none ready, or this process overslept the tick. */
  readonly late: number;
}

export const DEFAULT_FPS = 24;

export async function openCamera(spec: SourceSpec, options: CameraOptions = {}): Promise<Camera> {
  const source = await openSource(spec);
  return new Camera(source, options);
}

export class Camera {
  readonly fps: number;
  private ticks = 0;
  private emitted = 0;
  private late = 0;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    readonly source: FrameSource,
    private readonly options: CameraOptions = {},
  ) {
    this.fps = options.fps ?? source.fps ?? DEFAULT_FPS;
    if (!(this.fps > 0) || !Number.isFinite(this.fps))
      throw new ConfigError(`camera fps ${options.fps} must be > 0`);
    options.signal?.addEventListener('abort', () => this.stop(), { once: true });
    if (options.signal?.aborted) this.stop();
  }

  get width(): number {
    return this.source.width;
  }

  get height(): number {
    return this.source.height;
  }

  stats(): CameraStats {
    return { fps: this.fps, ticks: this.ticks, emitted: this.emitted, late: this.late };
  }

  /** Ask run() to end at the next tick; it then releases the source. */
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  /**
   * Emit frames until stop(), abort, maxFrames or the end of a non-looping
   * input; the source is closed however this ends. `onFrame` must not block:
   * it is called on the camera's clock and a slow one costs ticks.
   */
  async run(onFrame: (frame: Frame) => void): Promise<CameraStats> {
    try {
      await this.untilReadyOrStopped();
      await this.tickLoop(onFrame);
      return this.stats();
    } finally {
      await this.source.close();
    }
  }

  private async untilReadyOrStopped(): Promise<void> {
    if (this.stopped) return;
    const ready = this.source.ready();
    const stopped = new Promise<void>((resolve) => (this.wake = resolve));
    // Whichever loses the race must not become an unhandled rejection.
    await Promise.race([ready, stopped]).finally(() => void ready.catch(() => undefined));
  }

  private async tickLoop(onFrame: (frame: Frame) => void): Promise<void> {
    const period = 1000 / this.fps;
    const start = performance.now();
    let tick = 0;
    while (!this.stopped) {
      await this.sleepUntil(start + tick * period);
      if (this.stopped) break;
      // Ticks that went by while this process was busy elsewhere are lost, not delayed.
      const current = Math.max(tick, Math.floor((performance.now() - start) / period));
      this.late += current - tick;
      tick = current;
      const data = this.source.take();
      this.ticks = tick + 1;
      if (data) {
        const captureMs = performance.timeOrigin + performance.now();
        this.emitted++;
        onFrame({ frameId: tick, captureMs, width: this.width, height: this.height, data });
      } else if (this.source.ended) {
        this.ticks = tick;
        break;
      } else {
        this.late++;
      }
      tick++;
      if (this.options.maxFrames !== undefined && this.emitted >= this.options.maxFrames) break;
    }
  }

  private sleepUntil(deadline: number): Promise<void> {
    const wait = deadline - performance.now();
    if (wait <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, wait);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/**
 * The camera as an async iterator with a one-frame mailbox: a frame the
 * consumer has not taken by the next tick is replaced (and counted in
 * `replaced`), so a slow consumer sees the newest frame and never slows the
 * camera. Breaking out of the loop stops the camera.
 */
export function latestFrames(camera: Camera): LatestFrames {
  return new LatestFrames(camera);
}

export class LatestFrames implements AsyncIterableIterator<Frame> {
  /** Frames overwritten before the consumer took them. */
  replaced = 0;
  private slot: Frame | null = null;
  private finished = false;
  private failure: Error | null = null;
  private waiter: (() => void) | null = null;
  private readonly running: Promise<void>;

  constructor(private readonly camera: Camera) {
    this.running = camera
      .run((frame) => this.put(frame))
      .then(
        () => this.finish(null),
        (err: unknown) => this.finish(asError(err)),
      );
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<Frame>> {
    while (!this.slot && !this.finished) await new Promise<void>((r) => (this.waiter = r));
    const frame = this.slot;
    if (frame) {
      this.slot = null;
      return { value: frame, done: false };
    }
    if (this.failure) throw this.failure;
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<Frame>> {
    this.camera.stop();
    await this.running;
    return { value: undefined, done: true };
  }

  private put(frame: Frame): void {
    if (this.slot) this.replaced++;
    this.slot = frame;
    this.notify();
  }

  private finish(failure: Error | null): void {
    this.failure = failure;
    this.finished = true;
    this.notify();
  }

  private notify(): void {
    this.waiter?.();
    this.waiter = null;
  }
}
