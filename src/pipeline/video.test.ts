/** Tests of reading ffmpeg's description of a video and making the default one. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../core/errors.js';
import { ensureDefaultVideo, parseProbe, probeVideo } from './video.js';

const H264 = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.mp4':
  Duration: 00:00:10.00, start: 0.000000, bitrate: 2900 kb/s
    Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 1280x720 [SAR 1:1 DAR 16:9], 2897 kb/s, 24 fps, 24 tbr, 12288 tbn, 48 tbc (default)
At least one output file must be specified
`;

describe('parseProbe', () => {
  it('reads size, rate, codec and frame count from ffmpeg -i output', () => {
    assert.deepEqual(parseProbe(H264, 'a.mp4'), {
      width: 1280,
      height: 720,
      fps: 24,
      codec: 'h264',
      frames: 240,
    });
  });

  it('falls back to tbr and a fractional rate, and omits frames without a duration', () => {
    const text = `Input #0, rawvideo, from 'x':
    Stream #0:1: Video: mpeg4 (Simple Profile), yuv420p, 64x48, 29.97 tbr, 90k tbn`;
    assert.deepEqual(parseProbe(text, 'x'), { width: 64, height: 48, fps: 29.97, codec: 'mpeg4' });
  });

  it('names the file in a clear error for garbage, audio-only and unknown failures', () => {
    assert.throws(() => parseProbe('x.mp4: Invalid data found when processing input', 'x.mp4'), {
      name: 'ConfigError',
      message: "video 'x.mp4' is not a video ffmpeg can read",
    });
    const audio = "Input #0, wav, from 'a.wav':\n    Stream #0:0: Audio: pcm_s16le, 44100 Hz, mono";
    assert.throws(() => parseProbe(audio, 'a.wav'), { message: "video 'a.wav' has no video stream" });
    assert.throws(() => parseProbe('a.mp4: Permission denied\n', 'a.mp4'), {
      message: "video 'a.mp4' cannot be read: a.mp4: Permission denied",
    });
  });
});

describe('probeVideo', () => {
  it('rejects a missing file, a folder and a text file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-video-'));
    try {
      await assert.rejects(probeVideo(path.join(dir, 'none.mp4')), /does not exist/);
      await assert.rejects(probeVideo(dir), /is a folder/);
      fs.writeFileSync(path.join(dir, 't.mp4'), 'hello\n');
      await assert.rejects(probeVideo(path.join(dir, 't.mp4')), ConfigError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes the default video once (1280x720, 24 fps, 10 s) and reuses it', async () => {
    const file = await ensureDefaultVideo();
    assert.ok(file.endsWith(path.join('.cache', 'video', 'default.mp4')));
    const info = await probeVideo(file);
    assert.deepEqual([info.width, info.height, info.fps, info.frames], [1280, 720, 24, 240]);
    assert.ok(info.codec === 'h264' || info.codec === 'mpeg4', info.codec);
    const made = fs.statSync(file).mtimeMs;
    assert.equal(await ensureDefaultVideo(), file);
    assert.equal(fs.statSync(file).mtimeMs, made);
  });
});
