/**
 * One evaluation end to end, as `couper evaluate` and `couper auto` run it:
 * list candidates, open the journal, evaluate with the profiler (through the
 * run cache, so an identical earlier run is reused unless --fresh), decide, and
 * write results.json (with what the evaluation ran on) and decision.json
 * into the --out folder.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { packageVersion } from '../core/assets.js';
import { sha256File } from '../core/file-hash.js';
import { loadDeviceProfile, profileLabel, type LoadedDeviceProfile } from '../pipeline/device-profile.js';
import { silentLogger, type Logger } from '../core/log.js';
import { PhaseTimes } from '../core/phases.js';
import { PrepareCache } from '../run/prepare.js';
import { getRuntime } from '../runtime/registry.js';
import { getAlgorithm } from '../slice/algorithms/registry.js';
import { findCandidates, type AnalysedModel, type Candidate } from '../slice/candidates.js';
import { checkModelPath, loadForCutting } from '../slice/load.js';
import type { ShapeSource } from '../slice/shapes.js';
import { shapeCacheKey } from '../slice/shape-cache.js';
import { loadInfra, makeStagingPlan, probeHost, type Infra, type PlanOptions } from '../staging/index.js';
import type { ConfidenceBudget } from './confidence.js';
import { makeDecision, type Decision } from './decision.js';
import { evaluate, flopsShare, type Evaluation, type ProgressEvent } from './evaluate.js';
import { openJournal } from './journal.js';
import { operatorTimes, timeShare } from './op-profile.js';
import { inputSideOrder } from './methods/method.js';
import { getMethod } from './methods/registry.js';
import { pipelineProfiler } from './pipeline-profiler.js';
import { CachingProfiler, runCacheDir } from './run-cache.js';
import type { Profiler } from './profiler.js';
import { writeResults } from './results.js';
import { candidateRows, operatorView, stagingDescription, type EvaluationSetup } from './setup.js';
import type { Constraints, Objective } from './types.js';

export interface EvaluationJob {
  readonly model: string;
  readonly infra: string;
  readonly method: string;
  readonly objective: Objective;
  readonly constraints: Constraints;
  readonly out: string;
  readonly resume: boolean;
  readonly frames: number;
  readonly warmup: number;
  readonly fps: number;
  readonly minFrames: number;
  /** The most frames an insufficient run is staged again with (EXTEND_FACTOR × frames when absent). */
  readonly maxFrames?: number;
  /** Candidate algorithm; 'auto' is articulation, or min-cut when articulation finds fewer than 3. */
  readonly algorithm: string;
  readonly maxTensors: number;
  /** Shapes for dynamic model inputs (NAME → dims), as `candidates --input-shape` takes them. */
  readonly inputShapes?: Readonly<Record<string, number[]>>;
  /** Execution provider of every evaluator whose tier names none ('cpu' when absent). */
  readonly executionProvider?: string;
  /** Refuse synthetic device profiles on paced tiers (--no-synthetic). */
  readonly noSynthetic?: boolean;
  /** How tensor shapes are learnt, for listing and for every staged run (default auto). */
  readonly shapes?: ShapeSource;
  readonly video?: string;
  /** Model profile for the transformer and classifier (bundled name or file); ImageNet when absent. */
  readonly profile?: string;
  /** Stage runs on the infrastructure's tiers with these plan options (unstaged when absent). */
  readonly staging?: { readonly plan: PlanOptions; readonly backend: string };
  /** What the referee may spend re-staging close calls (settle.ts); DEFAULT_CONFIDENCE_BUDGET when absent. */
  readonly confidenceBudget?: ConfidenceBudget;
  /** Measure every run again instead of reusing an identical earlier one from the run cache. */
  readonly fresh?: boolean;
}

export interface JobResult {
  readonly decision: Decision;
  readonly evaluation: Evaluation;
  readonly algorithm: string;
  readonly files: { readonly results: string; readonly decision: string; readonly journal: string };
}

export interface JobDeps {
  /** The real pipeline profiler when absent. */
  readonly profiler?: Profiler;
  readonly log?: Logger;
  readonly onProgress?: (e: ProgressEvent) => void;
  readonly signal?: AbortSignal;
  /**
   * Folder of the run cache; null: neither read nor write it. Default: runs/
   * in Couper's cache for the real profiler, none for an injected one (a
   * test double's figures are not measurements to keep).
   */
  readonly runCacheDir?: string | null;
  /** Where the job's time goes, by phase (`--timings`); filled as the job runs. */
  readonly phases?: PhaseTimes;
}

export async function runJob(job: EvaluationJob, deps: JobDeps = {}): Promise<JobResult> {
  const log = deps.log ?? silentLogger;
  const phases = deps.phases ?? new PhaseTimes();
  // The model first: a wrong path is the likeliest mistake and the cheapest to find.
  checkModelPath(job.model);
  const infra = loadInfra(job.infra);
  // Plan one staging area now: a tier this host cannot emulate is one clear
  // error before anything is listed or run, not a failure per staged run.
  const host = job.staging ? phases.timeSync('probe host', probeHost) : undefined;
  const stagingPlan = job.staging && host ? makeStagingPlan(infra, host, 'check', job.staging.plan) : null;
  const method = await getMethod(job.method);
  const { candidates, algorithm, analysed } = await listCandidates(job, phases);
  log.info(`${candidates.length} candidates (${algorithm}); evaluating with ${method.name} on ${infra.name}`);
  const header = {
    model: job.model,
    infra: infra.source,
    method: method.name,
    objective: job.objective,
    frames: job.frames,
    fps: job.fps,
    algorithm,
  };
  const journal = openJournal(job.out, header, job.resume);
  // Every staged run starts from the model as listed, not from another read of the file.
  const prepareCache = new PrepareCache();
  prepareCache.seed(analysed, {
    inputShapes: { ...job.inputShapes },
    ...(job.shapes && { source: job.shapes }),
  });
  const measuring =
    deps.profiler ??
    pipelineProfiler({
      model: job.model,
      infra,
      log,
      ...(job.video !== undefined && { video: job.video }),
      ...(job.profile !== undefined && { profile: job.profile }),
      ...(job.staging && { staging: job.staging }),
      ...(job.shapes && { shapes: job.shapes }),
      ...(host && { host }),
      prepareCache,
      phases,
      ...(job.executionProvider !== undefined && { executionProvider: job.executionProvider }),
      ...(job.noSynthetic && { noSynthetic: true }),
    });
  const cacheDir = deps.runCacheDir !== undefined ? deps.runCacheDir : deps.profiler ? null : runCacheDir();
  const cache =
    cacheDir === null
      ? null
      : new CachingProfiler(measuring, {
          dir: cacheDir,
          config: jobIdentity(job, infra, analysed.model),
          fresh: job.fresh === true,
        });
  const profiler = cache ?? measuring;
  const paced = pacedTiers(infra);
  const headShare = method.name === 'predictive' ? await timedShares(analysed, job) : undefined;
  const { objective, constraints, frames, warmup, fps, minFrames } = job;
  const evaluation = await evaluate(
    {
      candidates,
      infra,
      method,
      objective,
      constraints,
      frames,
      warmup,
      fps,
      minFrames,
      ...(job.maxFrames !== undefined && { maxFrames: job.maxFrames }),
      ...(job.confidenceBudget && { confidenceBudget: job.confidenceBudget }),
      ...(headShare && { headShare }),
      tierProfiles: Object.fromEntries([...paced].map(([t, p]) => [t, p.profile])),
    },
    {
      profiler,
      journal,
      ...(deps.onProgress && { onProgress: deps.onProgress }),
      ...(deps.signal && { signal: deps.signal }),
    },
  );
  const decideStart = performance.now();
  const subject = {
    modelPath: path.resolve(job.model),
    modelSha256: sha256File(job.model, 'model'),
    infra,
    profile: job.profile ?? 'imagenet',
  };
  const context = {
    model: job.model,
    subject,
    infra: infra.name,
    method: method.name,
    objective,
    constraints,
    // decision.json names every paced tier's profile and says "synthetic" for a what-if.
    ...(paced.size > 0 && {
      paced: [...paced].map(([tier, p]) => ({
        tier,
        profile: p.file,
        label: profileLabel(p),
        synthetic: p.profile.synthetic !== null,
      })),
    }),
  };
  const decision = makeDecision({ ...context, listed: candidates.length }, evaluation, cache?.reused ?? []);
  const chosen = candidates.find((c) => c.id === decision.chosen?.key) ?? null;
  const setup: EvaluationSetup = {
    settings: { frames, warmup, fps, minFrames, algorithm },
    infra,
    staging: stagingPlan && stagingDescription(stagingPlan),
    shareBasis: headShare ? 'time' : 'flops',
    candidates: candidateRows(inputSideOrder(candidates), headShare ?? flopsShare),
    operators: operatorView(analysed, chosen),
  };
  const files = writeResults(job.out, evaluation, decision, setup);
  phases.add('decide, write results', performance.now() - decideStart);
  return { decision, evaluation, algorithm, files: { ...files, journal: journal.file } };
}

/**
 * What makes a job's runs the same measurement, hashed: the model's
 * fingerprint (its bytes and external data, as the shape cache takes it),
 * the infrastructure as loaded, how runs are staged, what the camera plays
 * and how, the execution provider, and Couper's version. The run's own
 * options are added per run (run-cache.ts).
 */
export function jobIdentity(job: EvaluationJob, infra: Infra, model: AnalysedModel['model']): string {
  const identity = {
    model: shapeCacheKey(model, []),
    infra: { ...infra, source: undefined },
    staging: job.staging ?? 'unstaged',
    video: job.video ?? null,
    profile: job.profile ?? null,
    shapes: job.shapes ?? 'auto',
    inputShapes: job.inputShapes ?? {},
    executionProvider: job.executionProvider ?? null,
    version: packageVersion(),
  };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/** The device profiles of the infrastructure's paced tiers, read and checked once. */
function pacedTiers(infra: Infra): Map<string, LoadedDeviceProfile> {
  const out = new Map<string, LoadedDeviceProfile>();
  for (const t of infra.tiers) if (t.profile !== undefined) out.set(t.name, loadDeviceProfile(t.profile));
  return out;
}

/** Head shares from an operator profile; only the predictive method reads them, and it costs a few model runs. */
async function timedShares(analysed: AnalysedModel, job: EvaluationJob): Promise<(c: Candidate) => number> {
  return timeShare(analysed, await operatorTimes(analysed, getRuntime(), { ...job.inputShapes }));
}

/** Candidates as evaluate/auto list them ('auto': articulation, or min-cut when it finds fewer than 3). */
export async function listCandidates(
  job: Pick<EvaluationJob, 'model' | 'algorithm' | 'maxTensors' | 'inputShapes' | 'shapes'>,
  phases = new PhaseTimes(),
): Promise<{ candidates: Candidate[]; algorithm: string; analysed: AnalysedModel }> {
  const { analysed, timing } = await loadForCutting(job.model, {
    inputShapes: { ...job.inputShapes },
    ...(job.shapes && { source: job.shapes }),
  });
  phases.add('read model', timing.readMs);
  phases.add('shapes', timing.shapesMs);
  const t0 = performance.now();
  const listed = await findListed(job, analysed);
  phases.add('list candidates', timing.graphMs + performance.now() - t0);
  return listed;
}

async function findListed(
  job: Pick<EvaluationJob, 'algorithm' | 'maxTensors'>,
  analysed: AnalysedModel,
): Promise<{ candidates: Candidate[]; algorithm: string; analysed: AnalysedModel }> {
  const name = job.algorithm === 'auto' ? 'articulation' : job.algorithm;
  const candidates = await findCandidates(analysed, await getAlgorithm(name), job.maxTensors);
  // Models with skip connections (U-Net, FPN) have few single-tensor cuts: fall back to min-cut.
  if (job.algorithm === 'auto' && candidates.length < 3) {
    const more = await findCandidates(analysed, await getAlgorithm('min-cut'), job.maxTensors);
    return { candidates: more, algorithm: 'min-cut', analysed };
  }
  return { candidates, algorithm: name, analysed };
}
