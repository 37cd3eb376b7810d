/**
 * `npm run bench:repeat` (issue 15): does the same evaluation give the same
 * answer twice? Each model × preset is evaluated R times with fresh staged
 * runs, by each method; within one repeat the methods share runs (as
 * `couper evaluate` reuses identical runs from its run cache), across
 * repeats nothing is shared. Per case and method it reports how many
 * repeats agree on the placement, how many were declared a tie, the extra
 * runs the referee spent, and the time to decision, before and after:
 *
 *   before: the referee on point estimates alone, from each split's first run
 *           (what Couper did before intervals; the same runs, so the
 *           comparison is of the rule, not of the noise);
 *   after:  the referee with 95% intervals, re-staging overlapping
 *           contenders within --confidence-budget.
 *
 * Target: in every case the repeats agree or the tool declares a tie; no
 * case where two repeats each call a different placement "clear".
 *
 *   npm run bench:repeat -- [--models a,b,c] [--presets mid-end,high-end]
 *        [--methods strongman,hybrid,predictive] [--repeats N] [--frames N] [--warmup N]
 *        [--budget N|Ns] [--max-tier-cores N] [--json]
 *
 * The default (squeezenet1_1 × mid-end, predictive, 3 repeats: about 20 staged
 * runs of 30 frames) finishes in about ten minutes on the shared, loaded 2-core
 * machine, where one staged run took 24 s; the full size is
 * --models squeezenet1_1,mobilenet_v2,resnet50 --presets mid-end,high-end
 * --methods strongman,hybrid,predictive --repeats 5.
 */
import { table } from '../src/cli/format.js';
import { BETWEEN_RUN_FLOOR, type ConfidenceBudget } from '../src/evaluate/confidence.js';
import { makeDecision } from '../src/evaluate/decision.js';
import { evaluate, type Evaluation } from '../src/evaluate/evaluate.js';
import { listCandidates } from '../src/evaluate/job.js';
import { getMethod } from '../src/evaluate/methods/registry.js';
import { operatorTimes, timeShare } from '../src/evaluate/op-profile.js';
import { pipelineProfiler } from '../src/evaluate/pipeline-profiler.js';
import { defaultMinFrames, type Profiler } from '../src/evaluate/profiler.js';
import { objectiveValue, referee } from '../src/evaluate/referee.js';
import { getRuntime } from '../src/runtime/registry.js';
import type { Candidate } from '../src/slice/candidates.js';
import { loadInfra, PRESETS } from '../src/staging/load.js';
import { ensureModel, modelNames } from '../test/helpers/models.js';
import { SharedRuns } from './repeat-runs.js';
import { runSpread, summarise, type Outcome } from './repeat-summary.js';
import {
  benchArgs,
  benchFail,
  benchNames,
  benchNumber,
  commaList,
  CORES,
  FRAMES,
  RUNS,
  WARMUP,
  type NumberBounds,
} from './args.js';

interface Options {
  readonly models: string[];
  readonly presets: string[];
  readonly methods: string[];
  readonly repeats: number;
  readonly frames: number;
  readonly warmup: number;
  readonly budget: ConfidenceBudget;
  readonly maxTierCores: number;
  readonly json: boolean;
}

function options(): Options {
  const values = benchArgs('bench:repeat', {
    models: { type: 'string', default: 'squeezenet1_1' },
    presets: { type: 'string', default: 'mid-end' },
    methods: { type: 'string', default: 'predictive' },
    repeats: { type: 'string', default: '3' },
    frames: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    budget: { type: 'string', default: '6' },
    'max-tier-cores': { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
  });
  const num = (flag: string, text: string, bounds: NumberBounds): number =>
    benchNumber('bench:repeat', flag, text, bounds);
  const budget = values.budget.endsWith('s')
    ? { seconds: num('budget', values.budget.slice(0, -1), { min: 1, max: 86_400 }) }
    : { runs: num('budget', values.budget, RUNS) };
  const models = commaList(values.models);
  const presets = commaList(values.presets);
  const methods = commaList(values.methods);
  for (const [flag, items] of [
    ['models', models],
    ['presets', presets],
    ['methods', methods],
  ] as const)
    if (items.length === 0) benchFail('bench:repeat', `--${flag} is empty: name at least one`);
  benchNames('bench:repeat', 'models', models, modelNames());
  benchNames('bench:repeat', 'presets', presets, PRESETS);
  return {
    models,
    presets,
    methods,
    repeats: num('repeats', values.repeats, RUNS),
    frames: num('frames', values.frames, FRAMES),
    warmup: num('warmup', values.warmup, WARMUP),
    budget,
    maxTierCores: num('max-tier-cores', values['max-tier-cores'], CORES),
    json: values.json,
  };
}

interface ModelSetup {
  readonly file: string;
  readonly candidates: Candidate[];
  readonly headShare: (c: Candidate) => number;
}

async function setUp(model: string): Promise<ModelSetup> {
  const file = ensureModel(model);
  const { candidates, analysed } = await listCandidates({ model: file, algorithm: 'auto', maxTensors: 4 });
  const headShare = timeShare(analysed, await operatorTimes(analysed, getRuntime()));
  return { file, candidates, headShare };
}

/** One repeat of one case: every method, sharing this repeat's runs. */
/** Every staged run's mean latency, by case and split, across repeats (for the run-to-run spread). */
const staged: { key: string; meanMs: number }[] = [];

async function repeatCase(o: Options, setup: ModelSetup, preset: string, repeat: number): Promise<Outcome[]> {
  const infra = loadInfra(preset);
  const staging = { plan: { gpuSubstitute: 'cpu' as const, maxTierCores: o.maxTierCores }, backend: 'local' };
  const runs = new SharedRuns(pipelineProfiler({ model: setup.file, infra, staging }));
  const outcomes: Outcome[] = [];
  for (const name of o.methods) {
    process.stderr.write(`repeat ${repeat + 1}/${o.repeats} × ${preset}: ${name}\n`);
    const asker = runs.asker();
    const ev = await evaluateWith(o, setup, infra, name, asker);
    outcomes.push(outcomeOf(name, ev, asker));
  }
  staged.push(
    ...runs.meanLatencies.map((r) => ({ key: `${setup.file} ${preset} ${r.key}`, meanMs: r.meanMs })),
  );
  return outcomes;
}

async function evaluateWith(
  o: Options,
  setup: ModelSetup,
  infra: ReturnType<typeof loadInfra>,
  method: string,
  profiler: Profiler,
): Promise<Evaluation> {
  return evaluate(
    {
      candidates: setup.candidates,
      infra,
      method: await getMethod(method),
      objective: 'latency',
      constraints: {},
      frames: o.frames,
      warmup: o.warmup,
      fps: 24,
      minFrames: defaultMinFrames(o.frames),
      headShare: setup.headShare,
      confidenceBudget: o.budget,
    },
    {
      profiler,
      onProgress: (e) => process.stderr.write(`  ${e.index}/${e.total} ${e.key}\n`),
    },
  );
}

function outcomeOf(method: string, ev: Evaluation, asker: ReturnType<SharedRuns['asker']>): Outcome {
  const first = referee([...ev.baselines, ...ev.runs], 'latency', {});
  const before = first.chosen?.key ?? 'none';
  // How far the runner-up's first run is behind the best's: within about 35% the floor re-stages both.
  const [best, second] = first.ranked.map((r) => objectiveValue(r, 'latency'));
  const margin = best && second ? second / best - 1 : null;
  const decision = makeDecision(
    { model: '', infra: '', method, objective: 'latency', constraints: {}, listed: 0 },
    ev,
  );
  return {
    method,
    before,
    after: decision.chosen?.key ?? 'none',
    verdict: decision.certainty.verdict,
    margin,
    extraRuns: decision.certainty.extraRuns.length,
    beforeMs: asker.wallMs((repeat) => repeat === 0),
    afterMs: asker.wallMs(() => true),
  };
}

async function main(): Promise<void> {
  const o = options();
  const started = performance.now();
  const rows: ReturnType<typeof summarise>[] = [];
  for (const model of o.models) {
    const setup = await setUp(model);
    for (const preset of o.presets) {
      const repeats: Outcome[][] = [];
      for (let r = 0; r < o.repeats; r++) repeats.push(await repeatCase(o, setup, preset, r));
      for (const method of o.methods)
        rows.push(
          summarise(
            model,
            preset,
            method,
            repeats.map((outs) => outs.find((x) => x.method === method)!),
          ),
        );
    }
  }
  const wallS = (performance.now() - started) / 1000;
  const spread = runSpread(staged);
  if (o.json) {
    console.log(JSON.stringify({ options: o, wallS, rows, spread, floor: BETWEEN_RUN_FLOOR }, null, 2));
    return;
  }
  console.log(
    table(
      [
        'model',
        'preset',
        'method',
        'agree before',
        'agree after',
        'ties',
        'extra runs',
        'conflicting clear',
        'ttd before s',
        'ttd after s',
        'decisions after',
        'runner-up behind',
      ],
      rows.map((r) => [
        r.model,
        r.preset,
        r.method,
        `${r.agreeBefore}/${r.repeats}`,
        `${r.agreeAfter}/${r.repeats}`,
        `${r.ties}/${r.repeats}`,
        `${r.extraRuns} (${r.extraPerRepeat.join(',')})`,
        r.conflictingClear ? 'YES' : 'no',
        r.ttdBeforeS.toFixed(1),
        r.ttdAfterS.toFixed(1),
        r.decisions,
        r.margins,
      ]),
    ),
  );
  const met = rows.every((r) => !r.conflictingClear && (r.agreeAfter === r.repeats || r.ties > 0));
  console.log(
    `\ntarget (every case agrees or declares a tie; no two repeats call different placements clear): ${met ? 'met' : 'NOT met'}`,
  );
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  console.log(
    spread
      ? `run-to-run spread of mean latency (half-range / mean, ${spread.splits} splits run at least twice): median ${pct(spread.median)}, max ${pct(spread.max)} (${spread.maxKey.split('/').pop()}); the referee's floor for a split run once: ±${pct(BETWEEN_RUN_FLOOR)}`
      : 'run-to-run spread: no split was run twice',
  );
  console.log(
    `wall time ${wallS.toFixed(0)} s; budget ${JSON.stringify(o.budget)}; frames ${o.frames}, warm-up ${o.warmup}`,
  );
}

await main();
