/**
 * Options shared by `couper evaluate` and `couper auto`, and turning them
 * into an EvaluationJob; the human summary both print.
 */
import { UsageError } from '../../core/errors.js';
import type { Decision } from '../../evaluate/decision.js';
import type { EvaluationJob } from '../../evaluate/job.js';
import { formatValue } from '../../evaluate/progress.js';
import { defaultMinFrames } from '../../evaluate/profiler.js';
import { OBJECTIVES, type Objective } from '../../evaluate/types.js';
import { parseInputShapes } from '../../slice/inputs.js';
import { flag, intOption, positiveNumber, requiredString, stringList, stringOption } from '../args.js';
import type { OptionSpec, OptionValues } from '../command.js';
import { planOptionsFrom, STAGING_OPTIONS } from './run-staging.js';

export const EVALUATION_OPTIONS: OptionSpec = {
  method: { type: 'string' },
  objective: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'boolean' },
  frames: { type: 'string' },
  warmup: { type: 'string' },
  fps: { type: 'string' },
  'min-frames': { type: 'string' },
  'max-latency': { type: 'string' },
  'max-drop-rate': { type: 'string' },
  algorithm: { type: 'string' },
  'max-tensors': { type: 'string' },
  'input-shape': { type: 'string', multiple: true },
  video: { type: 'string' },
  profile: { type: 'string' },
  json: { type: 'boolean' },
  // How each run is staged on the infrastructure's tiers (as `couper run --infra`), --infra among them.
  ...STAGING_OPTIONS,
  unstaged: { type: 'boolean' },
};

export const EVALUATION_USAGE = [
  'Baselines (client-only, edge-only, cloud-only) are always staged. Each run plays --frames measured',
  'frames (default 30) after --warmup (default 5) at --fps (default 24); one with fewer than',
  '--min-frames processed (default a quarter) is marked insufficient and never chosen. Writes',
  'results.json, decision.json, journal.jsonl and report.html (the decision and every run as charts;',
  '`couper report DIR` rebuilds it) to --out; --resume continues an interrupted one.',
  'Constraints: --max-latency MS, --max-drop-rate X (0..1).',
  "Every run is staged on the infrastructure's tiers as `couper run --infra` stages it (staging options:",
  '--gpu-substitute cpu, --max-tier-cores N, --reserve-cores X, --cpu-quota-ms Q, --loopback,',
  '--backend local|podman);',
  '--unstaged runs every stage on this host without limits (quick, but says nothing of the tiers).',
].join('\n');

export function evaluationJob(
  options: OptionValues,
  model: string,
  defaults: { method: string },
): EvaluationJob {
  const objective = stringOption(options, 'objective') ?? 'latency';
  if (!(OBJECTIVES as readonly string[]).includes(objective))
    throw new UsageError(`--objective must be one of ${OBJECTIVES.join(', ')}, not '${objective}'`);
  const frames = intOption(options, 'frames', 30, 1, 100_000);
  const video = stringOption(options, 'video');
  return {
    model,
    infra: requiredString(options, 'infra'),
    method: stringOption(options, 'method') ?? defaults.method,
    objective: objective as Objective,
    constraints: {
      ...(stringOption(options, 'max-latency') !== undefined && {
        maxLatencyMs: positiveNumber(options, 'max-latency', 0),
      }),
      ...(stringOption(options, 'max-drop-rate') !== undefined && { maxDropRate: dropRate(options) }),
    },
    out: requiredString(options, 'out'),
    resume: flag(options, 'resume'),
    frames,
    warmup: intOption(options, 'warmup', 5, 0, 10_000),
    fps: positiveNumber(options, 'fps', 24),
    minFrames: intOption(options, 'min-frames', defaultMinFrames(frames), 1, frames),
    algorithm: stringOption(options, 'algorithm') ?? 'auto',
    maxTensors: intOption(options, 'max-tensors', 4, 1, 64),
    inputShapes: parseInputShapes(stringList(options, 'input-shape')),
    ...(video !== undefined && { video }),
    ...(stringOption(options, 'profile') !== undefined && { profile: stringOption(options, 'profile') }),
    ...(!flag(options, 'unstaged') && {
      staging: { plan: planOptionsFrom(options), backend: stringOption(options, 'backend') ?? 'local' },
    }),
  };
}

function dropRate(options: OptionValues): number {
  const text = stringOption(options, 'max-drop-rate') ?? '';
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new UsageError(`--max-drop-rate must be a number from 0 to 1, not '${text}'`);
  return n;
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
    `candidates: ${c.listed} listed, ${c.pruned.length} pruned, ${c.staged.length} staged (${d.method}); stopped: ${c.stopReason}`,
    ...Object.entries(d.baselines).map(
      ([name, b]) => `  vs ${name.padEnd(11)} ${value(b.value).padEnd(18)} improvement ${pct(b.improvement)}`,
    ),
    ...d.predictions.map(
      (p) =>
        `  predicted ${p.id}: ${p.predicted.latencyMs.toFixed(1)} ms, measured ${p.measured?.latencyMs?.toFixed(1) ?? '–'} ms (error ${pct(p.latencyError)})`,
    ),
    `time to decision: ${(d.timeToDecisionMs / 1000).toFixed(1)} s; decision in ${files.decision}`,
    ...(files.report !== undefined ? [`report: ${files.report}`] : []),
    '',
  ];
  return lines.join('\n');
}
