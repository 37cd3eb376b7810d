/**
 * Writing reports: read and check the inputs, build the report model, render
 * its charts to SVG and write the page (to a temporary name, then renamed,
 * so a page is never seen half written). The only side effects of the layer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, describeError } from '../core/errors.js';
import { casesOf } from './cases-model.js';
import type { Chart } from './chart.js';
import { evaluationCharts } from './evaluation-page.js';
import { evaluationView } from './evaluation-model.js';
import { findEvaluations, loadEvaluation } from './load.js';
import { casesCharts, casesPage, evaluationPage, runCharts, runPage } from './pages.js';
import { runView, type RunInput } from './run-model.js';
import { renderSvg } from './vega.js';

export const REPORT_FILE = 'report.html';

export interface WrittenReport {
  readonly file: string;
  readonly bytes: number;
  /** Evaluations the page covers (1 for one evaluation or a run). */
  readonly evaluations: number;
  readonly charts: number;
}

/** report.html for DIR: one evaluation, or every evaluation in its subfolders (a bench:methods run). */
export async function writeReport(dir: string, file = path.join(dir, REPORT_FILE)): Promise<WrittenReport> {
  const found = findEvaluations(dir);
  if (found.length === 1 && found[0] === dir) return writeEvaluationReport(dir, file);
  const cases = casesOf(found.map(loadEvaluation));
  const charts = casesCharts(cases);
  const svgs = await Promise.all(charts.map(renderAll));
  const html = casesPage(dir, cases, svgs);
  return { ...writePage(file, html), evaluations: found.length, charts: charts.flat().length };
}

export async function writeEvaluationReport(
  dir: string,
  file = path.join(dir, REPORT_FILE),
): Promise<WrittenReport> {
  const view = evaluationView(loadEvaluation(dir));
  const charts = evaluationCharts(view);
  const html = evaluationPage(view, await renderAll(charts));
  return { ...writePage(file, html), evaluations: 1, charts: charts.length };
}

export async function writeRunReport(file: string, report: RunInput): Promise<WrittenReport> {
  const view = runView(report);
  const charts = runCharts(view);
  const html = runPage(view, await renderAll(charts));
  return { ...writePage(file, html), evaluations: 1, charts: charts.length };
}

/** One at a time: Vega's views are synchronous work, so running them together would only interleave it. */
async function renderAll(charts: readonly Chart[]): Promise<string[]> {
  const out: string[] = [];
  for (const chart of charts) out.push((await renderSvg(chart.spec)).svg);
  return out;
}

function writePage(file: string, html: string): { file: string; bytes: number } {
  const tmp = `${file}.tmp`;
  try {
    fs.writeFileSync(tmp, html);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new ConfigError(`report '${file}' cannot be written: ${describeError(err)}`);
  }
  return { file, bytes: Buffer.byteLength(html) };
}
