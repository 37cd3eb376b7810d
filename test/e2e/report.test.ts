/**
 * The HTML report of a real evaluation, opened in a real browser: `couper
 * evaluate` (squeezenet1_1 on mid-end, the sample plug-in method, a handful
 * of frames per run, unstaged so it needs no root) writes report.html beside
 * decision.json; headless Chromium opens it from disk and the test checks
 * that nothing errs, no request leaves the page, every chart has one mark
 * per candidate, run, stage part and operator, and the decision's text says
 * what decision.json says. Then `couper report` rebuilds the same page, a
 * page that cannot be written after an evaluation is a warning (the decision
 * stands), hostile input gets one line, and `couper run --report` writes a
 * run's page.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Decision } from '../../src/evaluate/decision.js';
import type { ResultsFile } from '../../src/evaluate/results.js';
import { withPage } from '../helpers/browser.js';
import { runCouper, type CliResult } from '../helpers/cli.js';
import { ensureModel, repoRoot } from '../helpers/models.js';
import { skipUnless } from '../helpers/needs.js';

let out: string;
let model: string;
before(() => {
  model = ensureModel('squeezenet1_1');
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-report-e2e-'));
});
after(() => fs.rmSync(out, { recursive: true, force: true }));

function couper(args: string[]): CliResult {
  return runCouper(args, path.join(out, 'cache'));
}

const evaluation = (): string => path.join(out, 'evaluation');
const read = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(evaluation(), file), 'utf8')) as T;

function evaluateArgs(dir: string): string[] {
  const method = path.join(repoRoot(), 'test', 'fixtures', 'methods', 'smallest-cuts.js');
  return [
    ...['--model', model, '--infra', 'mid-end', '--method', method, '--out', dir],
    // A slow camera and a low bar: the 2-core host may be busy; this test is about the report.
    ...['--frames', '4', '--warmup', '1', '--fps', '4', '--min-frames', '1', '--unstaged'],
    // No re-stages: this test is about the report, and a tie is reported as plainly as a clear decision.
    ...['--confidence-budget', '0'],
  ];
}

async function marks(page: Page, chart: string, layer: string): Promise<number> {
  return page.locator(`figure[data-chart="${chart}"] svg g.${layer}_marks > *`).count();
}

describe('the HTML report of a real evaluation', () => {
  it('is written beside decision.json by couper evaluate', () => {
    const r = couper(['evaluate', ...evaluateArgs(evaluation())]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`report: ${evaluation()}/report\\.html`));
    assert.ok(fs.statSync(path.join(evaluation(), 'report.html')).size > 10_000);
  });

  it(
    'opens in Chromium with no error, no request, every mark and the decision of decision.json',
    { skip: skipUnless('chromium') },
    async () => {
      const decision = read<Decision>('decision.json');
      const results = read<ResultsFile>('results.json');
      const chosen = decision.chosen!;
      const chosenRun = results.runs.find((r) => r.key === chosen.key)!;
      await withPage(path.join(evaluation(), 'report.html'), async (page, watch) => {
        assert.deepEqual(watch.consoleErrors, []);
        assert.deepEqual(watch.pageErrors, []);
        assert.deepEqual(watch.blocked, []);
        const figures = await page.locator('figure[data-chart]').all();
        const charts = await Promise.all(figures.map((f) => f.getAttribute('data-chart')));
        assert.deepEqual(charts, ['cut-profile', 'runs', 'stages', 'operators']);
        for (const chart of charts)
          assert.equal(await page.locator(`figure[data-chart="${chart}"] svg`).count(), 1);
        assert.equal(await marks(page, 'cut-profile', 'candidates'), decision.candidates.listed);
        assert.equal(await marks(page, 'cut-profile', 'capacity'), 1);
        assert.equal(await marks(page, 'runs', 'run_labels'), 3 + decision.candidates.staged.length);
        const withLatency = results.runs.filter((r) => r.metrics?.latencyMs).length;
        assert.equal(await marks(page, 'runs', 'latency_mean'), withLatency);
        assert.equal(
          await marks(page, 'stages', 'segments'),
          4 * Object.keys(chosenRun.metrics!.stages).length,
        );
        assert.equal(await marks(page, 'operators', 'ops'), results.setup!.operators!.ops.length);
        // The same numbers in a table under each chart.
        assert.equal(
          await page.locator('figure[data-chart="cut-profile"] tbody tr').count(),
          decision.candidates.listed,
        );
        assert.equal(await page.locator('figure[data-chart="runs"] tbody tr').count(), results.runs.length);

        const sentence = page.locator('p.decision');
        assert.equal(await sentence.getAttribute('data-chosen'), chosen.key);
        const text = (await sentence.textContent()) ?? '';
        assert.ok(text.includes(chosen.key), text);
        assert.ok(text.includes(`mean latency ${chosen.value.toFixed(1)} ms`), text);
        for (const [name, b] of Object.entries(decision.baselines)) {
          if (name === chosen.key) continue;
          const expected =
            b.improvement === null
              ? b.status === 'ok'
                ? `${name} (`
                : `${name} had no usable figures (${b.status})`
              : `${(Math.abs(b.improvement) * 100).toFixed(1)}% ${b.improvement >= 0 ? 'lower' : 'higher'} than ${name} (${b.value!.toFixed(1)} ms)`;
          assert.ok(text.includes(expected), `${expected} in: ${text}`);
        }
        const counts = (await page.locator('p.counts').textContent()) ?? '';
        assert.ok(
          counts.startsWith(
            `smallest-cuts listed ${decision.candidates.listed} candidates, pruned ${decision.candidates.pruned.length} and staged ${decision.candidates.staged.length}`,
          ),
          counts,
        );
      });
    },
  );

  it('is rebuilt the same by couper report', () => {
    const again = path.join(out, 'again.html');
    const r = couper(['report', evaluation(), '--out', again]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^report of one evaluation, 4 charts, .*again\.html\n$/);
    assert.equal(
      fs.readFileSync(again, 'utf8'),
      fs.readFileSync(path.join(evaluation(), 'report.html'), 'utf8'),
    );
  });

  it('is a warning, not a failure, when it cannot be written after the evaluation', () => {
    const again = path.join(out, 'resumed');
    fs.mkdirSync(again);
    fs.copyFileSync(path.join(evaluation(), 'journal.jsonl'), path.join(again, 'journal.jsonl'));
    fs.mkdirSync(path.join(again, 'report.html'));
    const r = couper(['evaluate', ...evaluateArgs(again), '--resume']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /warning: report\.html not written \(.*\); `couper report .*resumed` tries again/);
    assert.match(r.stdout, /^best for latency: /);
    assert.doesNotMatch(r.stdout, /report: /);
    assert.ok(fs.existsSync(path.join(again, 'decision.json')));
  });

  it('says what is wrong with a broken evaluation in one line, exit 1', () => {
    const broken = path.join(out, 'broken');
    fs.cpSync(evaluation(), broken, { recursive: true });
    fs.writeFileSync(path.join(broken, 'results.json'), '{"model": 1}');
    const r = couper(['report', broken]);
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /^couper: .*results\.json: \d+ problems in the results \(not an evaluation couper wrote\?\); first: results\.model: must be a string, not 1\n$/,
    );
    const missing = couper(['report', path.join(out, 'no-such-folder')]);
    assert.equal(missing.status, 1);
    assert.equal(missing.stderr, `couper: '${path.join(out, 'no-such-folder')}' is not a folder\n`);
  });
});

describe('the HTML report of a run', () => {
  it(
    'shows every measured frame, dropped ones apart, and opens cleanly',
    { skip: skipUnless('chromium') },
    async () => {
      const page = path.join(out, 'run.html');
      const records = path.join(out, 'frames.jsonl');
      const decision = read<Decision>('decision.json');
      const split = decision.candidates.staged[0]!;
      const r = couper([
        'run',
        '--model',
        model,
        '--split',
        split,
        '--frames',
        '8',
        '--fps',
        '6',
        '--report',
        page,
        '--records',
        records,
        '--json',
      ]);
      assert.equal(r.status, 0, r.stderr);
      const frames = fs
        .readFileSync(records, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { status: string });
      const processed = frames.filter((f) => f.status === 'processed').length;
      await withPage(page, async (p, watch) => {
        assert.deepEqual([watch.consoleErrors, watch.pageErrors, watch.blocked], [[], [], []]);
        assert.equal(await marks(p, 'frames', 'frames_processed'), processed);
        const dropped = frames.length - processed;
        assert.equal(
          await p.locator('figure[data-chart="frames"] svg g.frames_dropped_marks > *').count(),
          dropped,
        );
        assert.equal(await marks(p, 'run-stages', 'segments'), 4 * 5);
        assert.match(
          (await p.locator('p.decision').textContent()) ?? '',
          new RegExp(`^${frames.length} frames measured: ${processed} processed`),
        );
      });
    },
  );
});
