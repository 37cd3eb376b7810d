/**
 * `npm run bench:methods`: the selection methods side by side (issue 5,
 * "Benchmark"; paper Table 5 and Figure 9). For each model × infrastructure
 * preset, every method runs the real evaluation loop on staged runs
 * (namespaces, cgroups, emulated links, time dilation) and the table gives,
 * per method: candidates listed / staged, time-to-decision, the decision's
 * objective value against strongman's best, and the chosen run's latency and
 * drop rate against cloud-only and edge-only. Then the targets: hybrid stages
 * at most a fifth of strongman's candidates; predictive stages at most 3 and
 * lands within 5% of strongman's best in at least 9 of 10 cases; prediction
 * error (median |predicted − measured| / measured) under 15%.
 *
 * Each split is staged once per model × preset and every method draws from
 * that run (methods-cache.ts); "staged" counts the runs a method asked for.
 *
 * The paper's setting (issue 14): for --paced-presets, the cases again with the preset's cloud
 * paced by this host's own device profile derived ×K for each K of --paced (synthetic what-ifs,
 * labelled so in every case name); --paced '' leaves them out. The host profile is measured once
 * per model and host and kept beside the run cache (.cache/bench-methods/profiles), so that the
 * paced runs, keyed by the derived profile's hash, are reused by the next invocation;
 * --fresh-profiles (or deleting that folder) measures it again, and with it every paced run.
 *
 *   npm run bench:methods -- [--models a,b] [--presets low-end,mid-end,high-end]
 *        [--paced 10,3] [--paced-presets mid-end]
 *        [--frames N] [--warmup N] [--fps N] [--max-tier-cores N] [--cpu-quota-ms Q] [--reserve-cores X]
 *        [--cache FILE | --no-cache] [--fresh-profiles] [--offline] [--json] [--out DIR]
 *
 * --offline stages nothing: every run comes from the cache (a new predictor against the same measurements).
 * Every method's evaluation of every case is written as `couper evaluate` writes one
 * (DIR/MODEL-PRESET/METHOD/results.json and decision.json), and DIR/report.html shows them all
 * (`couper report DIR` rebuilds it); DIR is a new folder under .cache/bench-methods unless --out names one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { table } from '../src/cli/format.js';
import { makeDecision, type Decision } from '../src/evaluate/decision.js';
import { evaluate, type Evaluation } from '../src/evaluate/evaluate.js';
import { inputSideOrder } from '../src/evaluate/methods/method.js';
import { listCandidates } from '../src/evaluate/job.js';
import { getMethod } from '../src/evaluate/methods/registry.js';
import { operatorTimes, timeShare } from '../src/evaluate/op-profile.js';
import { referee } from '../src/evaluate/referee.js';
import { pipelineProfiler } from '../src/evaluate/pipeline-profiler.js';
import { defaultMinFrames, type Profiler } from '../src/evaluate/profiler.js';
import { writeResults } from '../src/evaluate/results.js';
import {
  candidateRows,
  operatorView,
  stagingDescription,
  type EvaluationSetup,
} from '../src/evaluate/setup.js';
import { writeReport } from '../src/report/write.js';
import { getRuntime } from '../src/runtime/registry.js';
import type { AnalysedModel, Candidate } from '../src/slice/candidates.js';
import { BASE_PERIOD_US } from '../src/staging/cgroup-plan.js';
import { makeStagingPlan, probeHost } from '../src/staging/index.js';
import type { Infra } from '../src/staging/infra.js';
import { loadInfra, PRESETS } from '../src/staging/load.js';
import { ensureModel, modelNames } from '../test/helpers/models.js';
import type { LoadedDeviceProfile } from '../src/pipeline/device-profile.js';
import { CachingProfiler, RunStore } from './methods-cache.js';
import { cachedHostProfile, derivedProfile, pacedCloud } from './methods-paced.js';
import { cloudWhatIf, FasterCloudProfiler, SPEEDUPS } from './methods-whatif.js';
import {
  figures,
  predictionErrors,
  writeUp,
  type BenchSettings,
  type CaseResult,
  type MethodRow,
} from './methods-report.js';
import {
  benchArgs,
  benchFail,
  benchNames,
  benchNumber,
  commaList,
  CORES,
  FPS,
  FRAMES,
  WARMUP,
  type NumberBounds,
} from './args.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const METHODS = ['strongman', 'comm-slim', 'early-stop', 'hybrid', 'predictive'];
/** Models that are not ImageNet classifiers, with the bundled profile their pipeline needs. */
const PROFILES: Record<string, string> = { deeplabv3_mobilenet_v3_large: 'deeplabv3-voc' };

interface Options extends BenchSettings {
  /** Speed-ups of the host profile that pace the cloud, and the presets that get a paced cloud. */
  readonly paced: readonly number[];
  readonly pacedPresets: readonly string[];
  /** Measure the host profiles again instead of reusing them (host-profile-cache.ts). */
  readonly freshProfiles: boolean;
  readonly cache: string | null;
  readonly offline: boolean;
  readonly json: boolean;
  /** Where every evaluation and the report go. */
  readonly out: string;
}

function options(): Options {
  const values = benchArgs('bench:methods', {
    models: { type: 'string', default: 'squeezenet1_1' },
    presets: { type: 'string', default: 'low-end,mid-end,high-end' },
    paced: { type: 'string', default: '10,3' },
    'paced-presets': { type: 'string', default: 'mid-end' },
    frames: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    fps: { type: 'string', default: '24' },
    'max-tier-cores': { type: 'string', default: '2' },
    'cpu-quota-ms': { type: 'string' },
    'reserve-cores': { type: 'string' },
    cache: { type: 'string', default: path.join(root, '.cache', 'bench-methods', 'runs.json') },
    'no-cache': { type: 'boolean', default: false },
    'fresh-profiles': { type: 'boolean', default: false },
    offline: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
  });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const num = (flag: string, text: string, bounds: NumberBounds): number =>
    benchNumber('bench:methods', flag, text, bounds);
  const optional = (flag: 'cpu-quota-ms' | 'reserve-cores', bounds: NumberBounds): number | undefined => {
    const text = values[flag];
    return text === undefined ? undefined : num(flag, text, bounds);
  };
  const models = commaList(values.models);
  const presets = commaList(values.presets);
  const paced = commaList(values.paced).map((k) => num('paced', k, { min: 0.01, max: 10_000 }));
  const pacedPresets = commaList(values['paced-presets']);
  if (models.length === 0)
    benchFail('bench:methods', "--models names no model: give one or more, e.g. 'googlenet'");
  if (presets.length === 0 && (paced.length === 0 || pacedPresets.length === 0))
    benchFail('bench:methods', 'nothing to stage: give --presets, or both --paced and --paced-presets');
  benchNames('bench:methods', 'models', models, modelNames());
  benchNames('bench:methods', 'presets', presets, PRESETS);
  benchNames('bench:methods', 'paced-presets', pacedPresets, PRESETS);
  return {
    models,
    presets,
    paced,
    pacedPresets,
    freshProfiles: values['fresh-profiles'],
    frames: num('frames', values.frames, FRAMES),
    warmup: num('warmup', values.warmup, WARMUP),
    fps: num('fps', values.fps, FPS),
    maxTierCores: num('max-tier-cores', values['max-tier-cores'], CORES),
    cpuQuotaMs: optional('cpu-quota-ms', { min: 1, max: 1000 }),
    reserveCores: optional('reserve-cores', CORES),
    cache: values['no-cache'] ? null : values.cache,
    offline: values.offline,
    json: values.json,
    out: values.out ?? path.join(root, '.cache', 'bench-methods', `run-${stamp}`),
  };
}

interface ModelSetup {
  readonly file: string;
  readonly candidates: Candidate[];
  readonly analysed: AnalysedModel;
  readonly algorithm: string;
  readonly headShare: (c: Candidate) => number;
  /** The operator profile's cost: part of predictive's time-to-decision. */
  readonly opProfileMs: number;
}

async function setUp(model: string): Promise<ModelSetup> {
  const file = ensureModel(model);
  const { candidates, analysed, algorithm } = await listCandidates({
    model: file,
    algorithm: 'auto',
    maxTensors: 4,
  });
  const t0 = performance.now();
  const times = await operatorTimes(analysed, getRuntime());
  const headShare = timeShare(analysed, times);
  return { file, candidates, analysed, algorithm, headShare, opProfileMs: performance.now() - t0 };
}

async function runCase(
  o: Options,
  store: RunStore,
  model: string,
  setup: ModelSetup,
  preset: string,
  paced?: LoadedDeviceProfile,
): Promise<CaseResult> {
  const infra = paced ? pacedCloud(loadInfra(preset), paced) : loadInfra(preset);
  const label = paced ? `${preset} cloud ×${paced.profile.synthetic?.speedup} (synthetic)` : preset;
  const plan = {
    gpuSubstitute: 'cpu' as const,
    maxTierCores: o.maxTierCores,
    ...(o.cpuQuotaMs !== undefined && { cpuQuotaMs: o.cpuQuotaMs }),
    ...(o.reserveCores !== undefined && { reserveCores: o.reserveCores }),
  };
  const staging = { plan, backend: 'local' };
  const profile = PROFILES[model];
  const inner = pipelineProfiler({
    model: setup.file,
    infra,
    staging,
    ...(profile !== undefined && { profile }),
  });
  // The CPU period or quota and the reserve are part of the key: runs staged under another emulation are other measurements.
  const cpu = o.cpuQuotaMs === undefined ? `p${BASE_PERIOD_US / 1000}ms` : `q${o.cpuQuotaMs}ms`;
  const reserve = o.reserveCores === undefined ? '' : `r${o.reserveCores}`;
  const pacedKey = paced ? `paced:${paced.sha256.slice(0, 16)}|` : '';
  const prefix = `${model}|${preset}|${pacedKey}f${o.frames}w${o.warmup}@${o.fps}|c${o.maxTierCores}|${cpu}${reserve}|`;
  const seen = new Set<string>();
  const rows: MethodRow[] = [];
  const evs = new Map<string, Evaluation>();
  const run = async (name: string, profiler: Profiler): Promise<Evaluation> =>
    evaluate(
      {
        candidates: setup.candidates,
        infra,
        method: await getMethod(name),
        objective: 'latency',
        constraints: {},
        frames: o.frames,
        warmup: o.warmup,
        fps: o.fps,
        minFrames: defaultMinFrames(o.frames),
        headShare: setup.headShare,
      },
      { profiler },
    );
  for (const name of METHODS) {
    process.stderr.write(`${model} × ${label}: ${name}\n`);
    const profiler = new CachingProfiler(inner, store, prefix, seen, o.offline);
    const ev = await run(name, profiler);
    evs.set(name, ev);
    const decision = decide(model, label, name, setup.candidates.length, ev);
    const overheadMs = name === 'predictive' ? setup.opProfileMs : 0;
    const ttdMs = profiler.askedWallMs() + overheadMs;
    rows.push({ method: name, decision, staged: ev.runs.length, ttdMs });
    const chosen = setup.candidates.find((c) => c.id === decision.chosen?.key) ?? null;
    const settings = { frames: o.frames, warmup: o.warmup, fps: o.fps, algorithm: setup.algorithm };
    // The time to decision as the runs took when staged: runs from the cache come back at once.
    writeResults(
      path.join(
        o.out,
        `${model}-${preset}${paced ? `-cloud-x${paced.profile.synthetic?.speedup}` : ''}`,
        name,
      ),
      ev,
      { ...decision, timeToDecisionMs: ttdMs },
      {
        ...evaluationSetup(setup, infra, plan, settings),
        operators: operatorView(setup.analysed, chosen),
      },
    );
  }
  // Hybrid again over the same runs (strongman staged them all), the cloud slice's compute divided by k.
  const stagedAt = new Map<number, number>();
  for (const k of SPEEDUPS) {
    const cached = new CachingProfiler(inner, store, prefix, seen, true);
    stagedAt.set(k, (await run('hybrid', new FasterCloudProfiler(cached, k))).runs.length);
  }
  const strongman = evs.get('strongman') ?? null;
  const baselines = Object.fromEntries((strongman?.baselines ?? []).map((b) => [b.key, figures(b)] as const));
  const split = strongman ? referee(strongman.runs, 'latency', {}).chosen : null;
  const bestSplit = split ? { key: split.key, ...figures(split) } : null;
  return {
    model,
    preset: label,
    bestSplit,
    rows,
    baselines,
    errors: predictionErrors(evs.get('predictive') ?? null, strongman),
    cloudWhatIf: cloudWhatIf(stagedAt, evs.get('strongman')?.runs.length ?? 0),
  };
}

/** What results.json records of the case, as `couper evaluate` records it (operators apart: they depend on the choice). */
function evaluationSetup(
  setup: ModelSetup,
  infra: Infra,
  plan: Parameters<typeof makeStagingPlan>[3],
  s: { frames: number; warmup: number; fps: number; algorithm: string },
): Omit<EvaluationSetup, 'operators'> {
  return {
    settings: { ...s, minFrames: defaultMinFrames(s.frames) },
    infra,
    staging: stagingDescription(makeStagingPlan(infra, probeHost(), 'check', plan)),
    shareBasis: 'time',
    candidates: candidateRows(inputSideOrder(setup.candidates), setup.headShare),
  };
}

function decide(model: string, infra: string, method: string, listed: number, ev: Evaluation): Decision {
  return makeDecision({ model, infra, method, objective: 'latency', constraints: {}, listed }, ev);
}

async function main(): Promise<void> {
  const o = options();
  if (fs.existsSync(o.out) && fs.readdirSync(o.out).length > 0)
    benchFail(
      'bench:methods',
      `--out '${o.out}' is not empty: name a new folder (its report would mix runs)`,
    );
  const store = new RunStore(o.cache);
  const cases: CaseResult[] = [];
  const started = performance.now();
  for (const model of o.models) {
    const setup = await setUp(model);
    for (const preset of o.presets) cases.push(await runCase(o, store, model, setup, preset));
    if (o.paced.length === 0 || o.pacedPresets.length === 0) continue;
    // Beside the run cache, so that its paced runs (keyed by the profile's hash) can be reused.
    const profiles = o.cache ? path.join(path.dirname(o.cache), 'profiles') : path.join(o.out, 'profiles');
    const host = await cachedHostProfile(setup.file, model, profiles, o.freshProfiles || !o.cache);
    for (const k of o.paced) {
      const derived = derivedProfile(host, k);
      for (const preset of o.pacedPresets) cases.push(await runCase(o, store, model, setup, preset, derived));
    }
  }
  const wallS = (performance.now() - started) / 1000;
  const report = await writeReport(o.out);
  process.stderr.write(`${report.evaluations} evaluations and their report: ${report.file}\n`);
  if (o.json) {
    console.log(
      JSON.stringify({ options: o, wallS, fresh: store.fresh, loaded: store.loaded, cases }, null, 2),
    );
    return;
  }
  console.log(writeUp(cases, { ...o, wallS, fresh: store.fresh, loaded: store.loaded }, table));
}

await main();
