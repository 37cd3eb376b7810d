/**
 * Tests of writing report pages: self-contained, escaped, one page over a
 * folder of evaluations, and a one-line error for an output it cannot write.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeFixtureEvaluation, type WrittenEvaluation } from '../../test/helpers/report-fixture.js';
import { marksIn } from '../../test/helpers/svg-marks.js';
import { escapeHtml } from './html.js';
import { REPORT_FILE, writeReport } from './write.js';

let tmp: string;
let ev: WrittenEvaluation;
before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-report-write-'));
  ev = await writeFixtureEvaluation('hybrid', { parent: tmp, failing: ['edge-only'] });
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const URL_ATTRIBUTES = new Set([
  'src',
  'href',
  'xlink:href',
  'action',
  'srcset',
  'poster',
  'data',
  'formaction',
]);

/** Every URL-bearing attribute of a tag in the page, and any element, handler or style that could fetch or run something. */
function outsideReferences(html: string): string[] {
  const tags = [
    ...html.matchAll(/<([a-zA-Z][\w:-]*)((?:\s+[\w:-]+(?:=(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*\/?>/g),
  ];
  const found: string[] = [];
  for (const [tag, name, attributes] of tags) {
    if (/^(script|img|link|iframe|object|embed|base|audio|video|source)$/i.test(name!)) found.push(tag);
    for (const [, key, value] of attributes!.matchAll(/\s([\w:-]+)(?:=("[^"]*"|'[^']*'|[^\s>"']+))?/g)) {
      const url = (value ?? '').replace(/^["']|["']$/g, '');
      if (URL_ATTRIBUTES.has(key!.toLowerCase()) && !url.startsWith('#')) found.push(`${key}=${url}`);
      if (/^on/i.test(key!)) found.push(`${key}=${url}`);
    }
  }
  const css = [...html.matchAll(/url\(|@import/gi)].map((m) => m[0]);
  return [...found, ...css];
}

describe('writing a report', () => {
  it('writes one self-contained page beside decision.json that fetches nothing', async () => {
    const written = await writeReport(ev.dir);
    assert.equal(written.file, path.join(ev.dir, REPORT_FILE));
    const html = fs.readFileSync(written.file, 'utf8');
    assert.equal(written.bytes, Buffer.byteLength(html));
    assert.deepEqual(outsideReferences(html), []);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    assert.equal(written.charts, 4);
    assert.equal([...html.matchAll(/<figure /g)].length, 4);
    assert.equal(marksIn(html, 'candidates'), ev.decision.candidates.listed);
    // The decision's sentence, with the chosen key as data for tools.
    assert.match(
      html,
      new RegExp(`<p class="decision" data-chosen="${ev.decision.chosen!.key}">Cut squeezenet1_1 at `),
    );
    assert.match(html, /edge-only had no usable figures \(failed\)/);
  });

  it('escapes whatever the files hold', async () => {
    const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
    const dir = path.join(tmp, 'hostile');
    fs.cpSync(ev.dir, dir, { recursive: true });
    for (const file of ['results.json', 'decision.json']) {
      const value = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
      value.model = `${hostile}.onnx`;
      value.infra = hostile;
      fs.writeFileSync(path.join(dir, file), JSON.stringify(value));
    }
    const results = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as {
      runs: { reason?: string }[];
      setup: { candidates: { tensors: string[] }[] };
    };
    results.runs[1]!.reason = hostile;
    results.setup.candidates[0]!.tensors = [hostile];
    fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify(results));
    const html = fs.readFileSync((await writeReport(dir)).file, 'utf8');
    assert.deepEqual(outsideReferences(html), []);
    assert.ok(html.includes(escapeHtml(hostile)));
    assert.ok(!html.includes('<script>alert(1)'));
  });

  it('writes one page over a folder of evaluations, a section per case', async () => {
    const bench = path.join(tmp, 'bench');
    for (const method of ['strongman', 'hybrid', 'comm-slim'])
      await writeFixtureEvaluation(method, { parent: path.join(bench, 'squeezenet1_1-mid-end') });
    const written = await writeReport(bench);
    assert.equal(written.evaluations, 3);
    const html = fs.readFileSync(written.file, 'utf8');
    assert.equal([...html.matchAll(/<section id="case\d+" class="case">/g)].length, 1);
    assert.equal(marksIn(html, 'method_staged'), 3);
    // Strongman's evaluation, which staged every candidate, is the one in full.
    assert.match(html, /In full below: strongman&#39;s evaluation/);
    assert.deepEqual(outsideReferences(html), []);
  });

  it('refuses an output it cannot write in one line', async () => {
    await assert.rejects(writeReport(ev.dir, path.join(tmp, 'no', 'such', 'report.html')), (err: Error) => {
      assert.match(err.message, /^report '.*report\.html' cannot be written: ENOENT/);
      assert.ok(!err.message.includes('\n'));
      return true;
    });
  });
});
