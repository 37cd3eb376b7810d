/** Tests of what a failing run says it measured, and how stage failures become named errors. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ModelError, RunFailedError, TerminatedError, TransportError, UsageError } from '../core/errors.js';
import { RunProgress } from './progress.js';
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
