/**
 * Options shared by `couper evaluate` and `couper auto`, and turning them
 * into an EvaluationJob; the human summary both print.
 */
import { UsageError } from '../../core/errors.js';
import { DEFAULT_CONFIDENCE_BUDGET, type ConfidenceBudget } from '../../evaluate/confidence.js';
import type { Decision } from '../../evaluate/decision.js';
import type { EvaluationJob } from '../../evaluate/job.js';
import { DEFAULT_METHOD, listMethods } from '../../evaluate/methods/registry.js';
import { defaultMinFrames, EXTEND_FACTOR, MIN_PROCESSED } from '../../evaluate/profiler.js';
import { OBJECTIVES, type Objective } from '../../evaluate/types.js';
import { DEFAULT_FPS } from '../../pipeline/camera.js';
import { flag, intOption, positiveNumber, requiredString, stringOption } from '../args.js';
import type { OptionDefs, OptionValues } from '../command.js';
import { formatValue } from '../render/progress.js';
import { SHAPES_OPTION, shapeSource } from '../shapes-option.js';
import {
  EXECUTION_PROVIDER_OPTION,
  executionProviderFrom,
  INPUT_SHAPE_OPTION,
  inputShapesFrom,
  MAX_TENSORS_OPTION,
  maxTensorsFrom,
} from './model-options.js';
import { planOptionsFrom, STAGING_OPTIONS } from './run-staging.js';

// Defaults that both the help and evaluationJob use.
const DEFAULT_FRAMES = 30;
const DEFAULT_WARMUP = 5;

export const EVALUATION_OPTIONS: OptionDefs = {
  method: {
    value: 'NAME|FILE',
    help: `selection method: ${listMethods()
      .map((m) => m.name)
      .join(', ')}, or an ES module`,
    default: DEFAULT_METHOD,
  },
  objective: { value: OBJECTIVES.join('|'), help: 'what the chosen split does best', default: 'latency' },
  out: { value: 'DIR', help: 'folder for results.json, decision.json, journal.jsonl and report.html' },
  resume: { help: "continue an interrupted evaluation from --out's journal" },
  frames: { value: 'N', help: 'frames measured in each run', default: String(DEFAULT_FRAMES) },
  warmup: { value: 'N', help: 'frames each run plays first and leaves out', default: String(DEFAULT_WARMUP) },
  fps: { value: 'N', help: 'camera frame rate', default: String(DEFAULT_FPS) },
  'min-frames': {
    value: 'N',
    help: 'a run that processes fewer frames is insufficient and never chosen',
    default: `a quarter of --frames, at least ${MIN_PROCESSED}`,
  },
  'max-frames': {
    value: 'N',
    help: 'an insufficient run that processed some frames is staged once more with the frames it needs, up to N (--frames: never)',
    default: `${EXTEND_FACTOR} × --frames`,
  },
  'confidence-budget': {
    value: 'N|Ns',
    help: 'extra runs (N) or seconds of them (Ns) the referee may spend re-staging contenders whose 95% intervals overlap',
    default: `${DEFAULT_CONFIDENCE_BUDGET.runs ?? 0} runs`,
  },
  fresh: { help: 'measure every run again instead of reusing an identical earlier run from the run cache' },
  'max-latency': { value: 'MS', help: 'constraint: a mean latency of at most MS milliseconds' },
  'max-drop-rate': { value: 'X', help: 'constraint: drop at most this share of frames (0 to 1)' },
  algorithm: {
    value: 'NAME|FILE',
    help: 'candidate algorithm (see couper candidates); auto: articulation, or min-cut when it finds fewer than 3',
    default: 'auto',
  },
  'max-tensors': MAX_TENSORS_OPTION,
  'input-shape': INPUT_SHAPE_OPTION,
  'execution-provider': EXECUTION_PROVIDER_OPTION,
  video: { value: 'FILE', help: 'the video the camera plays', default: 'a generated 1280x720, 24 fps video' },
  profile: {
    value: 'NAME|FILE',
    help: "the model's pre- and post-processing (assets/profiles)",
    default: 'imagenet',
  },
  ...SHAPES_OPTION,
  json: { help: 'print the decision as JSON' },
  timings: { help: 'print where the time went, by phase, on stderr at the end' },
  // How each run is staged on the infrastructure's tiers (as `couper run --infra`), --infra among them.
  ...STAGING_OPTIONS,
  unstaged: { help: 'run every stage on this host without limits (quick, but says nothing of the tiers)' },
};

/** What `evaluate` and `auto` both do, beyond what their options say. */
export const EVALUATION_ABOUT = [
  'The three baselines (client-only, edge-only, cloud-only) are always staged. Each run plays --warmup',
  'frames, then --frames measured frames at --fps; a referee picks the run that best meets --objective',
  "within the constraints. Every figure carries its 95% bootstrap interval; when the best run's",
  "interval overlaps another's, the referee re-stages them (--confidence-budget) until they separate,",
  'or calls a tie and says which documented tie-break picked. A run identical to an earlier one',
  '(same model, split, placement, infrastructure, staging options and frames) is reused from the',
  'run cache unless --fresh. Writes results.json, decision.json, journal.jsonl and report.html (the',
  'decision and every run as charts; `couper report DIR` rebuilds it) to --out; --resume continues',
  "an interrupted evaluation. Every run is staged on the infrastructure's tiers as",
  '`couper run --infra` stages it, unless --unstaged. A path given to --method is loaded as an ES',
  'module (see the README, "Writing your own selection method").',
].join('\n');

export function evaluationJob(options: OptionValues, model: string): EvaluationJob {
  const objective = stringOption(options, 'objective') ?? 'latency';
  if (!(OBJECTIVES as readonly string[]).includes(objective))
    throw new UsageError(`--objective must be one of ${OBJECTIVES.join(', ')}, not '${objective}'`);
  const frames = intOption(options, 'frames', DEFAULT_FRAMES, 1, 100_000);
  const video = stringOption(options, 'video');
  const profile = stringOption(options, 'profile');
  return {
    model,
    infra: requiredString(options, 'infra'),
    method: stringOption(options, 'method') ?? DEFAULT_METHOD,
    objective: objective as Objective,
    constraints: {
      ...(stringOption(options, 'max-latency') !== undefined && {
        maxLatencyMs: positiveNumber(options, 'max-latency', 0, 3_600_000),
      }),
      ...(stringOption(options, 'max-drop-rate') !== undefined && { maxDropRate: dropRate(options) }),
    },
    out: requiredString(options, 'out'),
    resume: flag(options, 'resume'),
    frames,
    warmup: intOption(options, 'warmup', DEFAULT_WARMUP, 0, 10_000),
    fps: positiveNumber(options, 'fps', DEFAULT_FPS, 1000),
    minFrames: intOption(options, 'min-frames', defaultMinFrames(frames), 1, frames),
    maxFrames: intOption(options, 'max-frames', frames * EXTEND_FACTOR, frames, 1_000_000),
    confidenceBudget: confidenceBudget(options),
    fresh: flag(options, 'fresh'),
    algorithm: stringOption(options, 'algorithm') ?? 'auto',
    maxTensors: maxTensorsFrom(options),
    inputShapes: inputShapesFrom(options),
    executionProvider: executionProviderFrom(options),
    noSynthetic: flag(options, 'no-synthetic'),
    shapes: shapeSource(options),
    ...(video !== undefined && { video }),
    ...(profile !== undefined && { profile }),
    ...(!flag(options, 'unstaged') && {
      staging: { plan: planOptionsFrom(options), backend: stringOption(options, 'backend') ?? 'local' },
    }),
  };
}

/** --confidence-budget: a whole number of runs, or seconds with an s (6, 90s). */
export function confidenceBudget(options: OptionValues): ConfidenceBudget {
  const text = stringOption(options, 'confidence-budget');
  if (text === undefined) return DEFAULT_CONFIDENCE_BUDGET;
  const m = /^(\d+)(s?)$/.exec(text.trim());
  const n = m ? Number(m[1]) : NaN;
  if (!m || !Number.isSafeInteger(n) || n > 100_000)
    throw new UsageError(
      `--confidence-budget must be a number of extra runs (6) or of seconds (90s), not '${text}'`,
    );
  return m[2] === 's' ? { seconds: n } : { runs: n };
}

function dropRate(options: OptionValues): number {
  const text = stringOption(options, 'max-drop-rate') ?? '';
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new UsageError(`--max-drop-rate must be a number from 0 to 1, not '${text}'`);
  return n;
}

/** The contenders' 95% intervals, one line each, and the extra runs spent. */
function certaintyLines(d: Decision): string[] {
  const c = d.certainty;
  const ci = (x: readonly [number, number] | null): string =>
    x === null ? 'no interval' : `${formatValue(x[0], d.objective)} – ${formatValue(x[1], d.objective)}`;
  return [
    `certainty: ${c.verdict} (${c.extraRuns.length} extra runs; ${c.stopped})`,
    ...c.contenders.map(
      (x) =>
        `  ${x.key.padEnd(11)} ${x.value === null ? 'no figures' : formatValue(x.value, d.objective)}, ` +
        `${Math.round(c.level * 100)}% CI ${ci(x.interval)} from ${x.frames} frames in ${x.runs} run(s)`,
    ),
  ];
}

export function renderDecision(d: Decision, files: { decision: string; report?: string }): string {
  const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(0)}%`);
  const value = (v: number | null): string => (v === null ? 'no figures' : formatValue(v, d.objective));
  const c = d.candidates;
  const lines = [
    d.chosen
      ? `best for ${d.objective}: ${d.chosen.key} (${formatValue(d.chosen.value, d.objective)})`
      : 'no split chosen',
    `why: ${d.why}`,
    ...certaintyLines(d),
    `candidates: ${c.listed} listed, ${c.pruned.length} pruned, ${c.staged.length} staged (${d.method}); stopped: ${c.stopReason}`,
    ...Object.entries(d.baselines).map(
      ([name, b]) => `  vs ${name.padEnd(11)} ${value(b.value).padEnd(18)} improvement ${pct(b.improvement)}`,
    ),
    ...d.predictions.map(
      (p) =>
        `  predicted ${p.id}: ${p.predicted.latencyMs.toFixed(1)} ms, measured ${p.measured?.latencyMs?.toFixed(1) ?? '–'} ms (error ${pct(p.latencyError)})`,
    ),
    ...(d.reusedFromCache.length > 0
      ? [
          `reused ${d.reusedFromCache.length} identical earlier run(s) from the run cache; --fresh measures again`,
        ]
      : []),
    `time to decision: ${(d.timeToDecisionMs / 1000).toFixed(1)} s; decision in ${files.decision}`,
    ...(files.report !== undefined ? [`report: ${files.report}`] : []),
    '',
  ];
  return lines.join('\n');
}
