/**
 * The orchestrator of `couper run`: applies a run plan. It writes the slices
 * into a run folder, starts one process per stage, wires them (each stage
 * learns the address of the next), starts the camera, drains after the
 * camera stops, collects every stage's records and joins them into the run's
 * metrics. A site says where the processes run (`local`: forked
 * here; `staged`: on the tiers of a staging area) and how stages reach each
 * other. RunResources owns the processes and the folder, the site owns what
 * it built; both are removed however the run ends (success, failure, SIGINT,
 * SIGTERM). A dilated staging area runs the camera slower by the dilation and
 * the report is converted back to production time.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { asError, InterruptedError, TerminatedError } from '../core/errors.js';
import type { Fp16Error } from '../core/half.js';
import { silentLogger, type Logger } from '../core/log.js';
import { PhaseTimes } from '../core/phases.js';
import { DEFAULT_FPS } from '../pipeline/camera.js';
import type { StageStats, StageStatus } from '../pipeline/messages.js';
import {
  fp16Summary,
  joinRecords,
  summarise,
  type FrameRecord,
  type RunSummary,
} from '../pipeline/metrics.js';
import { probeVideo } from '../pipeline/video.js';
import { writeSlices } from '../slice/write.js';
import type { PacingOutcome } from './pacing-lag.js';
import type { PreparedRun } from './prepare.js';
import { RunResources, type StageProcess } from './processes.js';
import type { RunPlan } from './run-plan.js';
import { undilateFrames, undilateSummary } from './sites/dilation.js';
import { localSite } from './sites/local.js';
import type { Site, SiteFactory, StagingSummary } from './sites/site.js';
import { stageConfig } from './stage-config.js';
import { RunProgress } from './progress.js';
import { abortable, watchFailures, type PlaceOf } from './stage-failures.js';

const READY_TIMEOUT_MS = 120_000;
/**
 * How long a stage may take to answer a poll, in production time: a staged
 * run's is ×dilation, since every tier there runs that much slower (VGG16 on
 * a dilated client tier, its threads sharing a small quota with the one that
 * answers, was taken for hung at a flat 10 s).
 */
const STATS_TIMEOUT_MS = 10_000;
const POLL_MS = 200;

export interface RunReport {
  readonly plan: RunPlan;
  readonly summary: RunSummary;
  readonly encoding: RunPlan['encoding'];
  /** The largest difference fp16 made to the cut tensors; null when nothing travelled as fp16. */
  readonly fp16: Fp16Error | null;
  readonly frames: readonly FrameRecord[];
  /** Stage process ids (diagnostics; tests check that none survives). */
  readonly pids: readonly number[];
  /** Where the run was staged (fidelity, scale, dilation, placement); null for a local run. */
  readonly staging: StagingSummary | null;
  /** Runs with paced tiers: whether their stages kept to the profiles' times (pacing-lag.ts). */
  readonly pacing?: PacingOutcome;
}

export interface ApplyOptions {
  readonly log?: Logger;
  readonly signal?: AbortSignal;
  /** Where the stages run; local processes on this machine when absent. */
  readonly site?: SiteFactory;
  /** Where the run's time goes: stage setup, start, warm-up, measure, drain, teardown. */
  readonly phases?: PhaseTimes;
}

/** What every stage is told besides its plan: where to listen and, for the camera, the rate it runs at. */
interface RunContext {
  readonly site: Site;
  /** The camera's frame rate in the site's time (null: the source's own, undilated). */
  readonly cameraFps: number | null;
  /** Where a stage runs, for messages about it. */
  readonly placeOf: PlaceOf;
  /** What the run measured so far, for a run that fails part-way. */
  readonly progress: RunProgress;
}

export async function applyRun(prepared: PreparedRun, options: ApplyOptions = {}): Promise<RunReport> {
  const resources = new RunResources();
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void =>
    stop.abort(
      signal === 'SIGTERM'
        ? new TerminatedError(`run interrupted by ${signal}`)
        : new InterruptedError(`run interrupted by ${signal}`),
    );
  const outer = options.signal;
  const onOuter = (): void =>
    stop.abort(
      outer?.reason === 'SIGTERM' ? new TerminatedError('run aborted') : new InterruptedError('run aborted'),
    );
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  outer?.addEventListener('abort', onOuter, { once: true });
  const phases = options.phases ?? new PhaseTimes();
  let site: Site | null = null;
  const progress = new RunProgress();
  let stages: StageProcess[] = [];
  try {
    const makeSite = options.site ?? (() => Promise.resolve(localSite()));
    site = await phases.time('stage setup (namespaces, cgroups, links)', makeSite);
    if (stop.signal.aborted) throw asError(stop.signal.reason);
    const ctx: RunContext = {
      site,
      cameraFps: await cameraFps(prepared.plan, site.dilation),
      placeOf: placeOf(prepared.plan, site),
      progress,
    };
    const files = phases.timeSync('write parts', () => partFiles(prepared, resources.dir));
    stages = prepared.plan.stages.map((s) => resources.adopt(s.name, ctx.site.spawn(s)));
    const stats = await abortable(
      stop.signal,
      runStages(prepared.plan, ctx, files, stages, options.log ?? silentLogger, stop.signal, phases),
      stages,
      ctx.placeOf,
    );
    return report(prepared.plan, ctx, stats, stages);
  } catch (err) {
    await progress.settle(stages[0], site?.dilation ?? 1);
    throw progress.annotate(asError(err));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    outer?.removeEventListener('abort', onOuter);
    // Processes first (they stop cleanly over IPC), then the namespaces and cgroups they ran in.
    const teardown = performance.now();
    try {
      await resources.close();
    } finally {
      await site?.close();
      phases.add('teardown', performance.now() - teardown);
    }
  }
}

/** Where each stage runs: its tier when staged, this machine otherwise. */
function placeOf(plan: RunPlan, site: Site): PlaceOf {
  const staged = site.summary(DEFAULT_FPS) !== null;
  return (name) => {
    const tier = plan.stages.find((s) => s.name === name)?.tier;
    return staged && tier !== undefined ? `on tier ${tier}` : 'on this machine';
  };
}

/**
 * The camera's rate in the site's time: the plan's (or the source's own)
 * divided by the dilation. Null keeps the source's rate when time is not dilated.
 */
async function cameraFps(plan: RunPlan, dilation: number): Promise<number | null> {
  if (dilation === 1) return plan.fps;
  const fps =
    plan.fps ?? (plan.source.kind === 'video' ? (await probeVideo(plan.source.file)).fps : DEFAULT_FPS);
  return fps / dilation;
}

/** Part files for the evaluators: written into the run folder when the model is split. */
function partFiles(prepared: PreparedRun, dir: string): string[] {
  if (!prepared.slice) return prepared.plan.stages.flatMap((s) => (s.part ? [s.part.file] : []));
  const written = writeSlices(prepared.slice.plan, prepared.slice.model, dir, silentLogger);
  return written.parts.map((p) => path.resolve(p));
}

async function runStages(
  plan: RunPlan,
  ctx: RunContext,
  files: readonly string[],
  stages: readonly StageProcess[],
  log: Logger,
  signal: AbortSignal,
  phases: PhaseTimes,
): Promise<StageStats[]> {
  const failure = watchFailures(stages, ctx.placeOf, (onDeath) => ctx.site.watchHelpers(onDeath));
  try {
    const ports = await phases.time('start stages (processes, models)', () =>
      Promise.race([configure(plan, ctx, files, stages), failure.promise]),
    );
    await phases.time('wire', () => Promise.race([wire(plan, ctx.site, stages, ports), failure.promise]));
    ctx.site.beforeStart?.();
    stages[0]!.send({ type: 'start' });
    ctx.progress.started();
    const pollTimeoutMs = STATS_TIMEOUT_MS * Math.max(1, ctx.site.dilation);
    await Promise.race([
      drive(plan, stages, ctx.progress, log, signal, phases, pollTimeoutMs),
      failure.promise,
    ]);
  } finally {
    failure.dispose();
  }
  return phases.time('stop, collect stats', () =>
    collect(stages, STATS_TIMEOUT_MS * Math.max(1, ctx.site.dilation)),
  );
}

async function configure(
  plan: RunPlan,
  ctx: RunContext,
  files: readonly string[],
  stages: readonly StageProcess[],
): Promise<number[]> {
  let part = 0;
  plan.stages.forEach((s, i) => {
    const file = s.part ? files[part++] : undefined;
    const config = stageConfig(plan, s, file, {
      bindAddress: ctx.site.bindAddress(s),
      fps: ctx.cameraFps,
      dilation: ctx.site.dilation,
    });
    stages[i]!.send({ type: 'config', config });
  });
  const ready = await Promise.all(stages.map((s) => s.next('ready', READY_TIMEOUT_MS)));
  return ready.map((r) => r.port ?? 0);
}

/** Tell each stage where its next stage is, as the site routes it (maybe through an emulated link). */
async function wire(
  plan: RunPlan,
  site: Site,
  stages: readonly StageProcess[],
  ports: readonly number[],
): Promise<void> {
  const names = plan.stages.map((s) => s.name);
  const targets = await Promise.all(
    plan.stages.map((s) => {
      const j = names.indexOf(s.next);
      const port = ports[j];
      return port ? site.address(s, plan.stages[j]!, port) : Promise.resolve(null);
    }),
  );
  targets.forEach((next, i) => stages[i]!.send({ type: 'connect', next }));
  await Promise.all(stages.map((s) => s.next('connected', READY_TIMEOUT_MS)));
}

/**
 * Poll until the camera has stopped and every frame is back or dropped, or
 * the drain time is up; the time until the first measured frame is emitted
 * counts as warm-up, then measure until the camera stops, then drain.
 */
async function drive(
  plan: RunPlan,
  stages: readonly StageProcess[],
  progress: RunProgress,
  log: Logger,
  signal: AbortSignal,
  phases: PhaseTimes,
  pollTimeoutMs: number,
): Promise<void> {
  const marks = {
    start: performance.now(),
    measuring: null as number | null,
    finished: null as number | null,
  };
  let lastProgress = performance.now();
  try {
    while (!signal.aborted) {
      await sleep(POLL_MS);
      const statuses = await Promise.all(
        stages.map((s) => {
          s.send({ type: 'status' });
          return s.next('status', pollTimeoutMs);
        }),
      );
      const camera = statuses[0]!.status;
      const dropped = statuses.reduce((n, s) => n + s.status.dropped, 0);
      progress.update(camera, dropped);
      const accounted = (camera.results ?? 0) + dropped >= (camera.emitted ?? 0);
      if (performance.now() - lastProgress >= 1000) {
        lastProgress = performance.now();
        log.info(progressLine(camera, dropped));
      }
      if ((camera.emitted ?? 0) > plan.warmup) marks.measuring ??= performance.now();
      if (camera.finished) marks.finished ??= performance.now();
      if (marks.finished !== null && (accounted || performance.now() - marks.finished >= plan.drainMs))
        return;
    }
  } finally {
    addDrivePhases(phases, marks, performance.now());
  }
}

function addDrivePhases(
  phases: PhaseTimes,
  marks: { start: number; measuring: number | null; finished: number | null },
  end: number,
): void {
  phases.add('warm-up', (marks.measuring ?? marks.finished ?? end) - marks.start);
  if (marks.measuring !== null) phases.add('measure', (marks.finished ?? end) - marks.measuring);
  if (marks.finished !== null) phases.add('drain', end - marks.finished);
}

function progressLine(camera: StageStatus, dropped: number): string {
  return `frames: ${camera.emitted ?? 0} emitted, ${camera.results ?? 0} processed, ${dropped} dropped`;
}

/** Ask every stage to stop and report; the camera first, so nothing new enters the pipeline, then the rest together. */
async function collect(stages: readonly StageProcess[], timeoutMs: number): Promise<StageStats[]> {
  const stop = (s: StageProcess): Promise<StageStats> => {
    s.send({ type: 'stop' });
    return s.next('stats', timeoutMs).then((m) => m.stats);
  };
  const [camera, ...rest] = stages;
  if (!camera) return [];
  const first = await stop(camera);
  return [first, ...(await Promise.all(rest.map(stop)))];
}

/** The run's figures, in production time when the site dilated it. */
function report(
  plan: RunPlan,
  ctx: RunContext,
  stats: readonly StageStats[],
  stages: readonly StageProcess[],
): RunReport {
  const frames = joinRecords(stats);
  const d = ctx.site.dilation;
  return {
    plan,
    summary: undilateSummary(summarise(frames, stats, plan.warmup), d),
    encoding: plan.encoding,
    fp16: fp16Summary(stats),
    frames: undilateFrames(frames, d),
    pids: stages.flatMap((s) => (s.child.pid === undefined ? [] : [s.child.pid])),
    staging: ctx.site.summary(stats[0]?.fps ?? ctx.cameraFps ?? DEFAULT_FPS),
  };
}
