/**
 * One evaluation end to end, as `couper evaluate` and `couper auto` run it:
 * list candidates, open the journal, evaluate with the profiler, decide, and
 * write results.json (with what the evaluation ran on) and decision.json
 * into the --out folder.
 */
import { loadDeviceProfile, profileLabel, type LoadedDeviceProfile } from '../pipeline/device-profile.js';
import { silentLogger, type Logger } from '../core/log.js';
import { getRuntime } from '../runtime/registry.js';
import { getAlgorithm } from '../slice/algorithms/registry.js';
import { findCandidates, type AnalysedModel, type Candidate } from '../slice/candidates.js';
import { checkModelPath, loadForCutting } from '../slice/load.js';
import type { ShapeSource } from '../slice/shapes.js';
import { loadInfra, makeStagingPlan, probeHost, type Infra, type PlanOptions } from '../staging/index.js';
import { makeDecision, type Decision } from './decision.js';
import { evaluate, flopsShare, type Evaluation, type ProgressEvent } from './evaluate.js';
import { openJournal } from './journal.js';
import { operatorTimes, timeShare } from './op-profile.js';
import { inputSideOrder } from './methods/method.js';
import { getMethod } from './methods/registry.js';
import { pipelineProfiler } from './pipeline-profiler.js';
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
}

export async function runJob(job: EvaluationJob, deps: JobDeps = {}): Promise<JobResult> {
  const log = deps.log ?? silentLogger;
  // The model first: a wrong path is the likeliest mistake and the cheapest to find.
  checkModelPath(job.model);
  const infra = loadInfra(job.infra);
  // Plan one staging area now: a tier this host cannot emulate is one clear
  // error before anything is listed or run, not a failure per staged run.
  const stagingPlan = job.staging ? makeStagingPlan(infra, probeHost(), 'check', job.staging.plan) : null;
  const method = await getMethod(job.method);
  const { candidates, algorithm, analysed } = await listCandidates(job);
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
  const profiler =
    deps.profiler ??
    pipelineProfiler({
      model: job.model,
      infra,
      log,
      ...(job.video !== undefined && { video: job.video }),
      ...(job.profile !== undefined && { profile: job.profile }),
      ...(job.staging && { staging: job.staging }),
      ...(job.shapes && { shapes: job.shapes }),
      ...(job.executionProvider !== undefined && { executionProvider: job.executionProvider }),
      ...(job.noSynthetic && { noSynthetic: true }),
    });
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
  const context = {
    model: job.model,
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
  const decision = makeDecision({ ...context, listed: candidates.length }, evaluation);
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
  return { decision, evaluation, algorithm, files: { ...files, journal: journal.file } };
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
): Promise<{ candidates: Candidate[]; algorithm: string; analysed: AnalysedModel }> {
  const { analysed } = await loadForCutting(job.model, {
    inputShapes: { ...job.inputShapes },
    ...(job.shapes && { source: job.shapes }),
  });
  const name = job.algorithm === 'auto' ? 'articulation' : job.algorithm;
  const candidates = await findCandidates(analysed, await getAlgorithm(name), job.maxTensors);
  // Models with skip connections (U-Net, FPN) have few single-tensor cuts: fall back to min-cut.
  if (job.algorithm === 'auto' && candidates.length < 3) {
    const more = await findCandidates(analysed, await getAlgorithm('min-cut'), job.maxTensors);
    return { candidates: more, algorithm: 'min-cut', analysed };
  }
  return { candidates, algorithm: name, analysed };
}
