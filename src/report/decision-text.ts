/**
 * The decision in words: one sentence with the chosen split, its figure for
 * the objective and how it compares with each baseline, and one with what
 * the method listed, pruned and staged. Pure; the page and its tests share it.
 */
import type { DecisionData, RunData } from './input-schema.js';
import { modelName, objectiveFigure, percent, seconds } from './format.js';

/** The chosen run's figure as a phrase: 'mean latency 80.0 ms'. */
function figurePhrase(value: number, objective: DecisionData['objective']): string {
  if (objective === 'latency') return `mean latency ${objectiveFigure(value, objective)}`;
  if (objective === 'drop-rate') return `${percent(value)} of frames dropped`;
  return `${objectiveFigure(value, objective)} on the network`;
}

/** '56.0% lower than client-only (198.8 ms)', or why a baseline cannot be compared. */
export function versusBaseline(d: DecisionData, name: string): string {
  const b = d.baselines[name];
  if (!b) return `${name}: not measured`;
  if (b.improvement === null)
    return b.status === 'ok'
      ? `${name} (${objectiveFigure(b.value, d.objective)}) cannot be compared`
      : `${name} had no usable figures (${b.status})`;
  const direction = b.improvement >= 0 ? 'lower' : 'higher';
  return `${percent(Math.abs(b.improvement))} ${direction} than ${name} (${objectiveFigure(b.value, d.objective)})`;
}

export function decisionSentence(d: DecisionData, chosenRun: Pick<RunData, 'placement'> | undefined): string {
  const model = modelName(d.model);
  const c = d.chosen;
  if (!c) return `No split of ${model} was chosen on ${d.infra}: ${d.why}.`;
  const figure = figurePhrase(c.value, d.objective);
  const others = Object.keys(d.baselines).filter((name) => name !== c.key);
  const versus = others.map((name) => versusBaseline(d, name));
  const comparison = versus.length > 0 ? `, ${versus.join('; ')}` : '';
  if (c.kind === 'baseline')
    return `Do not cut ${model}: on ${d.infra}, no staged split beat ${c.key}, with ${figure}${comparison}.`;
  const head = chosenRun?.placement.evaluator0;
  const tail = chosenRun?.placement.evaluator1;
  const where = head && tail ? ` (head on ${head}, tail on ${tail})` : '';
  return `Cut ${model} at ${c.key}${where}: on ${d.infra} it had ${figure}${comparison}.`;
}

export function countsSentence(d: DecisionData): string {
  const c = d.candidates;
  const staged = new Set(c.staged);
  const unusable = c.failed.filter((f) => staged.has(f.key)).length;
  const without = unusable > 0 ? ` (${unusable} without usable figures)` : '';
  return (
    `${d.method} listed ${c.listed} candidates, pruned ${c.pruned.length} and staged ${c.staged.length}${without}, ` +
    `besides the ${Object.keys(d.baselines).length} baselines; it stopped because ${c.stopReason}; ` +
    `time to decision ${seconds(d.timeToDecisionMs)}.`
  );
}

/** The referee's certainty: each contender's 95% interval and the extra runs; '' for files without one. */
export function certaintySentence(d: DecisionData): string {
  const c = d.certainty;
  if (!c || c.contenders.length === 0) return '';
  const level = `${Math.round(c.level * 100)}%`;
  const each = c.contenders.map((x) => {
    const ci = x.interval
      ? `${objectiveFigure(x.interval[0], d.objective)} – ${objectiveFigure(x.interval[1], d.objective)}`
      : 'no interval';
    return `${x.key} ${objectiveFigure(x.value, d.objective)} (${level} interval ${ci}, ${x.frames} frames in ${x.runs} run${x.runs === 1 ? '' : 's'})`;
  });
  const extra = `${c.extraRuns.length} extra run${c.extraRuns.length === 1 ? '' : 's'}`;
  return c.verdict === 'clear'
    ? `Certainty: clear. ${each.join('')} overlaps no other eligible run (${extra}).`
    : `Certainty: a tie. ${each.join('; ')} are indistinguishable within the measured margin after ${extra} (${c.stopped}); ` +
        `the tie-break picked ${c.tieBreak?.pick ?? '?'} because ${c.tieBreak?.why ?? '?'}.`;
}
