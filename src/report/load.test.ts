/**
 * Tests of reading an evaluation back for a report: what the evaluator writes
 * loads, and a hostile or foreign file is one line.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeFixtureEvaluation, type WrittenEvaluation } from '../../test/helpers/report-fixture.js';
import { ConfigError } from '../core/errors.js';
import { findEvaluations, loadEvaluation } from './load.js';

let tmp: string;
let ev: WrittenEvaluation;
before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-report-load-'));
  ev = await writeFixtureEvaluation('hybrid', { parent: tmp });
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A copy of the fixture's folder with one file replaced. */
function variant(name: string, file: 'results.json' | 'decision.json', text: string): string {
  const dir = path.join(tmp, name);
  fs.cpSync(ev.dir, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

function edited(
  name: string,
  file: 'results.json' | 'decision.json',
  edit: (v: Record<string, unknown>) => void,
): string {
  const value = JSON.parse(fs.readFileSync(path.join(ev.dir, file), 'utf8')) as Record<string, unknown>;
  edit(value);
  return variant(name, file, JSON.stringify(value));
}

/** The ConfigError message `fn` throws, checked to be one line. */
function oneLine(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `a ConfigError, not ${String(err)}`);
    assert.ok(!err.message.includes('\n'), `one line: ${err.message}`);
    return err.message;
  }
  assert.fail('no error');
}

describe('loading an evaluation', () => {
  it('reads back what the evaluator wrote', () => {
    const loaded = loadEvaluation(ev.dir);
    assert.equal(loaded.decision.chosen?.key, ev.decision.chosen?.key);
    assert.equal(loaded.results.runs.length, 3 + ev.evaluation.runs.length);
    assert.equal(loaded.results.setup?.candidates.length, ev.setup.candidates.length);
    assert.equal(loaded.results.setup?.operators?.ops.length, ev.setup.operators?.ops.length);
    assert.deepEqual(loaded.decision.candidates.pruned, ev.decision.candidates.pruned);
  });

  it('says in one line what is wrong with a hostile or foreign file', () => {
    assert.match(
      oneLine(() => loadEvaluation(variant('cut', 'results.json', '{"model": "x", "ru'))),
      /results\.json' is not JSON/,
    );
    assert.match(
      oneLine(() =>
        loadEvaluation(edited('type', 'results.json', (v) => ((v.runs as unknown[])[1] = { key: 3 }))),
      ),
      /results\.json: \d+ problems in the results .*first: results\.runs\[1\]\.key: must be a string, not 3/,
    );
    assert.match(
      oneLine(() => loadEvaluation(variant('array', 'decision.json', '[1, 2]'))),
      /decision\.json: 1 problem/,
    );
    assert.match(
      oneLine(() => loadEvaluation(edited('other', 'decision.json', (v) => (v.method = 'strongman')))),
      /are for different evaluations \(method "hybrid" against "strongman"\)/,
    );
    assert.match(
      oneLine(() =>
        loadEvaluation(
          edited('ghost', 'decision.json', (v) => ((v.chosen as Record<string, unknown>).key = 'cdeadbe')),
        ),
      ),
      /chose 'cdeadbe', which results\.json has no run of/,
    );
    fs.mkdirSync(path.join(tmp, 'half'));
    fs.copyFileSync(path.join(ev.dir, 'decision.json'), path.join(tmp, 'half', 'decision.json'));
    assert.match(
      oneLine(() => loadEvaluation(path.join(tmp, 'half'))),
      /results\.json' cannot be read: ENOENT/,
    );
  });

  it('finds the folder itself, or the evaluations in its subfolders', async () => {
    assert.deepEqual(findEvaluations(ev.dir), [ev.dir]);
    const bench = path.join(tmp, 'bench');
    await writeFixtureEvaluation('strongman', { parent: path.join(bench, 'squeezenet1_1-mid-end') });
    await writeFixtureEvaluation('comm-slim', { parent: path.join(bench, 'squeezenet1_1-mid-end') });
    assert.deepEqual(
      findEvaluations(bench).map((d) => path.relative(bench, d)),
      ['squeezenet1_1-mid-end/comm-slim', 'squeezenet1_1-mid-end/strongman'],
    );
    assert.match(
      oneLine(() => findEvaluations(path.join(tmp, 'nothing-here'))),
      /is not a folder/,
    );
    fs.mkdirSync(path.join(tmp, 'empty'));
    assert.match(
      oneLine(() => findEvaluations(path.join(tmp, 'empty'))),
      /holds no evaluation/,
    );
  });
});
