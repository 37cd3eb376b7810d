import fs from 'node:fs';
import { ConfigError, UsageError } from '../../core/errors.js';
import { checkWritable } from '../../core/dirs.js';
import { stderrLogger } from '../../core/log.js';
import type { SourceSpec } from '../../pipeline/frame-source.js';
import { prepareRun, type RunRequest } from '../../pipeline/prepare.js';
import { applyRun, type RunReport } from '../../pipeline/run.js';
import { parseStageMap, type Encoding } from '../../pipeline/run-plan.js';
import {
  flag,
  intOption,
  positiveNumber,
  printJson,
  requiredString,
  stringList,
  stringOption,
} from '../args.js';
import type { StagePlan } from '../../staging/index.js';
import type { Command, OptionValues } from '../command.js';
import { writeRunReport } from '../../report/write.js';
import { formatBytes, table } from '../format.js';
import { STAGING_OPTIONS, stagedHostFactory, stagedSettings, stagePlanFrom } from './run-staging.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'play a video through a model cut at a split, each stage its own process, and measure it',
  usage: [
    'usage: couper run --model MODEL --split ID|none [--at ID2 …] [--video FILE] [--fps N] [--frames N]',
    '                  [--warmup N] [--queue N] [--threads N] [--encoding raw|fp16] [--profile NAME|FILE]',
    '                  [--placement stage=tier,…] [--records FILE] [--report FILE] [--json]',
    '                  [--camera-size WxH] [--raw FILE --camera-size WxH | --synthetic [--camera-size WxH]]',
    '                  [--stage-delay stage=ms,…] [--drain-ms N] [--deadline-ms N]',
    '                  [--infra PRESET|FILE [--gpu-substitute cpu] [--max-tier-cores N] [--reserve-cores X] [--cpu-quota-ms Q]',
    '                   [--loopback] [--backend local|podman]]',
    '',
    'Stages: camera, transformer, evaluator0…N (one per part), classifier; each is an OS process and',
    'frames travel between them over KServe v2 gRPC relays. ID is a candidate id or tensor names',
    'joined by commas; `none` runs the whole model in one evaluator. --frames counts measured frames:',
    'the camera emits --warmup more first (default 5), which every figure leaves out. Queues hold',
    '--queue frames (default 1); a frame that finds the next stage full is dropped and counted where',
    'it was dropped. --stage-delay adds idle compute time to a stage (for tests and experiments).',
    '--records FILE writes one JSON line per measured frame; --report FILE an HTML page of the run',
    '(latency of every frame over time, where frames were dropped, time per stage).',
    '',
    'With --infra the stages run in the staging area (docs/STAGING.md): each on its tier, under the',
    "tier's CPU and memory limits, every hop through the emulated link. Default placement: camera and",
    'transformer on the first tier (client); one part on the second (edge), two on the last two (edge,',
    'cloud), three on client, edge, cloud; the classifier with the last evaluator; --placement and the',
    "infra file's placement override. When time is dilated the camera runs slower by the dilation and",
    'every figure is reported in undilated (production) time; the summary says fidelity, scale and dilation.',
  ].join('\n'),
  options: {
    model: { type: 'string' },
    split: { type: 'string' },
    at: { type: 'string', multiple: true },
    video: { type: 'string' },
    raw: { type: 'string' },
    synthetic: { type: 'boolean' },
    'camera-size': { type: 'string' },
    fps: { type: 'string' },
    frames: { type: 'string' },
    warmup: { type: 'string' },
    queue: { type: 'string' },
    threads: { type: 'string' },
    encoding: { type: 'string' },
    profile: { type: 'string' },
    placement: { type: 'string' },
    'stage-delay': { type: 'string' },
    'drain-ms': { type: 'string' },
    'deadline-ms': { type: 'string' },
    records: { type: 'string' },
    report: { type: 'string' },
    json: { type: 'boolean' },
    ...STAGING_OPTIONS,
  },
  async run(options) {
    const staging = stagePlanFrom(options);
    const request = runRequest(options, staging);
    const records = stringOption(options, 'records');
    const page = stringOption(options, 'report');
    // Found out now, not after a run whose records would then have nowhere to go.
    if (records !== undefined) checkWritable(records, '--records');
    if (page !== undefined) checkWritable(page, '--report');
    const prepared = await prepareRun(request);
    const report = await applyRun(prepared, {
      log: stderrLogger,
      ...(staging && { host: stagedHostFactory(staging, prepared.plan, options) }),
    });
    if (records !== undefined) writeRecords(records, report);
    if (page !== undefined) await writeRunReport(page, report);
    if (flag(options, 'json')) printJson(jsonReport(report));
    else process.stdout.write(render(report));
  },
};

export function runRequest(options: OptionValues, staging: StagePlan | null = null): RunRequest {
  const encoding = stringOption(options, 'encoding') ?? 'raw';
  if (encoding !== 'raw' && encoding !== 'fp16')
    throw new UsageError(`--encoding must be raw or fp16, not '${encoding}'`);
  const frames = stringOption(options, 'frames') === undefined ? undefined : intOption(options, 'frames', 1);
  const fps = stringOption(options, 'fps') === undefined ? undefined : positiveNumber(options, 'fps', 1);
  return {
    model: requiredString(options, 'model'),
    split: [requiredString(options, 'split'), ...stringList(options, 'at')],
    ...cameraInput(options),
    ...(stringOption(options, 'profile') !== undefined && { profile: stringOption(options, 'profile') }),
    settings: {
      ...(fps !== undefined && { fps }),
      ...(frames !== undefined && { frames }),
      warmup: intOption(options, 'warmup', 5, 0),
      queue: intOption(options, 'queue', 1, 1, 1000),
      threads: intOption(options, 'threads', 1, 1, 256),
      encoding: encoding as Encoding,
      placement: parseStageMap(stringOption(options, 'placement'), '--placement', (v) =>
        v === '' ? undefined : v,
      ),
      ...(staging && { staged: stagedSettings(staging) }),
      stageDelay: parseStageMap(stringOption(options, 'stage-delay'), '--stage-delay', nonNegative),
      maxInFlight: 1,
      deadlineMs: intOption(options, 'deadline-ms', 10_000, 1),
      drainMs: intOption(options, 'drain-ms', 5000, 0),
    },
  };
}

function nonNegative(v: string): number | undefined {
  const n = Number(v);
  return v !== '' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

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
    const source: SourceSpec = { kind: 'synthetic', ...(size ?? { width: 640, height: 480 }) };
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
  if (!m || !(width > 0) || !(height > 0))
    throw new UsageError(`--camera-size must be WxH, like 640x360, not '${text}'`);
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
  };
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
    `frames ${s.framesProduced} produced, ${s.framesProcessed} processed, ${s.framesDropped} dropped (${(s.dropRate * 100).toFixed(1)}%); ${s.fpsIn.toFixed(1)} fps in, ${s.fpsOut.toFixed(1)} fps out`,
    lat
      ? `latency ms: mean ${ms(lat.mean)}, p50 ${ms(lat.p50)}, p90 ${ms(lat.p90)}, p99 ${ms(lat.p99)}`
      : 'latency: no frame processed',
    ...(report.fp16
      ? [
          `fp16 difference on cut tensors: maxAbs ${report.fp16.maxAbs.toExponential(2)}, maxRel ${report.fp16.maxRel.toExponential(2)}`,
        ]
      : []),
    ...stagingLines(report),
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
