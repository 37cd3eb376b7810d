/**
 * Whole pages: one evaluation, a folder of evaluations (one section per
 * case), or one run. Each takes its charts' SVG already rendered, in the
 * order its `…Charts` function lists the charts, so building a page stays
 * pure and rendering (slow, async) happens once in write.ts.
 */
import type { Case } from './cases-model.js';
import type { Chart } from './chart.js';
import { methodsChart } from './charts/methods.js';
import { framesChart } from './charts/frames.js';
import { stagesChart } from './charts/stages.js';
import { evaluationBody, evaluationCharts } from './evaluation-page.js';
import { evaluationView, type EvaluationView } from './evaluation-model.js';
import { bytes, num } from './format.js';
import { escapeHtml, figure, notes, page, paragraph, table } from './html.js';
import { cutsLine, type RunView } from './run-model.js';

function header(title: string, meta: string): string {
  return `<h1>${escapeHtml(title)}</h1>\n${paragraph(meta, ' class="meta"')}`;
}

export function evaluationPage(view: EvaluationView, svgs: readonly string[]): string {
  const meta = `Couper report of an evaluation: model ${view.model}, infrastructure ${view.infra}, method ${view.method}, objective ${view.objective}.`;
  return page(`Couper: ${view.title}`, header(view.title, meta), evaluationBody(view, svgs));
}

/** Per case: the methods chart, then the fullest evaluation's charts. */
export function casesCharts(cases: readonly Case[]): Chart[][] {
  return cases.map((c) => [methodsChart(c), ...evaluationCharts(evaluationView(c.fullest))]);
}

export function casesPage(dir: string, cases: readonly Case[], svgs: readonly (readonly string[])[]): string {
  const title = `Couper: ${cases.length} case${cases.length === 1 ? '' : 's'} from ${dir}`;
  const index = cases
    .map((c, i) => `<li><a href="#case${i}">${escapeHtml(`${c.model} × ${c.infra}`)}</a></li>`)
    .join('');
  const sections = cases.map((c, i) => {
    const [methods, ...rest] = svgs[i] ?? [];
    const view = evaluationView(c.fullest);
    return `<section id="case${i}" class="case">
<h2>${escapeHtml(`${c.model} × ${c.infra}`)}</h2>
${figure(methodsChart(c), methods ?? '', `case${i}-`)}
${paragraph(`In full below: ${c.fullest.decision.method}'s evaluation (${c.fullest.dir}), which staged the most.`)}
${evaluationBody(view, rest, `case${i}-`)}
</section>`;
  });
  const meta = `Couper report of every evaluation under ${dir}: the methods side by side per model and infrastructure.`;
  return page(
    title,
    header(title, meta),
    `<nav><h2>Cases</h2><ul>${index}</ul></nav>\n${sections.join('\n')}`,
  );
}

export function runCharts(view: RunView): Chart[] {
  return [framesChart(view.frames), stagesChart(view.stages, 'mean over measured frames', 'run-stages')];
}

export function runPage(view: RunView, svgs: readonly string[]): string {
  const charts = runCharts(view);
  const st = view.staging;
  const staging = st
    ? [
        paragraph(
          `Staged on ${st.infra}: ${st.fidelity}; scale ${num(st.scale, 3)} host cores per GHz-core, time dilated ×${num(st.dilation)} (camera ran at ${num(st.cameraFps)} fps); figures in production time.` +
            (st.gpuSubstitute ? ' GPUs replaced by their tier’s CPU share.' : ''),
        ),
        notes(st.notes),
      ].join('\n')
    : paragraph('Not staged: every stage ran on this host.');
  const dropped = table({
    columns: ['dropped at', 'frames'],
    numeric: [1],
    rows: view.droppedAt.map((d) => [d.place, String(d.frames)]),
  });
  const body = `<section id="summary">
<h2>Summary</h2>
${paragraph(view.sentence, ' class="decision"')}
${paragraph(`Cut: ${cutsLine(view)}.`)}
${view.droppedAt.length > 0 ? dropped : ''}
${staging}
${paragraph(`Warm-up: ${view.warmupNote}.`)}
</section>
${charts.map((c, i) => figure(c, svgs[i] ?? '')).join('\n')}`;
  const meta = `Couper report of one run: ${view.cuts.length} cut${view.cuts.length === 1 ? '' : 's'}, ${bytes(view.cuts.reduce((s, c) => s + c.bytes, 0))} per frame across them.`;
  return page(`Couper: ${view.title}`, header(view.title, meta), body);
}
