/**
 * One evaluation as HTML: the decision, then each chart with its table,
 * then the infrastructure. Pure: the charts' SVG comes in rendered.
 */
import type { Chart } from './chart.js';
import { cutProfileChart } from './charts/cut-profile.js';
import { operatorsChart } from './charts/operators.js';
import { predictionsChart } from './charts/predictions.js';
import { runsChart } from './charts/runs.js';
import { stagesChart } from './charts/stages.js';
import type { EvaluationView } from './evaluation-model.js';
import { DASH, num, objectiveFigure, percent } from './format.js';
import { escapeHtml, figure, notes, paragraph, table } from './html.js';
import type { InfraView } from './infra-model.js';

export function evaluationCharts(view: EvaluationView): Chart[] {
  const charts: Chart[] = [];
  if (view.cutProfile) charts.push(cutProfileChart(view.cutProfile));
  charts.push(runsChart(view.runs));
  if (view.predictions.length > 0) charts.push(predictionsChart(view.predictions));
  if (view.stages) charts.push(stagesChart(view.stages.rows, `chosen run ${view.stages.key}`));
  if (view.operators) charts.push(operatorsChart(view.operators.cells, view.operators.cutKey));
  return charts;
}

/**
 * The evaluation's sections; `svgs` holds each of evaluationCharts(view)'s
 * drawings in order. `prefix` keeps ids unique when a page holds several.
 */
export function evaluationBody(view: EvaluationView, svgs: readonly string[], prefix = ''): string {
  const charts = evaluationCharts(view);
  const figures = charts.map((c, i) => figure(c, svgs[i] ?? '', prefix));
  return [
    decisionSection(view, prefix),
    ...figures,
    infraSection(view.infrastructure, prefix),
    notes(view.notes),
  ].join('\n');
}

function decisionSection(view: EvaluationView, prefix: string): string {
  const d = view.decision;
  const chosen = d.chosen ? ` data-chosen="${escapeHtml(d.chosen.key)}"` : '';
  const rows = d.baselines.map((b) => [
    b.name,
    b.status,
    objectiveFigure(b.value, view.objective),
    b.improvement === null ? DASH : percent(b.improvement),
  ]);
  return `<section id="${prefix}decision" class="decision-section">
<h2>Decision</h2>
${paragraph(d.sentence, ` class="decision"${chosen}`)}
${paragraph(d.counts, ' class="counts"')}
${paragraph(`Referee: ${d.why}.`)}
${d.certainty === '' ? '' : paragraph(d.certainty, ' class="certainty"')}
${table({ columns: ['baseline', 'status', view.objective, 'improvement of the chosen run'], rows, numeric: [2, 3] })}
</section>`;
}

function infraSection(infra: InfraView | null, prefix: string): string {
  if (!infra) return '';
  const s = infra.settings;
  const st = infra.staging;
  const staging = st
    ? `Staged with network ${st.network}, delay by ${st.delay}, bandwidth by ${st.bandwidth}, CPU by ${st.cpu}; scale ${num(st.scale, 3)} host cores per production GHz-core; time dilated ×${num(st.dilation)} (every figure converted back to production time).`
    : 'Not staged (--unstaged): every stage ran on this host without CPU limits or link emulation, so the figures say nothing of the tiers.';
  const tiers = table({
    columns: ['tier', 'cores', 'GHz', 'memory GB', 'accelerators', 'host cores', 'provenance'],
    numeric: [1, 2, 3, 5],
    rows: infra.tiers.map((t) => [
      t.name,
      String(t.cpus),
      String(t.ghz),
      String(t.memoryGb),
      t.accelerators || DASH,
      t.hostCores === null ? DASH : num(t.hostCores),
      t.provenance,
    ]),
  });
  const links = table({
    columns: [
      'link',
      'RTT ms',
      'jitter ms',
      'Mbit/s',
      'loss',
      'emulated RTT ms',
      'emulated Mbit/s',
      'delay by',
    ],
    numeric: [1, 2, 3, 4, 5, 6],
    rows: infra.links.map((l) => [
      l.between,
      String(l.rttMs),
      String(l.jitterMs),
      String(l.mbps),
      String(l.loss),
      l.emulated ? num(l.emulated.rttMs, 1) : DASH,
      l.emulated ? num(l.emulated.mbps, 2) : DASH,
      l.emulated?.emulator ?? DASH,
    ]),
  });
  const placement = Object.entries(infra.placement)
    .map(([stage, tier]) => `${stage} on ${tier}`)
    .join(', ');
  return `<section id="${prefix}infrastructure">
<h2>Infrastructure</h2>
${paragraph(`${infra.name} (${infra.source}). Each run: ${s.frames} measured frames after ${s.warmup} warm-up frames at ${s.fps} fps; fewer than ${s.minFrames} processed is too few. Candidates by ${s.algorithm}.`)}
${paragraph(staging)}
${paragraph(`A split places ${placement || 'nothing'}.`)}
<h3>Tiers</h3>
${tiers}
<h3>Links</h3>
${links}
${notes(infra.notes)}
</section>`;
}
