/**
 * Where the camera's pixels come from: a video decoded by ffmpeg, a file of
 * raw RGB24 frames, or seeded noise. A source decodes a little ahead (a
 * couple of frames) and hands frames over without waiting: the camera's
 * clock, not the source, decides when a frame is due.
 */
import fs from 'node:fs';
import { ConfigError, RunFailedError } from '../core/errors.js';
import { FfmpegProcess } from './ffmpeg.js';
import { StreamSource } from './frame-stream.js';
import { probeVideo } from './video.js';

export interface FrameSource {
  readonly width: number;
  readonly height: number;
  /** The source's own frame rate, when it has one (a video's); null otherwise. */
  readonly fps: number | null;
  /** Resolves once the first frame is ready; rejects when the source fails first. */
  ready(): Promise<void>;
  /** The next RGB24 frame if one is ready now, else null. Throws the source's failure. */
  take(): Buffer | null;
  /** True once the source has no more frames (a non-looping input read to its end). */
  readonly ended: boolean;
  /** The decoder's process id, when there is one (diagnostics, tests). */
  readonly pid?: number | undefined;
  /** Stop producing and release everything (child processes, files). */
  close(): Promise<void>;
}

export type SourceSpec =
  | {
      readonly kind: 'video';
      readonly file: string;
      readonly loop?: boolean;
      readonly width?: number;
      readonly height?: number;
    }
  | {
      readonly kind: 'raw';
      readonly file: string;
      readonly width: number;
      readonly height: number;
      readonly loop?: boolean;
    }
  | { readonly kind: 'synthetic'; readonly width: number; readonly height: number; readonly seed?: number };

export async function openSource(spec: SourceSpec): Promise<FrameSource> {
  if (spec.kind === 'synthetic')
    return new NoiseSource(checkSize(spec.width, spec.height, 'synthetic'), spec.seed ?? 1);
  if (spec.kind === 'raw')
    return openRaw(spec.file, checkSize(spec.width, spec.height, spec.file), spec.loop ?? true);
  return openVideo(spec);
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

function checkSize(width: number, height: number, where: string): Size {
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v <= 0)
      throw new ConfigError(`${where}: frame ${name} ${v} is not a positive integer`);
  }
  return { width, height };
}

async function openVideo(spec: Extract<SourceSpec, { kind: 'video' }>): Promise<FrameSource> {
  const info = await probeVideo(spec.file);
  const scaled = spec.width !== undefined || spec.height !== undefined;
  const size = scaled
    ? checkSize(spec.width ?? info.width, spec.height ?? info.height, spec.file)
    : { width: info.width, height: info.height };
  return new VideoSource(spec.file, size, info.fps, spec.loop ?? true, scaled);
}

/** A video decoded by an ffmpeg child process to raw RGB24 on its stdout. */
class VideoSource extends StreamSource {
  private readonly process: FfmpegProcess;

  constructor(file: string, size: Size, fps: number, loop: boolean, scaled: boolean) {
    super(size.width, size.height, fps);
    // One decoder thread: the camera's cost stays the same on every tier it is staged on.
    this.process = new FfmpegProcess([
      ...(loop ? ['-stream_loop', '-1'] : []),
      ...['-threads', '1', '-i', file, '-an', '-sn'],
      ...(scaled ? ['-s', `${size.width}x${size.height}`] : []),
      ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    ]);
    this.attach(this.process.stdout);
    void this.process.exit().then((code) => {
      const { exitSignal, pid, closed } = this.process;
      // Killed from outside (OOM killer, an operator): not the video's fault, and not the end of it.
      if (exitSignal !== null && !closed)
        this.fail(new RunFailedError(`the video decoder ffmpeg (pid ${pid ?? '?'}) died (${exitSignal})`));
      else if (code !== 0 && !closed) {
        this.fail(
          new ConfigError(`video '${file}': ffmpeg stopped (exit ${code}): ${this.process.lastError()}`),
        );
      }
      this.finish();
    });
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  close(): Promise<void> {
    return this.process.close();
  }
}

async function openRaw(file: string, size: Size, loop: boolean): Promise<FrameSource> {
  let bytes: number;
  try {
    bytes = (await fs.promises.stat(file)).size;
  } catch {
    throw new ConfigError(`raw video '${file}' does not exist or cannot be read`);
  }
  const frameBytes = size.width * size.height * 3;
  if (bytes === 0 || bytes % frameBytes !== 0) {
    throw new ConfigError(
      `raw video '${file}' has ${bytes} bytes, not a whole number of ${size.width}x${size.height} RGB24 frames (${frameBytes} bytes each)`,
    );
  }
  return new RawSource(file, size, loop);
}

/** A file of back-to-back RGB24 frames, read again from the start when it ends (when looping). */
class RawSource extends StreamSource {
  private stream: fs.ReadStream | null = null;

  constructor(
    private readonly file: string,
    size: Size,
    private readonly loop: boolean,
  ) {
    super(size.width, size.height, null);
    this.open();
  }

  private open(): void {
    const stream = fs.createReadStream(this.file, {
      highWaterMark: Math.max(65536, this.width * this.height * 3),
    });
    this.stream = stream;
    this.attach(stream);
    stream.once('error', (err) => this.fail(new ConfigError(`raw video '${this.file}': ${err.message}`)));
    stream.once('end', () => (this.loop && this.stream === stream ? this.open() : this.finish()));
  }

  close(): Promise<void> {
    const stream = this.stream;
    this.stream = null;
    this.finish();
    if (!stream || stream.closed) return Promise.resolve();
    return new Promise((resolve) => stream.destroy().once('close', () => resolve()));
  }
}

/** Seeded noise frames, made on demand: a camera with no video and no ffmpeg. */
class NoiseSource implements FrameSource {
  readonly fps = null;
  readonly ended = false;
  readonly width: number;
  readonly height: number;
  private state: number;

  constructor(size: Size, seed: number) {
    this.width = size.width;
    this.height = size.height;
    this.state = seed >>> 0 || 1; // xorshift32 is stuck at zero
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  take(): Buffer {
    const bytes = this.width * this.height * 3;
    // Whole words at a time, in a buffer of its own (pooled Buffers may be unaligned).
    const words = new Uint32Array(Math.ceil(bytes / 4));
    let x = this.state;
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      words[i] = x;
    }
    this.state = x >>> 0;
    return Buffer.from(words.buffer, 0, bytes);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
