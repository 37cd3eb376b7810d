/**
 * The ffmpeg binary and the child processes we run it in. Every ffmpeg we
 * start goes through here: it is killed on close(), on abort, and (as a last
 * resort) when this process exits, so no decoder outlives the pipeline.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { endProcess } from '../core/child.js';
import { ConfigError } from '../core/errors.js';

let found: string | undefined;

/** The npm static build when it is installed, else `ffmpeg` on PATH. */
export function ffmpegBinary(): string {
  found ??= npmFfmpeg() ?? pathFfmpeg();
  if (found === undefined) {
    throw new ConfigError(
      'ffmpeg not found: install @ffmpeg-installer/ffmpeg (npm ci) or put ffmpeg on PATH',
    );
  }
  return found;
}

function npmFfmpeg(): string | undefined {
  let file: string;
  try {
    file = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch {
    return undefined; // no build for this platform, or the package is absent
  }
  if (!fs.existsSync(file)) return undefined;
  // npm 11 skips install scripts, so the package's own `chmod u+x` may not have run.
  if (!isExecutable(file)) {
    try {
      fs.chmodSync(file, fs.statSync(file).mode | 0o111);
    } catch {
      return undefined;
    }
  }
  return isExecutable(file) ? file : undefined;
}

function pathFfmpeg(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, 'ffmpeg');
    if (dir !== '' && isExecutable(file)) return file;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export interface FfmpegResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run ffmpeg to completion, keeping what it prints (probes print to stderr and exit 1). */
export function runFfmpeg(args: readonly string[]): Promise<FfmpegResult> {
  const child = spawn(ffmpegBinary(), ['-hide_banner', '-nostdin', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

const live = new Set<ChildProcessByStdio<null, Readable, Readable>>();
let exitHookInstalled = false;

/** An ffmpeg writing to its stdout, owned by the caller until close(). */
export class FfmpegProcess {
  readonly stdout: Readable;
  readonly pid: number | undefined;
  private readonly child: ChildProcessByStdio<null, Readable, Readable>;
  private stderrTail = '';
  private readonly exited: Promise<number | null>;
  private closing = false;
  /** The signal that ended ffmpeg, once it is gone (null: it exited by itself). */
  exitSignal: NodeJS.Signals | null = null;

  constructor(args: readonly string[]) {
    installExitHook();
    this.child = spawn(ffmpegBinary(), ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(this.child);
    this.pid = this.child.pid;
    this.stdout = this.child.stdout;
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-2000);
    });
    this.exited = new Promise((resolve) => {
      const gone = (code: number | null, signal?: NodeJS.Signals | null): void => {
        live.delete(this.child);
        this.exitSignal = signal ?? null;
        resolve(code);
      };
      this.child.once('error', () => gone(null));
      this.child.once('close', gone);
    });
  }

  /** Whether close() was called (an exit after that is ours, not a failure). */
  get closed(): boolean {
    return this.closing;
  }

  /** The last line ffmpeg wrote to stderr, for error messages. */
  lastError(): string {
    const lines = this.stderrTail.trim().split('\n');
    return lines[lines.length - 1] ?? '';
  }

  /** Resolves with the exit code once the process is gone (null when killed or not started). */
  exit(): Promise<number | null> {
    return this.exited;
  }

  /** Kill ffmpeg (TERM, then KILL after a grace period) and wait until it is gone. */
  async close(): Promise<void> {
    this.closing = true;
    // Unread frames are not wanted, and a paused pipe would hold back the 'close' event.
    this.stdout.destroy();
    await endProcess(this.child, 2000);
    await this.exited;
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}
