/**
 * `couper run`: play a video through a split model, every stage its own
 * process (on this machine, or on the tiers of a staging area with --infra),
 * and print or write what the run measured.
 */
import fs from 'node:fs';
import { checkWritable } from '../../core/dirs.js';
import { ConfigError, UsageError } from '../../core/errors.js';
import { stderrLogger } from '../../core/log.js';
import { DEFAULT_FPS } from '../../pipeline/camera.js';
import type { SourceSpec } from '../../pipeline/frame-source.js';
import { writeRunReport } from '../../report/write.js';
import { pacingDilation } from '../../run/pacing.js';
import { applyPacedRun, pacingNotes } from '../../run/pacing-lag.js';
import { prepareRun, type RunRequest } from '../../run/prepare.js';
import { parseStageMap } from '../../run/run-plan.js';
import { applyRun, type RunReport } from '../../run/run.js';
import type { StagingPlan } from '../../staging/index.js';
import {
  flag,
  intOption,
  positiveNumber,
  printJson,
  requiredString,
  stringList,
  stringOption,
} from '../args.js';
import type { Command, OptionValues } from '../command.js';
import { formatBytes, table } from '../format.js';
import { SHAPES_OPTION, shapeSource } from '../shapes-option.js';
import { EXECUTION_PROVIDER_OPTION, executionProviderFrom } from './model-options.js';
import {
  pacedStaging,
  STAGING_OPTIONS,
  stagedSiteFactory,
  stagedSettings,
  stagingPlanFrom,
} from './run-staging.js';

// Defaults that both the help and runRequest use.
const DEFAULTS = { warmup: 5, queue: 1, threads: 1, deadlineMs: 10_000, drainMs: 5000 };
const SYNTHETIC_SIZE = { width: 640, height: 480 };

export const runCommand: Command = {
  name: 'run',
  summary: 'play a video through a model cut at a split, each stage its own process, and measure it',
  synopsis: ['--model MODEL --split ID|none [--at ID2 …] [options]'],
  about: [
    'Stages: camera, transformer, evaluator0…N (one per part), classifier; each is an OS process and',
    'frames travel between them over KServe v2 gRPC relays. ID is a candidate id or tensor names',
    'joined by commas; `none` runs the whole model in one evaluator. --frames counts measured frames:',
    'the camera emits --warmup more first, which every figure leaves out. Queues hold --queue frames;',
    'a frame that finds the next stage full is dropped and counted where it was dropped.',
    '',
    'With --infra the stages run in the staging area (docs/STAGING.md): each on its tier, under the',
    "tier's CPU and memory limits, every hop through the emulated link. Default placement: camera and",
    'transformer on the first tier (client); one part on the second (edge), two on the last two (edge,',
    'cloud), three on client, edge, cloud; the classifier with the last evaluator; --placement and the',
    "infra file's placement override. When time is dilated the camera runs slower by the dilation and",
    'every figure is reported in undilated (production) time; the summary says fidelity, scale and dilation.',
  ].join('\n'),
  options: {
    model: { value: 'MODEL', help: 'the ONNX model' },
    split: { value: 'ID|none', help: 'cut the model here (none: the whole model in one evaluator)' },
    at: { value: 'ID2', help: 'cut again, after --split', multiple: true },
    video: {
      value: 'FILE',
      help: 'the video the camera plays',
      default: 'a generated 1280x720, 24 fps video',
    },
    raw: { value: 'FILE', help: 'play raw RGB24 frames of --camera-size instead, looped' },
    synthetic: { help: 'generate frames instead of reading a video' },
    'camera-size': {
      value: 'WxH',
      help: "the camera's frame size",
      default: `the video's; ${SYNTHETIC_SIZE.width}x${SYNTHETIC_SIZE.height} with --synthetic`,
    },
    fps: { value: 'N', help: 'camera frame rate', default: `the video's, else ${DEFAULT_FPS}` },
    frames: {
      value: 'N',
      help: 'frames measured after the warm-up; the video loops',
      default: 'until Ctrl-C',
    },
    warmup: {
      value: 'N',
      help: 'frames the camera emits first, left out of every figure',
      default: String(DEFAULTS.warmup),
    },
    queue: { value: 'N', help: 'frames each stage queues before it drops', default: String(DEFAULTS.queue) },
    threads: { value: 'N', help: 'onnxruntime threads per evaluator', default: String(DEFAULTS.threads) },
    'execution-provider': EXECUTION_PROVIDER_OPTION,
    encoding: { value: 'raw|fp16', help: 'how cut tensors travel (fp16 halves the bytes)', default: 'raw' },
    profile: {
      value: 'NAME|FILE',
      help: "the model's pre- and post-processing (assets/profiles)",
      default: 'imagenet',
    },
    placement: { value: 'stage=tier,…', help: 'put stages on tiers (with --infra)' },
    'stage-delay': { value: 'stage=ms,…', help: 'add idle compute time to stages (tests, experiments)' },
    'drain-ms': {
      value: 'N',
      help: 'at the end, wait this long for frames in flight',
      default: String(DEFAULTS.drainMs),
    },
    'deadline-ms': {
      value: 'N',
      help: 'drop a frame the next stage has not taken within N ms',
      default: String(DEFAULTS.deadlineMs),
    },
    records: { value: 'FILE', help: 'write one JSON line per frame' },
    report: {
      value: 'FILE',
      help: 'write an HTML page of the run (latency of every frame over time, drops, time per stage)',
    },
    json: { help: 'print the plan and the summary as JSON' },
    ...SHAPES_OPTION,
    ...STAGING_OPTIONS,
  },
  async run(options) {
    const planned = stagingPlanFrom(options);
    const request = runRequest(options, planned);
    const records = stringOption(options, 'records');
    const page = stringOption(options, 'report');
    // Found out now, not after a run whose records would then have nowhere to go.
    if (records !== undefined) checkWritable(records, '--records');
    if (page !== undefined) checkWritable(page, '--report');
    const prepared = await prepareRun(request);
    const report = planned
      ? await applyPacedRun(
          pacedStaging(planned, options),
          (staging) =>
            applyRun(prepared, {
              log: stderrLogger,
              site: stagedSiteFactory(staging, prepared.plan, options),
            }),
          { dilation: pacingDilation(prepared.plan), log: stderrLogger },
        )
      : await applyRun(prepared, { log: stderrLogger });
    if (records !== undefined) writeRecords(records, report);
    if (page !== undefined) await writeRunReport(page, report);
    if (flag(options, 'json')) printJson(jsonReport(report));
    else process.stdout.write(render(report));
  },
};

export function runRequest(options: OptionValues, staging: StagingPlan | null = null): RunRequest {
  const encoding = stringOption(options, 'encoding') ?? 'raw';
  if (encoding !== 'raw' && encoding !== 'fp16')
    throw new UsageError(`--encoding must be raw or fp16, not '${encoding}'`);
  const frames = stringOption(options, 'frames') === undefined ? undefined : intOption(options, 'frames', 1);
  const fps =
    stringOption(options, 'fps') === undefined ? undefined : positiveNumber(options, 'fps', 1, 1000);
  const profile = stringOption(options, 'profile');
  return {
    model: requiredString(options, 'model'),
    split: [requiredString(options, 'split'), ...stringList(options, 'at')],
    shapes: shapeSource(options),
    ...cameraInput(options),
    ...(profile !== undefined && { profile }),
    settings: {
      ...(fps !== undefined && { fps }),
      ...(frames !== undefined && { frames }),
      warmup: intOption(options, 'warmup', DEFAULTS.warmup, 0),
      queue: intOption(options, 'queue', DEFAULTS.queue, 1, 1000),
      threads: intOption(options, 'threads', DEFAULTS.threads, 1, 256),
      executionProvider: executionProviderFrom(options),
      noSynthetic: flag(options, 'no-synthetic'),
      encoding,
      placement: parseStageMap(stringOption(options, 'placement'), '--placement', (v) =>
        v === '' ? undefined : v,
      ),
      ...(staging && { staged: stagedSettings(staging) }),
      stageDelay: parseStageMap(stringOption(options, 'stage-delay'), '--stage-delay', nonNegative),
      maxInFlight: 1,
      deadlineMs: intOption(options, 'deadline-ms', DEFAULTS.deadlineMs, 1),
      drainMs: intOption(options, 'drain-ms', DEFAULTS.drainMs, 0),
    },
  };
}

/** A stage delay in ms: at most a minute a frame, beyond which a run would never end. */
function nonNegative(v: string): number | undefined {
  const n = Number(v);
  return v !== '' && Number.isFinite(n) && n >= 0 && n <= 60_000 ? n : undefined;
}

/** The largest frame side we take (8K video is 7680 wide): a bigger frame's RGB bytes would not fit one buffer. */
const MAX_SIDE = 16_384;

function cameraInput(options: OptionValues): Pick<RunRequest, 'source' | 'video' | 'cameraSize'> {
  const size = parseSize(stringOption(options, 'camera-size'));
  const raw = stringOption(options, 'raw');
  const given = [raw !== undefined, flag(options, 'synthetic'), stringOption(options, 'video') !== undefined];
  if (given.filter(Boolean).length > 1) throw new UsageError('give one of --video, --raw and --synthetic');
  if (raw !== undefined) {
    if (!size) throw new UsageError('--raw needs --camera-size WxH (the size of its RGB24 frames)');
    return { source: { kind: 'raw', file: raw, loop: true, ...size } };
  }
  if (flag(options, 'synthetic')) {
    const source: SourceSpec = { kind: 'synthetic', ...(size ?? SYNTHETIC_SIZE) };
    return { source };
  }
  const video = stringOption(options, 'video');
  return { ...(video !== undefined && { video }), ...(size && { cameraSize: size }) };
}

function parseSize(text: string | undefined): { width: number; height: number } | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)x(\d+)$/.exec(text);
  const width = Number(m?.[1]);
  const height = Number(m?.[2]);
  if (!m || !(width > 0) || !(height > 0) || width > MAX_SIDE || height > MAX_SIDE)
    throw new UsageError(
      `--camera-size must be WxH with sides from 1 to ${MAX_SIDE}, like 640x360, not '${text}'`,
    );
  return { width, height };
}

function writeRecords(file: string, report: RunReport): void {
  try {
    fs.writeFileSync(
      file,
      report.frames.map((f) => JSON.stringify(f)).join('\n') + (report.frames.length ? '\n' : ''),
    );
  } catch (err) {
    throw new ConfigError(`--records '${file}' cannot be written: ${(err as Error).message}`);
  }
}

function jsonReport(report: RunReport): unknown {
  return {
    plan: report.plan,
    summary: report.summary,
    staging: report.staging,
    encoding: report.encoding,
    fp16: report.fp16,
    ...(report.pacing && { pacing: report.pacing }),
  };
}

/** Paced tiers, each with its profile's provenance; "synthetic" next to the figure of a what-if. */
function pacedLines(plan: RunReport['plan']): string[] {
  return plan.paced.map((t) => {
    const times = t.stages.map(
      (s) => `${s.stage} ${s.paceMs.toFixed(2)} ms${t.synthetic ? ' (synthetic)' : ''}`,
    );
    return `paced: tier ${t.tier} by ${t.profile} (${t.label}): ${times.join(', ')} per frame`;
  });
}

function render(report: RunReport): string {
  const s = report.summary;
  const ms = (x: number): string => x.toFixed(1);
  const rows = Object.entries(s.stages).map(([name, t]) => [
    name,
    ms(t.queueMs),
    ms(t.computeMs),
    ms(t.serializeMs),
    ms(t.transferMs),
    formatBytes(Math.round(t.bytes)),
    String(s.droppedAt[name] ?? 0),
    report.plan.stages.find((x) => x.name === name)?.tier ?? '',
  ]);
  if (s.droppedAt['in-flight'])
    rows.push(['in-flight', '', '', '', '', '', String(s.droppedAt['in-flight']), '']);
  const lat = s.latencyMs;
  return [
    `${report.plan.model} split ${report.plan.cutId} (${report.plan.stages.length} stages, encoding ${report.encoding})`,
    `frames ${s.framesProduced} produced, ${s.framesProcessed} processed, ${s.framesDropped} dropped (${(s.dropRate * 100).toFixed(1)}%, 95% CI ${pctRange(s.dropRateCi)}); ${s.fpsIn.toFixed(1)} fps in, ${s.fpsOut.toFixed(1)} fps out`,
    lat
      ? `latency ms: mean ${ms(lat.mean)} (95% CI ${ms(lat.meanCi[0])}–${ms(lat.meanCi[1])}), p50 ${ms(lat.p50)}, ` +
        `p90 ${ms(lat.p90)} (95% CI ${ms(lat.p90Ci[0])}–${ms(lat.p90Ci[1])}), p99 ${ms(lat.p99)}; from ${s.framesUsed} frames`
      : 'latency: no frame processed',
    ...(report.fp16
      ? [
          `fp16 difference on cut tensors: maxAbs ${report.fp16.maxAbs.toExponential(2)}, maxRel ${report.fp16.maxRel.toExponential(2)}`,
        ]
      : []),
    ...stagingLines(report),
    ...pacedLines(report.plan),
    ...pacingNotes(report.pacing).map((line) => `paced: ${line}`),
    '',
    table(
      ['stage', 'queue ms', 'compute ms', 'serialize ms', 'transfer ms', 'bytes/frame', 'dropped', 'tier'],
      rows,
    ),
    '',
    `warm-up: ${s.warmup.note}`,
    '',
  ].join('\n');
}

/** A share's interval in percent. */
export function pctRange(ci: readonly [number, number]): string {
  return `${(ci[0] * 100).toFixed(1)}–${(ci[1] * 100).toFixed(1)}%`;
}

function stagingLines(report: RunReport): string[] {
  const st = report.staging;
  if (!st) return [];
  const f = st.fidelity;
  return [
    `staging: ${st.infra} (run ${st.runId}), fidelity ${f.network}, delay ${f.delay}, bandwidth ${f.bandwidth}, cpu ${f.cpu}`,
    `scale ${st.scale.toFixed(3)} host cores per GHz-core, time dilation ×${st.dilation.toFixed(2)} ` +
      `(camera ran at ${st.cameraFps.toFixed(2)} fps); figures above are in undilated time`,
    ...[...f.notes, ...st.notes].map((n) => `note: ${n}`),
  ];
}
