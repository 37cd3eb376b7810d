/**
 * Profile-paced tiers: an evaluator on a tier that names a device profile
 * computes its part for real but takes the profile's time for it. Here the
 * run learns, before any stage starts, each paced stage's time (the sum of
 * its part's operators in the profile) and what the part costs on this host,
 * so that the staging area can be dilated until the host keeps up.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../core/errors.js';
import { silentLogger } from '../core/log.js';
import { median } from '../core/stats.js';
import { modelContentHash } from '../onnx/content-hash.js';
import { readModel, type LoadedModel } from '../onnx/model-file.js';
import {
  checkProfileFits,
  loadDeviceProfile,
  partMs,
  profileLabel,
  refuseSynthetic,
  type LoadedDeviceProfile,
} from '../pipeline/device-profile.js';
import { getRuntime } from '../runtime/registry.js';
import { modelInputSpecs, seededInputs } from '../slice/inputs.js';
import type { SlicePlan } from '../slice/plan.js';
import { writeSlices } from '../slice/write.js';
import type { RunPlan } from './run-plan.js';

export interface PacedStage {
  readonly stage: string;
  /** The profile's time for the stage's part, undilated. */
  readonly paceMs: number;
  /** The part's median time on this host, one unshared core. */
  readonly hostMs: number;
}

export interface PacedTier {
  readonly tier: string;
  readonly profile: string;
  /** "measured on …" or "synthetic: 'label', ×K of a profile measured on …". */
  readonly label: string;
  readonly synthetic: boolean;
  readonly stages: readonly PacedStage[];
}

export interface PacingFacts {
  readonly model: LoadedModel;
  readonly slice: SlicePlan | null;
  readonly input: { readonly name: string; readonly shape: readonly number[] };
  /** Tier → absolute path of the profile it names. */
  readonly profiles: Readonly<Record<string, string>>;
  readonly noSynthetic: boolean;
}

/** Headroom over the host's measured time, so that a noisy moment does not make the host lag. */
export const PACING_MARGIN = 1.1;
const HOST_RUNS = { warmup: 2, runs: 5 };

/** The run plan with each paced evaluator's time and the paced tiers it ran on. */
export async function planPacing(plan: RunPlan, facts: PacingFacts): Promise<RunPlan> {
  const tiers = [...new Set(plan.stages.filter((s) => s.part && facts.profiles[s.tier]).map((s) => s.tier))];
  if (tiers.length === 0) return plan;
  const loaded = new Map(tiers.map((t) => [t, loadFitting(t, facts)]));
  const nodeNames = partNodeNames(facts);
  const hostMs = await hostPartTimes(plan, facts, new Set(tiers));
  let k = -1;
  const stages = plan.stages.map((s) => {
    if (!s.part) return s;
    k++;
    if (!loaded.has(s.tier)) return s;
    return { ...s, paceMs: partMs(loaded.get(s.tier)!.profile, nodeNames[k] ?? []) };
  });
  const paced = tiers.map((tier): PacedTier => {
    const p = loaded.get(tier)!;
    return {
      tier,
      profile: p.file,
      label: profileLabel(p),
      synthetic: p.profile.synthetic !== null,
      stages: stages.flatMap((s) =>
        s.tier === tier && s.paceMs !== undefined
          ? [{ stage: s.name, paceMs: s.paceMs, hostMs: hostMs.get(s.name) ?? 0 }]
          : [],
      ),
    };
  });
  return { ...plan, stages, paced };
}

/** The least dilation at which this host computes every paced part within its profile time. */
export function pacingDilation(plan: RunPlan): number {
  let d = 1;
  for (const t of plan.paced)
    for (const s of t.stages) if (s.paceMs > 0) d = Math.max(d, (s.hostMs * PACING_MARGIN) / s.paceMs);
  return d;
}

// Hashing reads the whole model (hundreds of MB for VGG): once per file and version of it per process.
const hashes = new Map<string, string>();

function contentHash(model: LoadedModel): string {
  const stat = fs.statSync(model.file);
  const key = `${model.file}\n${stat.size}\n${stat.mtimeMs}`;
  let hash = hashes.get(key);
  if (hash === undefined) hashes.set(key, (hash = modelContentHash(model)));
  return hash;
}

function loadFitting(tier: string, facts: PacingFacts): LoadedDeviceProfile {
  const file = facts.profiles[tier]!;
  const loaded = loadDeviceProfile(file);
  if (facts.noSynthetic) refuseSynthetic(loaded, `tier ${tier}`);
  checkProfileFits(loaded, {
    sha256: contentHash(facts.model),
    inputs: [{ name: facts.input.name, shape: facts.input.shape }],
  });
  return loaded;
}

/** The ONNX node names of each part, in part order (the whole model when it is not split). */
function partNodeNames(facts: PacingFacts): string[][] {
  const nodes = facts.model.proto.graph?.node ?? [];
  if (!facts.slice) return [nodes.map((n) => n.name ?? '')];
  return facts.slice.parts.map((p) => p.nodeIndices.map((i) => nodes[i]?.name ?? ''));
}

/** Each paced stage's part timed on this host (parts written to a temporary folder and removed). */
async function hostPartTimes(
  plan: RunPlan,
  facts: PacingFacts,
  tiers: ReadonlySet<string>,
): Promise<Map<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-pacing-'));
  try {
    const files = facts.slice
      ? writeSlices(facts.slice, facts.model, path.join(dir, 'parts'), silentLogger).parts
      : [facts.model.file];
    const out = new Map<string, number>();
    let k = -1;
    for (const s of plan.stages) {
      if (!s.part) continue;
      k++;
      if (!tiers.has(s.tier)) continue;
      const file = files[k];
      if (file === undefined) throw new ConfigError(`no part file for stage ${s.name}`);
      out.set(s.name, await timePart(file, s.threads, s.executionProvider));
    }
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function timePart(file: string, threads: number, provider: string): Promise<number> {
  const part = readModel(file);
  const feeds = seededInputs(modelInputSpecs(part.proto));
  const session = await getRuntime().open(file, {
    intraOpThreads: threads,
    interOpThreads: 1,
    executionProvider: provider,
  });
  try {
    for (let i = 0; i < HOST_RUNS.warmup; i++) await session.run(feeds);
    const times: number[] = [];
    for (let i = 0; i < HOST_RUNS.runs; i++) {
      const t0 = performance.now();
      await session.run(feeds);
      times.push(performance.now() - t0);
    }
    return median(times);
  } finally {
    await session.release();
  }
}
