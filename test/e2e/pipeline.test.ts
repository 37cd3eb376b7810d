/**
 * `couper run` end to end: every stage its own process, frames over the
 * relays. Frames come from a small raw RGB file made from the default video,
 * so the test can rebuild frame N (records carry the source index) and
 * classify it with the unsliced model in this process.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RuntimeError } from '../../src/core/errors.js';
import { runFfmpeg } from '../../src/pipeline/ffmpeg.js';
import type { FrameRecord } from '../../src/pipeline/metrics.js';
import { prepareRun, type PreparedRun, type RunRequest } from '../../src/run/prepare.js';
import { loadProfile } from '../../src/pipeline/profile.js';
import { applyRun, type RunReport } from '../../src/run/run.js';
import type { RunSettings } from '../../src/run/run-plan.js';
import { createTransformer } from '../../src/pipeline/transformer.js';
import { ensureDefaultVideo } from '../../src/pipeline/video.js';
import { getRuntime } from '../../src/runtime/registry.js';
import { isAlive as alive } from '../helpers/leftovers.js';
import { runSettings } from '../helpers/run-settings.js';
import { ensureModel, repoRoot } from '../helpers/models.js';

const WIDTH = 160;
const HEIGHT = 120;
const SOURCE_FRAMES = 6;

const SETTINGS: RunSettings = runSettings({ fps: 8, frames: 10, warmup: 2 });

let dir: string;
let rawFile: string;
let model: string;
/** Top-1 class of the unsliced model on each source frame, computed here. */
let expected: number[];

function request(split: string[], settings: Partial<RunSettings> = {}): RunRequest {
  return {
    model,
    split,
    source: { kind: 'raw', file: rawFile, width: WIDTH, height: HEIGHT, loop: true },
    settings: { ...SETTINGS, ...settings },
  };
}

async function run(split: string[], settings: Partial<RunSettings> = {}): Promise<RunReport> {
  const report = await applyRun(await prepareRun(request(split, settings)));
  assertIdentity(report);
  assertGone(report.pids);
  return report;
}

function assertIdentity(report: RunReport): void {
  const s = report.summary;
  assert.equal(s.framesProcessed + s.framesDropped, s.framesProduced);
  const dropped = Object.values(s.droppedAt).reduce((a, b) => a + b, 0);
  assert.equal(dropped, s.framesDropped);
  assert.equal(report.frames.length, s.framesProduced);
}

function assertGone(pids: readonly number[]): void {
  assert.ok(pids.length > 0);
  assert.deepEqual(pids.filter(alive), []);
}

/** Every process below `root` (children, grandchildren …), from ps. */
function descendants(root: number): number[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const out: number[] = [];
  const walk = (pid: number): void => {
    for (const [child, parent] of rows) {
      if (parent !== pid) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

function top1(frame: FrameRecord): number {
  const top = (frame.result as { top?: { index: number }[] } | undefined)?.top;
  assert.ok(top && top[0], `frame ${frame.frameId} has no top-1`);
  return top[0].index;
}

function assertTop1(report: RunReport): void {
  const processed = report.frames.filter((f) => f.status === 'processed');
  assert.ok(processed.length >= 3, `only ${processed.length} frames processed`);
  for (const f of processed) {
    assert.equal(
      top1(f),
      expected[f.sourceIndex % SOURCE_FRAMES],
      `frame ${f.frameId} (source ${f.sourceIndex})`,
    );
  }
}

async function unslicedTop1(): Promise<number[]> {
  const profile = loadProfile('imagenet');
  const transformer = createTransformer(profile.input, { width: 224, height: 224 });
  const session = await getRuntime().open(model, { intraOpThreads: 1 });
  const bytes = fs.readFileSync(rawFile);
  const frameBytes = WIDTH * HEIGHT * 3;
  const out: number[] = [];
  for (let k = 0; k < SOURCE_FRAMES; k++) {
    const data = bytes.subarray(k * frameBytes, (k + 1) * frameBytes);
    const input = await transformer.transform({ width: WIDTH, height: HEIGHT, data });
    const result = await session.run({ [session.inputNames[0]!]: input });
    const scores = result[session.outputNames[0]!]!.data as Float32Array;
    out.push(scores.indexOf(Math.max(...scores)));
  }
  await session.release();
  return out;
}

describe('couper run (stage processes over relays)', () => {
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-pipeline-test-'));
    rawFile = path.join(dir, 'frames.rgb');
    const video = await ensureDefaultVideo();
    const args = [
      '-loglevel',
      'error',
      '-i',
      video,
      '-frames:v',
      String(SOURCE_FRAMES),
      '-s',
      `${WIDTH}x${HEIGHT}`,
    ];
    const made = await runFfmpeg([...args, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-y', rawFile]);
    assert.equal(made.code, 0, made.stderr);
    model = ensureModel('squeezenet1_1');
    expected = await unslicedTop1();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives the unsliced top-1 on every processed frame, cut at three candidates (two at once) and unsplit', async () => {
    const twoCuts = await run(['c62f0ff4', 'ca6e725c']);
    assert.deepEqual(
      twoCuts.plan.stages.map((s) => s.name),
      ['camera', 'transformer', 'evaluator0', 'evaluator1', 'evaluator2', 'classifier'],
    );
    assert.equal(twoCuts.plan.cutId, 'c62f0ff4+ca6e725c');
    assertTop1(twoCuts);
    assertTop1(await run(['c2177880']));
    const whole = await run(['none']);
    assert.equal(whole.plan.stages.filter((s) => s.role === 'evaluator').length, 1);
    assertTop1(whole);
    // Bytes on the cut link are the cut tensor's: 1x64x55x55 float32 plus the message's framing.
    const link = twoCuts.summary.links.find((l) => l.from === 'evaluator0');
    assert.ok(link && link.bytesPerFrame >= 64 * 55 * 55 * 4 && link.bytesPerFrame < 64 * 55 * 55 * 4 + 1024);
  });

  it('reports the fp16 difference on the cut tensors and keeps the top-1', async () => {
    const report = await run(['c2e9ccfe'], { encoding: 'fp16' });
    assert.ok(report.fp16 !== null && report.fp16.maxAbs > 0 && report.fp16.maxRel <= 2 ** -11);
    const link = report.summary.links.find((l) => l.from === 'evaluator0');
    assert.ok(
      link && link.bytesPerFrame < (128 * 55 * 55 * 4) / 2 + 1024,
      `fp16 link carries ${link?.bytesPerFrame} B`,
    );
    assertTop1(report);
  });

  it('drops frames at the stage before a slow evaluator instead of queuing them', async () => {
    const delay = 300;
    const report = await run(['c2177880'], { fps: 20, frames: 30, stageDelay: { evaluator0: delay } });
    const s = report.summary;
    assert.ok(s.framesDropped > 0);
    // evaluator0 takes one frame per 300 ms while frames come every 50 ms: the transformer finds it full.
    assert.ok((s.droppedAt.transformer ?? 0) > s.framesDropped / 2, JSON.stringify(s.droppedAt));
    assert.ok((s.dropReasons.transformer?.full ?? 0) > 0);
    // With one queued frame at most, a frame waits for at most one frame's compute before its own.
    const compute = s.stages.evaluator0!.computeMs;
    assert.ok(compute >= delay);
    assert.ok(
      s.latencyMs !== null && s.latencyMs.p90 < 3 * compute,
      `p90 ${s.latencyMs?.p90} vs compute ${compute}`,
    );
  });

  it('fails with the stage named when a part cannot be loaded, and leaves no process', async () => {
    const bad = path.join(dir, 'broken.onnx');
    fs.writeFileSync(bad, 'not an onnx model');
    const prepared = await prepareRun(request(['none']));
    const stages = prepared.plan.stages.map((s) => (s.part ? { ...s, part: { ...s.part, file: bad } } : s));
    const broken: PreparedRun = { plan: { ...prepared.plan, stages }, slice: null };
    await assert.rejects(applyRun(broken), (err: unknown) => {
      assert.ok(err instanceof RuntimeError, String(err));
      assert.match(err.message, /^stage evaluator0: /);
      return true;
    });
    // ps itself shows up as a child while it runs; it is gone by now.
    assert.deepEqual(descendants(process.pid).filter(alive), []);
  });

  it('leaves no process behind (stages or ffmpeg) when interrupted with SIGINT', async () => {
    const bin = path.join(repoRoot(), 'bin', 'couper.js');
    const args = [
      bin,
      'run',
      '--model',
      model,
      '--split',
      'c2177880',
      '--fps',
      '8',
      '--camera-size',
      '160x120',
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const running = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('frames:')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await Promise.race([running, exited]);
    const pids = descendants(child.pid!);
    assert.ok(pids.length >= 6, `expected 5 stages and ffmpeg, found ${pids.length}: ${stderr}`);
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    assert.match(stderr, /couper: run interrupted by SIGINT/);
    assert.deepEqual(pids.filter(alive), []);
  });
});
