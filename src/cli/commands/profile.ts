/**
 * `couper profile MODEL --out FILE`: measure what the model costs on this
 * machine (a device profile, docs/DEVICE-PROFILES.md); `--derive FROM.json
 * --speedup K --label TEXT` writes a labelled what-if from a measured one.
 */
import fs from 'node:fs';
import { checkWritable } from '../../core/dirs.js';
import { UsageError } from '../../core/errors.js';
import { measureDeviceProfile } from '../../evaluate/device-profile-measure.js';
import {
  deriveProfile,
  loadDeviceProfile,
  refuseSynthetic,
  type DeviceProfile,
} from '../../pipeline/device-profile.js';
import { flag, intOption, printJson, requiredString, stringOption } from '../args.js';
import type { Command, OptionValues } from '../command.js';
import {
  EXECUTION_PROVIDER_OPTION,
  executionProviderFrom,
  INPUT_SHAPE_OPTION,
  inputShapesFrom,
  MAX_TENSORS_OPTION,
  maxTensorsFrom,
} from './model-options.js';

const DEFAULTS = { threads: 1, warmup: 10, minRuns: 20, maxRuns: 200, profiledRuns: 3, check: 3 };

export const profileCommand: Command = {
  name: 'profile',
  summary: "measure a model's per-operator and per-candidate times on this machine (a device profile)",
  synopsis: ['MODEL --out FILE [options]', '--derive FROM.json --speedup K --label TEXT --out FILE'],
  about: [
    'Runs the model --warmup times, then times it until the median settles (--min-runs to --max-runs);',
    "records each operator's kernel time with onnxruntime's profiler and scales them to the median;",
    "sums each candidate's head and tail from them, and times the real head and tail parts of --check",
    'candidates to report how far the sums are off. Writes the profile with its provenance (CPU, cores,',
    'threads, provider and device, onnxruntime and Node versions, date, model hash, input shapes) to',
    '--out. Run it on the machine a tier stands for; a tier names it with `profile:` (docs/STAGING.md).',
    '',
    '--derive writes a what-if: FROM.json with every time divided by --speedup, marked synthetic with the',
    'label and its source; every output made with it says "synthetic".',
  ].join('\n'),
  options: {
    out: { value: 'FILE', help: 'where to write the profile (JSON)' },
    'execution-provider': EXECUTION_PROVIDER_OPTION,
    threads: {
      value: 'N',
      help: 'onnxruntime intra-op threads (0: its choice)',
      default: String(DEFAULTS.threads),
    },
    'input-shape': INPUT_SHAPE_OPTION,
    warmup: { value: 'N', help: 'untimed runs first', default: String(DEFAULTS.warmup) },
    'min-runs': { value: 'N', help: 'timed runs at least', default: String(DEFAULTS.minRuns) },
    'max-runs': { value: 'N', help: 'timed runs at most', default: String(DEFAULTS.maxRuns) },
    'profiled-runs': {
      value: 'N',
      help: "runs recorded by onnxruntime's profiler",
      default: String(DEFAULTS.profiledRuns),
    },
    check: {
      value: 'N',
      help: 'candidates whose real parts are timed (0: none)',
      default: String(DEFAULTS.check),
    },
    algorithm: { value: 'NAME|FILE', help: 'candidate algorithm', default: 'auto' },
    'max-tensors': MAX_TENSORS_OPTION,
    derive: { value: 'FROM.json', help: 'derive a synthetic what-if from this measured profile' },
    speedup: { value: 'K', help: 'with --derive: every time divided by K' },
    label: { value: 'TEXT', help: 'with --derive: what the what-if stands for' },
    'no-synthetic': { help: 'with --derive: refuse a synthetic FROM.json' },
    json: { help: 'print the profile as JSON too' },
  },
  positionals: { min: 0, max: 1 },
  async run(options, [model]) {
    const out = requiredString(options, 'out');
    checkWritable(out, '--out');
    const profile =
      stringOption(options, 'derive') !== undefined ? derive(options, model) : await measure(options, model);
    fs.writeFileSync(out, `${JSON.stringify(profile, null, 2)}\n`);
    if (flag(options, 'json')) printJson(profile);
    else process.stdout.write(`${summary(profile, out)}\n`);
  },
};

function derive(options: OptionValues, model: string | undefined): DeviceProfile {
  if (model !== undefined)
    throw new UsageError('--derive takes no MODEL: the profile it derives from names one');
  const from = loadDeviceProfile(requiredString(options, 'derive'));
  if (flag(options, 'no-synthetic')) refuseSynthetic(from, '--derive');
  const text = requiredString(options, 'speedup');
  const speedup = Number(text);
  if (text.trim() === '' || !Number.isFinite(speedup) || speedup <= 0)
    throw new UsageError(`--speedup must be a number above 0, not '${text}'`);
  return deriveProfile(from, speedup, requiredString(options, 'label'));
}

async function measure(options: OptionValues, model: string | undefined): Promise<DeviceProfile> {
  if (model === undefined) throw new UsageError('missing MODEL: couper profile MODEL --out FILE');
  const minRuns = intOption(options, 'min-runs', DEFAULTS.minRuns, 1, 100_000);
  return measureDeviceProfile({
    model,
    executionProvider: executionProviderFrom(options),
    threads: intOption(options, 'threads', DEFAULTS.threads, 0, 256),
    inputShapes: inputShapesFrom(options),
    algorithm: stringOption(options, 'algorithm') ?? 'auto',
    maxTensors: maxTensorsFrom(options),
    timing: {
      warmup: intOption(options, 'warmup', DEFAULTS.warmup, 0, 100_000),
      minRuns,
      maxRuns: intOption(options, 'max-runs', Math.max(DEFAULTS.maxRuns, minRuns), minRuns, 1_000_000),
    },
    profiledRuns: intOption(options, 'profiled-runs', DEFAULTS.profiledRuns, 1, 1000),
    checkSamples: intOption(options, 'check', DEFAULTS.check, 0, 1000),
  });
}

function summary(p: DeviceProfile, out: string): string {
  const v = p.provenance;
  const what = p.synthetic ? ` synthetic ('${p.synthetic.label}', ×${p.synthetic.speedup})` : '';
  const check =
    p.check.meanAbsErrorPct === null
      ? 'no parts checked'
      : `parts of ${p.check.samples.length} candidates: sums off by ${p.check.meanAbsErrorPct.toFixed(1)}% on average, ${p.check.maxAbsErrorPct?.toFixed(1)}% at most`;
  return [
    `wrote ${out}:${what} ${p.model.file} on ${v.executionProvider} (${v.device}, ${v.threads} thread${v.threads === 1 ? '' : 's'})`,
    `  median ${p.latency.medianMs.toFixed(2)} ms over ${p.latency.runs} runs (p10 ${p.latency.p10Ms.toFixed(2)}, p90 ${p.latency.p90Ms.toFixed(2)})`,
    `  ${p.operators.length} operators, ${p.candidates.length} candidates (${p.algorithm}); ${check}`,
  ].join('\n');
}
