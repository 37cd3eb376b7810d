/** Tests of what a failing run says it measured, and how stage failures become named errors. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ModelError, RunFailedError, TerminatedError, TransportError, UsageError } from '../core/errors.js';
import type { ChildProcess } from 'node:child_process';
import type { FromStage, StageStats, ToStage } from '../pipeline/messages.js';
import type { StageProcess } from './processes.js';
import { measuredLatency, RunProgress } from './progress.js';
import { stageError } from './stage-failures.js';

describe('run progress', () => {
  test('before the camera starts, a failure says so and keeps its class', () => {
    const p = new RunProgress();
    const err = p.annotate(new RunFailedError('stage camera (pid 7, on this machine) died (SIGKILL)'));
    assert.ok(err instanceof RunFailedError);
    assert.equal(
      err.message,
      'stage camera (pid 7, on this machine) died (SIGKILL); before the camera started',
    );
    // A user's mistake before anything ran needs no figures.
    const usage = new UsageError('bad');
    assert.equal(p.annotate(usage), usage);
  });

  test('after it starts, the last status is on the line, and signals keep their exit status', () => {
    const p = new RunProgress();
    p.started();
    p.update({ emitted: 120, results: 95, dropped: 2, finished: false }, 3);
    const failed = p.annotate(
      new RunFailedError('link emulator client→edge (pid 9, on tier client) died (SIGKILL)'),
    );
    assert.match(
      failed.message,
      /^link emulator client→edge \(pid 9, on tier client\) died \(SIGKILL\); until then: 120 frames emitted, 95 processed, 3 dropped in \d+\.\d s$/,
    );
    const term = p.annotate(new TerminatedError('run interrupted by SIGTERM'));
    assert.ok(term instanceof TerminatedError);
    const model = p.annotate(new ModelError('stage evaluator0: bad part'));
    assert.ok(model instanceof ModelError);
    assert.match(model.message, /^stage evaluator0: bad part; until then: 120 frames emitted/);
  });
});

/** A camera double that answers `stop` with these records (or, when `stats` is null, dies). */
function camera(stats: StageStats | null): StageProcess & { sent: ToStage[] } {
  const sent: ToStage[] = [];
  const child = { exitCode: null, signalCode: null } as unknown as ChildProcess;
  return {
    name: 'camera',
    child,
    sent,
    send: (m) => void sent.push(m),
    next: <T extends FromStage['type']>(type: T) =>
      stats && type === 'stats'
        ? Promise.resolve({ type: 'stats', stats } as Extract<FromStage, { type: T }>)
        : Promise.reject(new Error('died')),
  };
}

const RECORDS: StageStats = {
  stage: 'camera',
  records: [],
  drops: [],
  // Frames 0–1 warm up; 2–5 measured, of which 5 never came back.
  captures: [0, 1, 2, 3, 4, 5].map((i) => ({
    frameId: i,
    sourceIndex: i,
    captureMs: i * 100,
    warmup: i < 2,
  })),
  results: [
    { frameId: 0, resultMs: 500, result: {} },
    { frameId: 1, resultMs: 600, result: {} },
    { frameId: 2, resultMs: 260, result: {} },
    { frameId: 3, resultMs: 340, result: {} },
    { frameId: 4, resultMs: 490, result: {} },
  ],
};

describe('what a failing run measured', () => {
  test('latency is capture to result over the measured frames that came back, undilated', () => {
    // 60, 40, 90 ms in the staging area's time; dilation 2 halves them.
    assert.deepEqual(measuredLatency(RECORDS, 1), { frames: 3, meanMs: 190 / 3, p50Ms: 60 });
    assert.deepEqual(measuredLatency(RECORDS, 2), { frames: 3, meanMs: 95 / 3, p50Ms: 30 });
    assert.equal(measuredLatency({ ...RECORDS, results: [RECORDS.results![0]!] }, 1), null);
  });

  test("the camera's own records add the latency and the counts at this moment", async () => {
    const p = new RunProgress();
    p.started();
    p.update({ emitted: 4, results: 3, dropped: 0, finished: false }, 1);
    const cam = camera(RECORDS);
    await p.settle(cam, 1);
    assert.deepEqual(cam.sent, [{ type: 'stop' }]);
    assert.match(
      p.describe(),
      /^until then: 6 frames emitted, 5 processed \(latency mean 63\.3 ms, p50 60\.0 ms over 3 measured\), 1 dropped in \d+\.\d s$/,
    );
  });

  test('a camera that cannot answer leaves the last poll standing; one never started is not asked', async () => {
    const p = new RunProgress();
    const unasked = camera(RECORDS);
    await p.settle(unasked, 1);
    assert.deepEqual(unasked.sent, []);
    p.started();
    p.update({ emitted: 4, results: 3, dropped: 0, finished: false }, 1);
    await p.settle(camera(null), 1);
    assert.match(p.describe(), /^until then: 4 frames emitted, 3 processed, 1 dropped in /);
  });
});

describe('stage failures', () => {
  const placeOf = (stage: string) => (stage === 'evaluator0' ? 'on tier edge' : 'on this machine');

  test('an error a stage reports keeps its name; a death or silence is a RunFailedError saying where', () => {
    const reported = stageError('relay0', 'TransportError', 'connection refused', 'error', placeOf);
    assert.ok(reported instanceof TransportError);
    assert.equal(reported.message, 'stage relay0: connection refused');
    const silent = stageError(
      'evaluator0',
      'RuntimeError',
      "stopped answering (no 'status' within 10 s)",
      'timeout',
      placeOf,
      42,
    );
    assert.ok(silent instanceof RunFailedError);
    assert.equal(
      silent.message,
      "stage evaluator0 (pid 42, on tier edge) stopped answering (no 'status' within 10 s)",
    );
    const ffmpeg = stageError(
      'camera',
      'RunFailedError',
      'the video decoder ffmpeg (pid 5) died (SIGKILL)',
      'error',
      placeOf,
    );
    assert.ok(ffmpeg instanceof RunFailedError);
    assert.equal(
      ffmpeg.message,
      'stage camera (on this machine): the video decoder ffmpeg (pid 5) died (SIGKILL)',
    );
  });
});
