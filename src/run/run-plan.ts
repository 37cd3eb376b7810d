/**
 * A run plan: which stage processes a `couper run` starts, what each one
 * computes, how they are chained, and with what queue capacities, threads,
 * encodings and placement. Pure data, made by planRun from facts the
 * orchestrator gathered; run.ts applies it. `--json` prints it.
 */
import { ConfigError } from '../core/errors.js';
import type { CutTensor } from '../core/tensor.js';
import type { SourceSpec } from '../pipeline/frame-source.js';
import type { StageRole } from '../pipeline/messages.js';
import type { ModelProfile } from '../pipeline/profile.js';
import type { PacedTier } from './pacing.js';

export type Encoding = 'raw' | 'fp16';

export interface PlannedCut {
  readonly id: string;
  readonly tensors: readonly CutTensor[];
  readonly bytes: number;
}

export interface PlannedPart {
  /** File name inside the run folder, or the model's own path when it is not split. */
  readonly file: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

export interface PlannedStage {
  readonly name: string;
  readonly role: StageRole;
  /** Evaluators: the model part it runs. */
  readonly part?: PlannedPart;
  readonly queueCapacity: number;
  readonly threads: number;
  /** Evaluators: the onnxruntime execution provider (the tier's, else the run's). */
  readonly executionProvider: string;
  /** Evaluators on a paced tier: the profile's time for the part, undilated (run/pacing.ts). */
  readonly paceMs?: number;
  /** Encoding of what this stage sends on (fp16 only ever applies to cut tensors). */
  readonly encoding: Encoding;
  readonly delayMs: number;
  /** The tier the stage runs on in a staged run; 'local' (or what --placement said) otherwise. */
  readonly tier: string;
  /** The stage it sends to; the classifier sends results back to the camera. */
  readonly next: string;
}

export interface RunPlan {
  readonly model: string;
  /** The split as the user gave it ('none' for the whole model in one evaluator). */
  readonly split: readonly string[];
  readonly cutId: string;
  readonly cuts: readonly PlannedCut[];
  readonly source: SourceSpec;
  readonly fps: number | null;
  /** Frames measured (after the warm-up); null: until the input ends or the run is stopped. */
  readonly frames: number | null;
  readonly warmup: number;
  readonly encoding: Encoding;
  readonly profile: ModelProfile;
  readonly input: { readonly name: string; readonly width: number; readonly height: number };
  readonly stages: readonly PlannedStage[];
  /** Tiers whose evaluators a device profile paces, with its provenance (run/pacing.ts). */
  readonly paced: readonly PacedTier[];
  readonly maxInFlight: number;
  readonly deadlineMs: number;
  readonly drainMs: number;
}

export interface RunFacts {
  readonly model: string;
  readonly split: readonly string[];
  readonly cuts: readonly PlannedCut[];
  readonly parts: readonly PlannedPart[];
  readonly source: SourceSpec;
  readonly profile: ModelProfile;
  readonly input: RunPlan['input'];
}

export interface RunSettings {
  readonly fps?: number;
  readonly frames?: number;
  readonly warmup: number;
  readonly queue: number;
  readonly threads: number;
  /** The execution provider evaluators run on where their tier names none ('cpu' when absent). */
  readonly executionProvider?: string;
  /** Refuse synthetic device profiles on paced tiers (--no-synthetic). */
  readonly noSynthetic?: boolean;
  readonly encoding: Encoding;
  readonly placement: Readonly<Record<string, string>>;
  /** A staged run: where stages go unless `placement` says otherwise. */
  readonly staged?: StagedSettings;
  readonly stageDelay: Readonly<Record<string, number>>;
  readonly maxInFlight: number;
  readonly deadlineMs: number;
  readonly drainMs: number;
}

export interface StagedSettings {
  /** The infrastructure's tiers, client-like first, cloud-like last; `placement` must name these. */
  readonly tiers: readonly string[];
  /** The infrastructure file's placement (stages this run does not have are ignored). */
  readonly placement: Readonly<Record<string, string>>;
  /** Tier → the execution provider its infrastructure entry names (tiers without one are absent). */
  readonly providers?: Readonly<Record<string, string>>;
  /** Tier → the device profile that paces it (absolute path; unpaced tiers are absent). */
  readonly profiles?: Readonly<Record<string, string>>;
}

export function planRun(facts: RunFacts, settings: RunSettings): RunPlan {
  const names = stageNames(facts.parts.length);
  checkStageKeys(settings.placement, names, '--placement');
  checkStageKeys(settings.stageDelay, names, '--stage-delay');
  const tiers = placeStages(names, settings);
  const stages = names.map((name, i): PlannedStage => {
    const role = roleOf(name);
    const k = role === 'evaluator' ? i - 2 : -1;
    const part = facts.parts[k];
    // fp16 applies to cut tensors only: the links between evaluators.
    const carriesCut = role === 'evaluator' && k < facts.parts.length - 1;
    return {
      name,
      role,
      ...(part && { part }),
      queueCapacity: settings.queue,
      threads: role === 'evaluator' ? settings.threads : 1,
      executionProvider: providerOf(tiers[name], settings),
      encoding: carriesCut ? settings.encoding : 'raw',
      delayMs: lookup(settings.stageDelay, name) ?? 0,
      tier: tiers[name] ?? 'local',
      next: names[(i + 1) % names.length]!,
    };
  });
  return {
    model: facts.model,
    split: facts.split,
    cutId: facts.cuts.length === 0 ? 'none' : facts.cuts.map((c) => c.id).join('+'),
    cuts: facts.cuts,
    source: facts.source,
    fps: settings.fps ?? null,
    frames: settings.frames ?? null,
    warmup: settings.warmup,
    encoding: settings.encoding,
    profile: facts.profile,
    input: facts.input,
    stages,
    paced: [],
    maxInFlight: settings.maxInFlight,
    deadlineMs: settings.deadlineMs,
    drainMs: settings.drainMs,
  };
}

/** A tier's own execution provider, else the run's, else the CPU. */
function providerOf(tier: string | undefined, settings: RunSettings): string {
  const own = tier === undefined ? undefined : settings.staged?.providers?.[tier];
  return own ?? settings.executionProvider ?? 'cpu';
}

/** Each stage's tier: --placement, then the infrastructure file's, then the defaults (staged runs only). */
function placeStages(names: readonly string[], settings: RunSettings): Record<string, string> {
  const staged = settings.staged;
  if (!staged) return Object.fromEntries(names.map((n) => [n, lookup(settings.placement, n) ?? 'local']));
  checkTiers(settings.placement, staged.tiers);
  const chosen = (n: string): string | undefined =>
    lookup(settings.placement, n) ?? lookup(staged.placement, n);
  const defaults = defaultPlacement(names, staged.tiers);
  const out: Record<string, string> = {};
  for (const n of names) out[n] = chosen(n) ?? defaults[n] ?? 'local';
  // The classifier follows the last evaluator unless it was placed itself.
  const last = names[names.length - 2];
  if (chosen('classifier') === undefined && last !== undefined) out['classifier'] = out[last] ?? 'local';
  return out;
}

/**
 * Where stages go when the user did not say (SPEC, paper Figure 1): camera
 * and transformer on the first (client) tier; one part on the second (edge)
 * tier, two parts on the last two tiers (edge, cloud), as many parts as tiers
 * one per tier in order (more parts pile onto the last tier); the classifier
 * with the last evaluator.
 */
export function defaultPlacement(names: readonly string[], tiers: readonly string[]): Record<string, string> {
  const evaluators = names.filter((n) => roleOf(n) === 'evaluator');
  const first = Math.max(0, Math.min(tiers.length - evaluators.length, 1));
  const tierAt = (i: number): string => tiers[Math.min(i, tiers.length - 1)] ?? 'local';
  const out: Record<string, string> = { camera: tierAt(0), transformer: tierAt(0) };
  evaluators.forEach((n, k) => (out[n] = tierAt(first + k)));
  out['classifier'] = out[evaluators[evaluators.length - 1] ?? 'transformer'] ?? tierAt(0);
  return out;
}

function checkTiers(placement: Readonly<Record<string, string>>, tiers: readonly string[]): void {
  for (const [stage, tier] of Object.entries(placement)) {
    if (!tiers.includes(tier))
      throw new ConfigError(
        `--placement: ${stage}=${tier} names no tier of the infrastructure (tiers: ${tiers.join(', ')})`,
      );
  }
}

/** camera, transformer, evaluator0 … evaluatorN-1, classifier. */
export function stageNames(parts: number): string[] {
  return ['camera', 'transformer', ...Array.from({ length: parts }, (_, k) => `evaluator${k}`), 'classifier'];
}

function roleOf(name: string): StageRole {
  return name.startsWith('evaluator') ? 'evaluator' : (name as StageRole);
}

/** A value given for the stage by name, or for its role ('evaluator' means every evaluator). */
function lookup<T>(map: Readonly<Record<string, T>>, name: string): T | undefined {
  return map[name] ?? map[roleOf(name)];
}

function checkStageKeys(
  map: Readonly<Record<string, unknown>>,
  names: readonly string[],
  option: string,
): void {
  for (const key of Object.keys(map)) {
    if (!names.includes(key) && key !== 'evaluator') {
      throw new ConfigError(`${option}: no stage '${key}' in this run (stages: ${names.join(', ')})`);
    }
  }
}

/** Parse `stage=value,stage=value` (value checked by `parse`); `option` names the flag in errors. */
export function parseStageMap<T>(
  text: string | undefined,
  option: string,
  parse: (value: string) => T | undefined,
): Record<string, T> {
  const map: Record<string, T> = {};
  for (const item of (text ?? '').split(',').filter((s) => s !== '')) {
    const eq = item.indexOf('=');
    const value = eq > 0 ? parse(item.slice(eq + 1)) : undefined;
    if (value === undefined) throw new ConfigError(`${option}: '${item}' is not stage=value`);
    map[item.slice(0, eq)] = value;
  }
  return map;
}

/** One line per paced tier: which profile set its time (and whether it is a synthetic what-if), per stage. */
export function pacedNotes(plan: Pick<RunPlan, 'paced'>): string[] {
  return plan.paced.map(
    (t) =>
      `paced: tier ${t.tier} by ${t.profile} (${t.label}): ${t.stages.map((s) => `${s.stage} ${s.paceMs.toFixed(2)} ms`).join(', ')}`,
  );
}
