/** Tests of the camera: frame rate, looping and scaling a video, stopping ffmpeg. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, RunFailedError } from '../core/errors.js';
import { latestFrames, openCamera, type Frame } from './camera.js';
import { runFfmpeg } from './ffmpeg.js';

const CLIP_FRAMES = 12;
let dir: string;
let clip: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-camera-'));
  clip = path.join(dir, 'clip.mp4');
  // A 12-frame clip: shorter than the runs below, so they must loop.
  const src = `testsrc2=size=64x48:rate=24:duration=${CLIP_FRAMES / 24}`;
  const made = await runFfmpeg([
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    src,
    '-c:v',
    'mpeg4',
    '-q:v',
    '2',
    clip,
  ]);
  assert.equal(made.code, 0, made.stderr);
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every gap in the frame ids is a tick the camera reported late. */
function assertIdsAccountForLate(frames: readonly Frame[], late: number): void {
  let skipped = frames[0]?.frameId ?? 0;
  for (let i = 1; i < frames.length; i++) {
    const step = frames[i]!.frameId - frames[i - 1]!.frameId;
    assert.ok(step >= 1, `ids must increase: ${frames[i - 1]!.frameId} then ${frames[i]!.frameId}`);
    skipped += step - 1;
  }
  assert.equal(skipped, late);
}

describe('camera', () => {
  it('emits synthetic frames at about the configured rate for a second', async () => {
    const controller = new AbortController();
    const camera = await openCamera(
      { kind: 'synthetic', width: 8, height: 4, seed: 3 },
      { fps: 24, signal: controller.signal },
    );
    const frames: Frame[] = [];
    setTimeout(() => controller.abort(), 1000);
    const stats = await camera.run((f) => frames.push(f));
    assert.ok(frames.length >= 15 && frames.length <= 30, `${frames.length} frames in ~1 s at 24 fps`);
    assert.equal(stats.emitted, frames.length);
    assert.equal(stats.ticks, stats.emitted + stats.late);
    assertIdsAccountForLate(frames, stats.late);
    for (const f of frames) assert.deepEqual([f.width, f.height, f.data.length], [8, 4, 8 * 4 * 3]);
    assert.notDeepEqual(frames[0]!.data, frames[1]!.data);
    assert.ok(frames[1]!.captureMs > frames[0]!.captureMs);
  });

  it('loops a short video past its end, scaling at decode time, and its ffmpeg is gone after', async () => {
    const camera = await openCamera(
      { kind: 'video', file: clip, width: 32, height: 24 },
      { fps: 60, maxFrames: 30 },
    );
    assert.equal(camera.fps, 60);
    const pid = camera.source.pid;
    assert.ok(pid !== undefined && isAlive(pid));
    const frames: Frame[] = [];
    const stats = await camera.run((f) => frames.push(f));
    assert.equal(frames.length, 30);
    assertIdsAccountForLate(frames, stats.late);
    assert.equal(frames[0]!.data.length, 32 * 24 * 3);
    // The source hands frames over in order, so emitted frame i shows clip frame i mod 12.
    assert.ok(frames[0]!.data.equals(frames[CLIP_FRAMES]!.data));
    assert.ok(frames[5]!.data.equals(frames[5 + 2 * CLIP_FRAMES]!.data));
    assert.ok(!frames[0]!.data.equals(frames[1]!.data));
    assert.equal(isAlive(pid), false);
  });

  it('defaults to the video rate and stops its ffmpeg on abort', async () => {
    const controller = new AbortController();
    const camera = await openCamera({ kind: 'video', file: clip }, { signal: controller.signal });
    assert.deepEqual([camera.fps, camera.width, camera.height], [24, 64, 48]);
    const pid = camera.source.pid!;
    let n = 0;
    const stats = await camera.run(() => {
      if (++n === 3) controller.abort();
    });
    assert.equal(stats.emitted, 3);
    assert.equal(isAlive(pid), false);
  });

  it('fails with a RunFailedError naming ffmpeg when it is killed, and leaves no process', async () => {
    const camera = await openCamera({ kind: 'video', file: clip }, { fps: 50 });
    const pid = camera.source.pid!;
    let killed = false;
    // Frames already in the pipe still arrive after the kill; the failure comes once they run out.
    const run = camera.run(() => void (killed ||= process.kill(pid, 'SIGKILL')));
    await assert.rejects(
      run,
      // Killed from outside: not the video's fault (a ConfigError would blame it).
      (err: unknown) =>
        err instanceof RunFailedError &&
        err.message === `the video decoder ffmpeg (pid ${pid}) died (SIGKILL)`,
    );
    assert.equal(isAlive(pid), false);
  });

  it('rejects a missing file and a file that is not a video', async () => {
    await assert.rejects(openCamera({ kind: 'video', file: path.join(dir, 'nope.mp4') }), /does not exist/);
    const text = path.join(dir, 'notes.mp4');
    fs.writeFileSync(text, 'not a video at all\n'.repeat(50));
    await assert.rejects(openCamera({ kind: 'video', file: text }), ConfigError);
  });

  it('plays a raw RGB24 file in order and loops it', async () => {
    const file = path.join(dir, 'frames.rgb');
    const raw = Buffer.alloc(3 * 4 * 2 * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = i;
    fs.writeFileSync(file, raw);
    const camera = await openCamera({ kind: 'raw', file, width: 4, height: 2 }, { fps: 100, maxFrames: 7 });
    const frames: Frame[] = [];
    await camera.run((f) => frames.push(f));
    assert.equal(frames.length, 7);
    frames.forEach((f, i) =>
      assert.deepEqual(f.data, raw.subarray((i % 3) * 24, (i % 3) * 24 + 24), `frame ${i}`),
    );
  });

  it('ends a raw file that does not loop, and rejects a size that does not divide it', async () => {
    const file = path.join(dir, 'two.rgb');
    fs.writeFileSync(file, Buffer.alloc(2 * 4 * 2 * 3, 7));
    const camera = await openCamera({ kind: 'raw', file, width: 4, height: 2, loop: false }, { fps: 100 });
    const stats = await camera.run(() => undefined);
    assert.equal(stats.emitted, 2);
    await assert.rejects(openCamera({ kind: 'raw', file, width: 5, height: 2 }), /not a whole number of 5x2/);
  });

  it('hands the newest frame to an async iterator and stops when the loop breaks', async () => {
    const camera = await openCamera({ kind: 'synthetic', width: 2, height: 2 }, { fps: 100 });
    const ids: number[] = [];
    for await (const frame of latestFrames(camera)) {
      ids.push(frame.frameId);
      if (ids.length === 4) break;
    }
    assert.equal(ids.length, 4);
    assert.ok(ids.every((id, i) => i === 0 || id > ids[i - 1]!));
    await sleep(50);
    const ticks = camera.stats().ticks;
    await sleep(50);
    assert.equal(camera.stats().ticks, ticks, 'the camera stopped');
  });
});
