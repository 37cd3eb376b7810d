/**
 * `couper evaluate` end to end with the real pipeline profiler: squeezenet1_1
 * on the mid-end preset, the sample plug-in method (three candidates), a
 * handful of frames per run; then --resume, which must reuse every run.
 * (Until the orchestrator stages tiers, every run is on this host: see
 * pipeline-profiler.ts. The assertions are about the evaluation, not speed.)
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Decision } from '../../src/evaluate/decision.js';
import type { RunRecord } from '../../src/evaluate/types.js';
import { runCouper, type CliResult } from '../helpers/cli.js';
import { ensureModel, repoRoot } from '../helpers/models.js';

let out: string;
let model: string;
before(() => {
  model = ensureModel('squeezenet1_1');
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-evaluate-e2e-'));
});
after(() => fs.rmSync(out, { recursive: true, force: true }));

function couper(args: string[]): CliResult {
  return runCouper(args, path.join(out, 'cache'));
}

const ARGS = (): string[] => [
  'evaluate',
  '--model',
  model,
  '--infra',
  'mid-end',
  '--method',
  path.join(repoRoot(), 'test', 'fixtures', 'methods', 'smallest-cuts.js'),
  '--objective',
  'latency',
  '--out',
  out,
  '--frames',
  '4',
  '--warmup',
  '1',
  // A slow camera and a low bar: the 2-core host may be busy, and this test is about the evaluation.
  '--fps',
  '4',
  '--min-frames',
  '1',
  // Two re-stages at most: enough to see the referee's second look, little time.
  '--confidence-budget',
  '2',
  // Staged on the preset's tiers: the cloud's GPUs become its CPU share, and one
  // core per tier keeps time dilation small on a 2-core host.
  '--gpu-substitute',
  'cpu',
  '--max-tier-cores',
  '1',
  '--json',
];

describe('couper evaluate (real pipeline)', () => {
  let first: Decision;

  it("stages the baselines and the method's candidates and writes results, decision and journal", () => {
    const r = couper(ARGS());
    assert.equal(r.status, 0, r.stderr);
    first = JSON.parse(r.stdout) as Decision;
    assert.ok(['clear', 'tie'].includes(first.certainty.verdict));
    assert.ok(first.certainty.extraRuns.length <= 2);
    assert.match(r.stderr, /\d+\/\d+ .* best /); // the progress line
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as {
      runs: RunRecord[];
      repeats: RunRecord[];
    };
    assert.equal(results.repeats.length, first.certainty.extraRuns.length);
    const keys = results.runs.map((x) => x.key);
    assert.deepEqual(keys.slice(0, 3), ['client-only', 'edge-only', 'cloud-only']);
    assert.equal(keys.length, 3 + first.candidates.staged.length);
    assert.ok(first.candidates.staged.length >= 1 && first.candidates.staged.length <= 3);
    for (const run of results.runs) {
      assert.notEqual(run.status, 'failed', `${run.key}: ${run.reason}`);
      // A split the referee re-staged holds its runs pooled.
      assert.equal(run.metrics!.framesProduced, 4 * (run.runs ?? 1));
      assert.ok(
        run.metrics!.latencyMs === null || run.metrics!.latencyMs.meanCi[0] <= run.metrics!.latencyMs.mean,
      );
    }
    const usable = results.runs.filter((x) => x.status === 'ok');
    assert.ok(usable.every((x) => x.metrics!.latencyMs!.mean > 0));
    if (usable.length > 0)
      assert.ok(first.chosen !== null && usable.some((x) => x.key === first.chosen!.key));
    assert.equal(first.candidates.listed, 31);
    const journal = fs.readFileSync(path.join(out, 'journal.jsonl'), 'utf8').trim().split('\n');
    assert.equal(journal.length, 1 + keys.length);
  });

  it('resumes without staging anything again and reaches the same decision', () => {
    const r = couper([...ARGS(), '--resume']);
    assert.equal(r.status, 0, r.stderr);
    const again = JSON.parse(r.stdout) as Decision;
    assert.equal(again.reusedFromJournal.length, 3 + first.candidates.staged.length);
    assert.equal(again.chosen?.key, first.chosen?.key);
    // The re-stages come back from the run cache: the same contenders, the same verdict.
    assert.equal(again.certainty.verdict, first.certainty.verdict);
    assert.deepEqual(
      again.certainty.contenders.map((c) => c.key),
      first.certainty.contenders.map((c) => c.key),
    );
    assert.deepEqual(again.candidates.staged, first.candidates.staged);
  });
});

describe('couper auto: bad input is one line and a non-zero exit, before anything is staged', () => {
  it('names a missing model before the accelerators the host lacks', () => {
    const r = couper(['auto', 'no-such-model.onnx', '--infra', 'mid-end', '--out', path.join(out, 'x')]);
    assert.notEqual(r.status, 0);
    assert.equal(r.stderr.trim(), "couper: model file 'no-such-model.onnx' does not exist");
  });

  it('refuses an --out that is a file, and leaves the file as it was', () => {
    const file = path.join(out, 'a-file');
    fs.writeFileSync(file, 'keep');
    const r = couper(['auto', model, '--infra', 'mid-end', '--gpu-substitute', 'cpu', '--out', file]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(
      r.stderr.trim().split('\n').pop()!,
      /^couper: --out '.*a-file' is an existing file, not a folder; name a folder$/,
    );
    assert.equal(fs.readFileSync(file, 'utf8'), 'keep');
  });
});
