/**
 * Video files: what ffmpeg says is in them, and the bundled default video that
 * the CLI and tests use when no --video is given. The static ffmpeg build has
 * no ffprobe, so probing parses `ffmpeg -i FILE` (which prints the streams to
 * stderr and exits 1 for want of an output).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../core/errors.js';
import { cachePath } from '../core/assets.js';
import { runFfmpeg } from './ffmpeg.js';

export interface VideoInfo {
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** Estimated from the container's duration; absent when it gives none (live streams, raw). */
  readonly frames?: number;
  readonly codec: string;
}

export async function probeVideo(file: string): Promise<VideoInfo> {
  if (!fs.existsSync(file)) throw new ConfigError(`video '${file}' does not exist`);
  if (fs.statSync(file).isDirectory()) throw new ConfigError(`video '${file}' is a folder, not a video file`);
  const { stderr } = await runFfmpeg(['-i', file]);
  return parseProbe(stderr, file);
}

const STREAM = /Stream #\d+:\d+.*?: Video: (\w+)[^\n]*?, (\d+)x(\d+)/;
const FPS = /, ([\d.]+)(k?) fps/;
const TBR = /, ([\d.]+)(k?) tbr/;
const DURATION = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/;

/** Read the first video stream from `ffmpeg -i` output; `file` names it in errors. */
export function parseProbe(stderr: string, file: string): VideoInfo {
  const stream = STREAM.exec(stderr);
  if (!stream) {
    if (/Invalid data found|could not find codec|moov atom not found/i.test(stderr)) {
      throw new ConfigError(`video '${file}' is not a video ffmpeg can read`);
    }
    if (/Input #\d/.test(stderr)) throw new ConfigError(`video '${file}' has no video stream`);
    throw new ConfigError(`video '${file}' cannot be read: ${lastLine(stderr)}`);
  }
  const line = stderr.slice(stream.index).split('\n', 1)[0] ?? '';
  const fps = rate(FPS.exec(line)) ?? rate(TBR.exec(line));
  if (fps === undefined || !(fps > 0))
    throw new ConfigError(`video '${file}' has no frame rate ffmpeg can tell`);
  const duration = DURATION.exec(stderr);
  const seconds = duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : 0;
  return {
    width: Number(stream[2]),
    height: Number(stream[3]),
    fps,
    codec: stream[1] ?? '?',
    ...(seconds > 0 ? { frames: Math.round(seconds * fps) } : {}),
  };
}

function rate(match: RegExpExecArray | null): number | undefined {
  if (!match) return undefined;
  return Number(match[1]) * (match[2] === 'k' ? 1000 : 1);
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').trim();
}

/** The default camera: 1280×720 at 24 fps, as in the paper's testbed (SPEC "Infrastructure presets"). */
export const DEFAULT_VIDEO = { width: 1280, height: 720, fps: 24, seconds: 10 } as const;

/**
 * ffmpeg arguments that make the default video. Test sources only, so it is
 * the same on every machine: testsrc2 (moving patterns, a frame counter)
 * with a seeded Game of Life patch drifting over it, so that every frame
 * differs; one encoder thread and bitexact flags make the bytes repeatable.
 */
export function defaultVideoArgs(codec: 'libx264' | 'mpeg4', out: string): string[] {
  const { width, height, fps, seconds } = DEFAULT_VIDEO;
  const life = `life=size=320x240:rate=${fps}:seed=42:ratio=0.2:mold=10:life_color=#00ff88:death_color=#aa0000:mold_color=#204060`;
  const encoder =
    codec === 'libx264'
      ? ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28']
      : ['-c:v', 'mpeg4', '-q:v', '5'];
  return [
    ...['-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}:duration=${seconds}`],
    ...['-f', 'lavfi', '-i', life],
    ...[
      '-filter_complex',
      `[0:v][1:v]overlay=x='mod(t*96,${width - 320})':y='240+160*sin(t)':shortest=1,format=yuv420p`,
    ],
    ...encoder,
    ...[
      '-threads',
      '1',
      '-g',
      String(fps * 2),
      '-fflags',
      '+bitexact',
      '-flags:v',
      '+bitexact',
      '-map_metadata',
      '-1',
    ],
    ...['-f', 'mp4', out],
  ];
}

let pending: Promise<string> | undefined;
/** The video this process already made or checked: an evaluation asks once per staged run. */
let made: string | undefined;

/**
 * The path of video/default.mp4 in the cache (core/assets.ts), made on first
 * use (a few seconds) and reused after. Checked once per process (the check
 * runs ffmpeg to pick the encoder), again only if the file has gone since.
 */
export function ensureDefaultVideo(): Promise<string> {
  if (made !== undefined && fs.existsSync(made)) return Promise.resolve(made);
  pending ??= makeDefaultVideo()
    .then((file) => (made = file))
    .finally(() => (pending = undefined));
  return pending;
}

async function makeDefaultVideo(): Promise<string> {
  const file = cachePath('video', 'default.mp4');
  const codec = (await hasEncoder('libx264')) ? 'libx264' : 'mpeg4';
  const recipe = JSON.stringify(defaultVideoArgs(codec, 'OUT'));
  const stamp = `${file}.recipe`;
  if (fs.existsSync(file) && readOr(stamp) === recipe) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Write beside and rename, so a reader (or a second process) never sees half a file.
  const partial = `${file}.${process.pid}.partial`;
  const { code, stderr } = await runFfmpeg(defaultVideoArgs(codec, partial));
  if (code !== 0) {
    fs.rmSync(partial, { force: true });
    throw new ConfigError(`cannot make the default video with ffmpeg (exit ${code}): ${lastLine(stderr)}`);
  }
  fs.renameSync(partial, file);
  fs.writeFileSync(stamp, recipe);
  return file;
}

async function hasEncoder(name: string): Promise<boolean> {
  // `-h encoder=X` prints the encoder's options to stdout when it exists.
  const { stdout } = await runFfmpeg(['-h', `encoder=${name}`]);
  return stdout.startsWith(`Encoder ${name} `);
}

function readOr(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
