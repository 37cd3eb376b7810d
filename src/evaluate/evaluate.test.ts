/** Tests of the evaluation loop with a test-double profiler: journal, resume, failures, plug-in methods. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PluginError } from '../core/errors.js';
import { fakeFor, runMethod, squeezenetFixture, type Fixture } from '../../test/helpers/evaluation.js';
import { repoRoot } from '../../test/helpers/models.js';
import { makeDecision } from './decision.js';
import type { Evaluation } from './evaluate.js';
import { openJournal } from './journal.js';

let f: Fixture;
let tmp: string;
before(async () => {
  f = await squeezenetFixture();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-eval-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const HEADER = {
  model: 'squeezenet1_1',
  infra: 'mid-end',
  method: 'strongman',
  objective: 'latency',
  frames: 20,
};
const chosen = (ev: Evaluation): string | undefined =>
  makeDecision({ ...HEADER, constraints: {}, objective: 'latency', listed: 31 }, ev).chosen?.key;
const fixture = (name: string): string => path.join(repoRoot(), 'test', 'fixtures', 'methods', name);

describe('evaluate', () => {
  it('resumes an interrupted evaluation with the same decision, restaging nothing finished', async () => {
    const dir = path.join(tmp, 'resume');
    const controller = new AbortController();
    const first = fakeFor(f, { abortOnCall: { call: 10, controller } });
    await assert.rejects(
      runMethod(f, 'strongman', first, {
        journal: openJournal(dir, HEADER, false),
        signal: controller.signal,
      }),
      /interrupted/,
    );
    assert.equal(first.calls.length, 10);
    const second = fakeFor(f);
    const resumed = await runMethod(f, 'strongman', second, { journal: openJournal(dir, HEADER, true) });
    // Nine runs finished before the interruption; the tenth is staged again, with the rest.
    assert.equal(resumed.reused.length, 9);
    assert.equal(second.calls.length, 34 - 9);
    assert.deepEqual(second.calls[0], first.calls[9]);
    assert.ok(!second.calls.some((k) => first.calls.slice(0, 9).includes(k)));
    const fresh = await runMethod(f, 'strongman', fakeFor(f));
    assert.equal(chosen(resumed), chosen(fresh));
    assert.equal(chosen(resumed), 'c592fb7c');
  });

  it('refuses to resume a journal made for something else, or to overwrite one', () => {
    const dir = path.join(tmp, 'resume');
    assert.throws(
      () => openJournal(dir, { ...HEADER, method: 'hybrid' }, true),
      /is for method "strongman", not "hybrid"/,
    );
    assert.throws(() => openJournal(dir, HEADER, false), /pass --resume/);
  });

  it('records a failing candidate with its reason and goes on', async () => {
    const profiler = fakeFor(f, { failing: ['c592fb7c', 'cloud-only'] });
    const ev = await runMethod(f, 'strongman', profiler);
    assert.equal(ev.runs.length, 31);
    const failed = ev.runs.find((r) => r.key === 'c592fb7c')!;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.reason, 'stage evaluator0: c592fb7c broke');
    assert.equal(ev.baselines.find((b) => b.key === 'cloud-only')!.status, 'failed');
    // The tie partner wins now that the first is out.
    assert.equal(chosen(ev), 'c0e53739');
  });

  it('marks runs with too few processed frames insufficient and never chooses them', async () => {
    // --max-frames equal to --frames: no run is staged again with more.
    const ev = await runMethod(f, 'strongman', fakeFor(f), { minFrames: 17, maxFrames: 20 });
    const client = ev.baselines.find((b) => b.key === 'client-only')!;
    assert.equal(client.status, 'insufficient');
    assert.match(
      client.reason!,
      /^2 of 20 frames processed, fewer than the 17 needed; at this rate --frames 170 would give them$/,
    );
    // Every split drops at least 20% here (the input tensor fills the client–edge link): none has 17 of 20.
    assert.equal(chosen(ev), undefined);
  });

  it('stages an insufficient run once more with the frames it needs, within --max-frames', async () => {
    const profiler = fakeFor(f);
    const ev = await runMethod(f, 'strongman', profiler, { minFrames: 17, maxFrames: 160 });
    // client-only processed 2 of 20: 170 frames at that rate, more than 160, so it stays out.
    const client = ev.baselines.find((b) => b.key === 'client-only')!;
    assert.equal(client.status, 'insufficient');
    assert.equal(profiler.calls.filter((k) => k === 'client-only').length, 1);
    // A split that processed k of 20 is staged again with ceil(17 × 20 / k × 1.25) frames (at most 160) and counts.
    const extended = [...ev.runs, ...ev.baselines].filter((r) =>
      r.notes?.some((n) => n.startsWith('staged again with')),
    );
    assert.ok(extended.length > 0);
    for (const r of extended) {
      assert.equal(r.status, 'ok', r.key);
      assert.ok(r.metrics!.framesProcessed >= 17, `${r.key}: ${r.metrics!.framesProcessed}`);
      assert.equal(profiler.calls.filter((k) => k === r.key).length, 2, r.key);
    }
    for (const r of extended) {
      const m =
        /^staged again with --frames (\d+): its first run processed (\d+) of 20 frames, fewer than the 17 needed$/.exec(
          r.notes!.at(-1)!,
        );
      assert.ok(m, r.notes!.at(-1));
      assert.equal(Number(m[1]), Math.min(160, Math.ceil(((17 * 20) / Number(m[2])) * 1.25)));
      assert.equal(r.metrics!.framesProduced, Number(m[1]));
    }
    assert.ok(chosen(ev) !== undefined);
  });

  it('does not stage again an insufficient run whose few frames put it far behind the best so far', async () => {
    const profiler = fakeFor(f);
    const ev = await runMethod(f, 'strongman', profiler, { minFrames: 17, maxFrames: 400 });
    const all = [...ev.baselines, ...ev.runs];
    const best = all.find((r) => r.key === chosen(ev))!;
    const skipped = all.filter((r) => r.notes?.some((n) => n.startsWith('not staged again')));
    assert.ok(skipped.length > 0);
    for (const r of skipped) {
      assert.equal(r.status, 'insufficient', r.key);
      assert.equal(profiler.calls.filter((k) => k === r.key).length, 1, r.key);
      // Past 1.5× the best at the time it ran, so past it now too.
      assert.ok(r.metrics!.latencyMs!.mean > 1.5 * best.metrics!.latencyMs!.mean, r.key);
      assert.match(
        r.notes!.at(-1)!,
        /^not staged again with more frames: the \d+ it processed put its mean latency at \d+\.\d ms, \d+\.\d× the best run so far \(\w+(-only)?, \d+\.\d ms\)$/,
      );
    }
  });

  it('runs a plug-in method loaded from a file', async () => {
    const profiler = fakeFor(f);
    const ev = await runMethod(f, fixture('smallest-cuts.js'), profiler);
    assert.deepEqual(ev.kept, ['cbce6b92', 'c0a55fda', 'c97644ad']); // input-side order
    assert.deepEqual(
      ev.runs.map((r) => r.key),
      ['c97644ad', 'c0a55fda', 'cbce6b92'],
    ); // the plug-in's order
    assert.equal(ev.stopReason, 'every kept candidate was staged');
    // None of these splits beats running the whole DNN in the cloud.
    assert.equal(chosen(ev), 'cloud-only');
  });

  it('rejects a plug-in that picks something that is not a candidate', async () => {
    await assert.rejects(runMethod(f, fixture('bad-pick.js'), fakeFor(f)), (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.match(err.message, /method 'bad-pick' returned 'c0000000', which is not a candidate/);
      return true;
    });
  });
});
