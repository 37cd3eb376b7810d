/**
 * The figures and the printed write-up of `npm run bench:methods`: one table
 * per model × preset, then the issue's targets checked over all cases, then
 * the comparison with the paper's Table 5 and Figure 9.
 */
import { median } from '../src/core/stats.js';
import type { Decision } from '../src/evaluate/decision.js';
import type { Evaluation } from '../src/evaluate/evaluate.js';
import type { RunRecord } from '../src/evaluate/types.js';
import { SPEEDUPS, type CloudWhatIf } from './methods-whatif.js';

export interface MethodRow {
  readonly method: string;
  readonly decision: Decision;
  /** Candidate runs the method asked for (the 3 baselines come on top, for every method). */
  readonly staged: number;
  readonly ttdMs: number;
}

export interface PredictionErrors {
  /** Median relative latency error over the candidates predictive staged to confirm. */
  readonly confirmed: number | null;
  /** The same over every candidate strongman measured. */
  readonly all: number | null;
  readonly allCount: number;
  /** Median |predicted − measured| drop rate (absolute) over every candidate measured. */
  readonly dropAbs: number | null;
}

export interface Figures {
  readonly latencyMs: number | null;
  readonly dropRate: number | null;
}

export interface CaseResult {
  readonly model: string;
  readonly preset: string;
  readonly rows: readonly MethodRow[];
  readonly errors: PredictionErrors;
  readonly baselines: Readonly<Record<string, Figures>>;
  /** Strongman's best candidate (a split, not a baseline). */
  readonly bestSplit: ({ readonly key: string } & Figures) | null;
  /** Hybrid replayed over the same runs with a faster cloud slice (methods-whatif.ts). */
  readonly cloudWhatIf: CloudWhatIf;
}

/** The median, or null for no values (a case without figures). */
export function medianOrNull(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : median(xs);
}

export function figures(r: RunRecord | undefined): Figures {
  return { latencyMs: r?.metrics?.latencyMs?.mean ?? null, dropRate: r?.metrics?.dropRate ?? null };
}

export function predictionErrors(
  predictive: Evaluation | null,
  strongman: Evaluation | null,
): PredictionErrors {
  const preds = predictive?.predictions ?? {};
  const errorsOver = (runs: readonly RunRecord[]): { lat: number[]; drop: number[] } => {
    const lat: number[] = [];
    const drop: number[] = [];
    for (const r of runs) {
      const p = preds[r.key];
      const m = figures(r);
      if (!p || r.status === 'failed') continue;
      if (m.latencyMs !== null && m.latencyMs > 0)
        lat.push(Math.abs(p.latencyMs - m.latencyMs) / m.latencyMs);
      if (m.dropRate !== null) drop.push(Math.abs(p.dropRate - m.dropRate));
    }
    return { lat, drop };
  };
  const all = errorsOver(strongman?.runs ?? []);
  return {
    confirmed: medianOrNull(errorsOver(predictive?.runs ?? []).lat),
    all: medianOrNull(all.lat),
    allCount: all.lat.length,
    dropAbs: medianOrNull(all.drop),
  };
}

const pct = (x: number | null): string => (x === null ? '–' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)}%`);
/** A prediction error (a magnitude) with one decimal, so a figure beside the 15% target reads on the side it falls. */
export const errorPct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const rel = (x: number | null, base: number | null | undefined): number | null =>
  x === null || base === null || base === undefined || base <= 0 ? null : (x - base) / base;

/** Objective value against strongman's best ((v − best) / best). */
export function vsStrongman(row: MethodRow, rows: readonly MethodRow[]): number | null {
  const best = rows.find((r) => r.method === 'strongman')?.decision.chosen?.value ?? null;
  return rel(row.decision.chosen?.value ?? null, best);
}

function caseTable(c: CaseResult, table: TableFn): string {
  const { 'cloud-only': cloud, 'edge-only': edge } = c.baselines;
  const header = [
    'method',
    'listed',
    'staged',
    'ttd s',
    'chosen',
    'latency ms',
    'vs best',
    'drop',
    'lat vs cloud',
    'lat vs edge',
    'drop vs cloud',
    'drop vs edge',
  ];
  const rows = c.rows.map((r) => {
    const ch = r.decision.chosen;
    const lat = ch?.latencyMs ?? null;
    const drop = ch?.dropRate ?? null;
    return [
      r.method,
      String(r.decision.candidates.listed),
      `${r.staged} (+3)`,
      (r.ttdMs / 1000).toFixed(0),
      ch?.key ?? 'none',
      lat === null ? '–' : lat.toFixed(1),
      pct(vsStrongman(r, c.rows)),
      drop === null ? '–' : drop.toFixed(2),
      pct(rel(lat, cloud?.latencyMs)),
      pct(rel(lat, edge?.latencyMs)),
      pct(rel(drop, cloud?.dropRate)),
      pct(rel(drop, edge?.dropRate)),
    ];
  });
  const base = (name: string, f: Figures | undefined): string =>
    `${name} ${f?.latencyMs?.toFixed(1) ?? '–'} ms, drop ${f?.dropRate?.toFixed(2) ?? '–'}`;
  const e = c.errors;
  return [
    `## ${c.model} × ${c.preset}`,
    `baselines: ${base('client-only', c.baselines['client-only'])}; ${base('edge-only', edge)}; ${base('cloud-only', cloud)}`,
    table(header, rows),
    bestSplitLine(c),
    `predictive error (latency, median |predicted − measured| / measured): ${errorPct(e.confirmed)} on its confirmed runs, ${errorPct(e.all)} over all ${e.allCount} measured candidates; drop rate off by ${e.dropAbs?.toFixed(2) ?? '–'} (median, absolute)`,
  ].join('\n');
}

function bestSplitLine(c: CaseResult): string {
  const s = c.bestSplit;
  if (!s) return 'best split: none with figures';
  const { 'cloud-only': cloud, 'edge-only': edge } = c.baselines;
  return `best split (strongman's best candidate) ${s.key}: ${s.latencyMs?.toFixed(1) ?? '–'} ms (${pct(rel(s.latencyMs, cloud?.latencyMs))} vs cloud-only, ${pct(rel(s.latencyMs, edge?.latencyMs))} vs edge-only), drop ${s.dropRate?.toFixed(2) ?? '–'} (${pct(rel(s.dropRate, cloud?.dropRate))} vs cloud-only, ${pct(rel(s.dropRate, edge?.dropRate))} vs edge-only)`;
}

export type TableFn = (header: readonly string[], rows: ReadonlyArray<readonly string[]>) => string;

/** What the benchmark staged and how: its command-line settings. */
export interface BenchSettings {
  readonly models: readonly string[];
  readonly presets: readonly string[];
  readonly frames: number;
  readonly warmup: number;
  readonly fps: number;
  readonly maxTierCores: number;
  /** Staging's CPU quota per period (ms) and the host's reserve; undefined: staging's defaults. */
  readonly cpuQuotaMs: number | undefined;
  readonly reserveCores: number | undefined;
}

export interface RunInfo extends BenchSettings {
  readonly wallS: number;
  readonly fresh: number;
  readonly loaded: number;
}

/** One row per model × preset: what each method staged, where they landed, how far predictive's guesses were. */
function summaryTable(cases: readonly CaseResult[], table: TableFn): string {
  const header = [
    'model × preset',
    'listed',
    'strongman',
    'comm-slim',
    'early-stop',
    'hybrid',
    'predictive',
    'best (strongman)',
    'hybrid vs best',
    'predictive vs best',
    'pred. error',
    'best vs cloud',
  ];
  const rows = cases.map((c) => {
    const row = (m: string): MethodRow | undefined => c.rows.find((r) => r.method === m);
    const staged = (m: string): string => String(row(m)?.staged ?? '–');
    const vs = (m: string): string => {
      const r = row(m);
      return r ? pct(vsStrongman(r, c.rows)) : '–';
    };
    const best = row('strongman')?.decision.chosen ?? null;
    return [
      `${c.model} × ${c.preset}`,
      String(row('strongman')?.decision.candidates.listed ?? '–'),
      staged('strongman'),
      staged('comm-slim'),
      staged('early-stop'),
      staged('hybrid'),
      staged('predictive'),
      best?.key ?? 'none',
      vs('hybrid'),
      vs('predictive'),
      errorPct(c.errors.confirmed),
      pct(rel(best?.latencyMs ?? null, c.baselines['cloud-only']?.latencyMs)),
    ];
  });
  return ['## All cases (candidates staged, without the 3 baselines)', table(header, rows)].join('\n');
}

const times = (k: number | null): string => (k === null ? `> ×${SPEEDUPS[SPEEDUPS.length - 1]}` : `×${k}`);

/** Hybrid's staged count if the cloud slice computed k times faster: arithmetic on the measured runs. */
function whatIfTable(cases: readonly CaseResult[], table: TableFn): string {
  const header = ['model × preset', 'strongman', 'a fifth', ...SPEEDUPS.map((k) => `×${k}`), 'needs'];
  const rows = cases.map((c) => {
    const strongman = c.rows.find((r) => r.method === 'strongman')?.staged ?? 0;
    return [
      `${c.model} × ${c.preset}`,
      String(strongman),
      (strongman / 5).toFixed(1),
      ...SPEEDUPS.map((k) => String(c.cloudWhatIf.staged[String(k)] ?? '–')),
      times(c.cloudWhatIf.needed),
    ];
  });
  return [
    '## What-if: hybrid with a faster cloud (candidates staged if the cloud slice computed k× faster)',
    "Not a measurement: hybrid replayed over the same staged runs with the cloud slice's compute divided by k (latency, drops",
    'and bytes as measured). "needs" is the least k at which hybrid stages at most a fifth of strongman\'s candidates.',
    table(header, rows),
  ].join('\n');
}

function targets(all: readonly CaseResult[]): string[] {
  const row = (c: CaseResult, m: string): MethodRow | undefined => c.rows.find((r) => r.method === m);
  // A case where no run processed enough frames has no best to compare with: every method returns no decision.
  const undecided = all.filter((c) => !row(c, 'strongman')?.decision.chosen);
  const cases = all.filter((c) => !undecided.includes(c));
  const hybridOk = cases.filter(
    (c) => (row(c, 'hybrid')?.staged ?? Infinity) <= (row(c, 'strongman')?.staged ?? 0) / 5,
  );
  const within = cases.filter((c) => {
    const v = vsStrongman(row(c, 'predictive')!, c.rows);
    return v !== null && v <= 0.05;
  });
  const predStaged = Math.max(...all.map((c) => row(c, 'predictive')?.staged ?? 0));
  const errs = all.flatMap((c) => (c.errors.confirmed === null ? [] : [c.errors.confirmed]));
  const errsAll = all.flatMap((c) => (c.errors.all === null ? [] : [c.errors.all]));
  const share = within.length / Math.max(1, cases.length);
  const ok = (b: boolean): string => (b ? 'met' : 'NOT met');
  const e = medianOrNull(errs);
  const missed = (xs: readonly CaseResult[]): string => {
    const names = cases.filter((c) => !xs.includes(c)).map((c) => `${c.model} × ${c.preset}`);
    return names.length === 0 ? '' : `; not in: ${names.join(', ')}`;
  };
  return [
    '## Targets (issue 5)',
    ...(undecided.length === 0
      ? []
      : [
          `- no decision (no run processed enough frames, for any method): ${undecided.map((c) => `${c.model} × ${c.preset}`).join(', ')}; left out of the two comparisons below`,
        ]),
    `- hybrid stages at most a fifth of strongman's candidates: ${hybridOk.length} of ${cases.length} cases (${ok(hybridOk.length === cases.length)}${missed(hybridOk)})`,
    `- what-if (not measured): with the cloud slice k× faster, hybrid would stage at most a fifth in every decided case from ${whatIfNeeded(cases)}`,
    `- predictive stages at most 3: at most ${predStaged} (${ok(predStaged <= 3)})`,
    `- predictive within 5% of strongman's best in ≥ 9 of 10 cases: ${within.length} of ${cases.length} (${(share * 100).toFixed(0)}%, ${ok(share >= 0.9)}${missed(within)})`,
    `- prediction error < 15% (median over cases of each case's median on confirmed runs): ${errorPct(e)} (${ok(e !== null && e < 0.15)}); over every measured candidate: ${errorPct(medianOrNull(errsAll))}`,
  ];
}

/** The least speed-up in the ladder at which every case meets a fifth (null: not within the ladder). */
function whatIfNeeded(cases: readonly CaseResult[]): string {
  const needs = cases.map((c) => c.cloudWhatIf.needed);
  return needs.includes(null)
    ? `no k up to ×${SPEEDUPS[SPEEDUPS.length - 1]}`
    : `k = ${Math.max(1, ...(needs as number[]))}`;
}

const PAPER = [
  '## Against the paper',
  'Table 5 (mid-end edge; strongman / comm-slim / hybrid candidates evaluated): MobileNetV2 155/132/3, ResNetV2-50 34/15/1,',
  'VGG16 52/20/1, InceptionV3 34/15/2. Ours count articulation candidates of the torchvision exports (the paper counts',
  "TF-Slim layers), so strongman's numbers differ by model export; the reduction by comm-slim and hybrid is the comparable part.",
  'Figure 9 (hybrid\'s best vs cloud-only): 40–90% lower latency, 60–99% fewer dropped frames. The "lat vs cloud" and',
  '"drop vs cloud" columns of the hybrid rows are the same figures here (negative is better).',
];

export function writeUp(cases: readonly CaseResult[], info: RunInfo, table: TableFn): string {
  return [
    `# bench:methods — ${info.models.join(', ')} × ${info.presets.join(', ')}; ${info.frames} frames after ${info.warmup} warm-up at ${info.fps} fps; objective latency`,
    `Every run staged on the preset's tiers (namespaces, cgroups, emulated links; --gpu-substitute cpu, --max-tier-cores ${info.maxTierCores}${info.cpuQuotaMs === undefined ? ', 10 ms CPU periods' : `, --cpu-quota-ms ${info.cpuQuotaMs}`}${info.reserveCores === undefined ? '' : `, --reserve-cores ${info.reserveCores}`}; figures undilated).`,
    `Each split is staged once per model × preset and every method draws from that run; "staged" counts the candidate runs a method asked for (+3 baselines),`,
    `and "ttd" adds up those runs' wall times as staged (plus the operator profile for predictive). ${info.fresh} runs staged now, ${info.loaded} taken from the run cache of an earlier invocation; ${info.wallS.toFixed(0)} s wall.`,
    '',
    ...cases.flatMap((c) => [caseTable(c, table), '']),
    ...(cases.length > 1 ? [summaryTable(cases, table), ''] : []),
    whatIfTable(cases, table),
    '',
    ...targets(cases),
    '',
    ...PAPER,
  ].join('\n');
}
