/**
 * A publish plan: everything a bundle holds, as plain data, made by a pure
 * function from a run plan (the same stages, parts and settings `couper run`
 * would use) and the infrastructure. Targets (targets/) turn it into files;
 * write.ts puts them on disk. Tests assert on this value.
 */
import path from 'node:path';
import { ConfigError } from '../core/errors.js';
import type { StageConfig, StageRole } from '../pipeline/messages.js';
import type { RunPlan } from '../run/run-plan.js';
import { stageConfig } from '../run/stage-config.js';
import type { Infra, Tier } from '../staging/index.js';
import { checkLabelValue } from './names.js';

/** Layout of plan.json in a bundle. */
export const PUBLISH_FORMAT = 1;
/** Every stage listens on this port in its own pod. */
export const STAGE_PORT = 8001;
/** Where the parts are mounted in an evaluator's container. */
export const MODELS_DIR = '/models';
/** Where each stage's configuration (from the ConfigMap) is mounted. */
export const CONFIG_DIR = '/etc/couper/stages';
/** Where a tier's TLS Secret is mounted (the contract shared with the transport). */
export const TLS_DIR = '/etc/couper/tls';

export interface PublishOptions {
  /** Bundle name (DNS-1123), the prefix of every object's name. */
  readonly name: string;
  readonly namespace: string;
  /** Node label key whose value is the tier's name. */
  readonly tierLabel: string;
  /** Add a toleration for a NoSchedule taint `tierLabel=tier` (dedicated nodes). */
  readonly tolerations: boolean;
  /** The runtime image, and the image that carries the parts. */
  readonly image: string;
  readonly partsImage: string;
  /** Mutual TLS on every hop, from one Secret per tier. */
  readonly tls: boolean;
}

export interface PublishedStage {
  readonly name: string;
  readonly role: StageRole;
  readonly tier: string;
  /** Object name of the stage's Deployment and Service. */
  readonly object: string;
  /** Address of the stage it sends to (the Service of the next stage), as the ConfigMap holds it. */
  readonly next: string;
  /** What the stage process is told (parts under MODELS_DIR, binding every address). */
  readonly config: StageConfig;
  /** The tier's capacity shared evenly by the stages placed on it. */
  readonly cpuMillis: number;
  readonly memoryMi: number;
  /** nvidia.com/gpu for evaluators on a tier with accelerators. */
  readonly gpus: number;
}

export interface PublishedTier {
  readonly name: string;
  readonly cpus: number;
  readonly memoryGb: number;
  readonly accelerators: readonly string[];
  readonly stages: readonly string[];
  /** The Secret holding this tier's certificate, when TLS is on. */
  readonly tlsSecret: string | null;
}

export interface PublishPlan extends PublishOptions {
  readonly formatVersion: number;
  readonly model: { readonly file: string; readonly sha256: string };
  readonly split: readonly string[];
  readonly cutId: string;
  readonly infra: string;
  /** File names under parts/. */
  readonly parts: readonly string[];
  readonly tiers: readonly PublishedTier[];
  readonly stages: readonly PublishedStage[];
  /** The labels file's text for the ConfigMap (mounted as CONFIG_DIR/labels.txt), or null. */
  readonly labels: string | null;
}

/**
 * The provider an evaluator on `tier` runs on in production: the tier's own
 * (`executionProvider` in the infrastructure), else CUDA where the tier has
 * accelerators (it gets nvidia.com/gpu), else what the run planned.
 */
function providerOn(tier: Tier, evaluator: { readonly executionProvider: string }): string {
  return tier.executionProvider ?? (tier.accelerators.length > 0 ? 'cuda' : evaluator.executionProvider);
}

/** Where a stage finds the labels file in its container. */
export const LABELS_FILE = `${CONFIG_DIR}/labels.txt`;

export interface PublishFacts {
  readonly run: RunPlan;
  /** The profile's labels file, read (it travels in the ConfigMap), or null. */
  readonly labels: string | null;
  readonly infra: Infra;
  readonly modelSha256: string;
  /** File names the parts have in parts/, in plan order. */
  readonly parts: readonly string[];
}

export function planPublish(facts: PublishFacts, options: PublishOptions): PublishPlan {
  const run = inContainer(facts.run, facts.labels !== null);
  const { infra } = facts;
  const used = infra.tiers.filter((t) => run.stages.some((s) => s.tier === t.name));
  for (const s of run.stages) {
    if (!used.some((t) => t.name === s.tier))
      throw new ConfigError(
        `stage ${s.name} is placed on '${s.tier}', which is no tier of infrastructure '${infra.name}' (tiers: ${infra.tiers.map((t) => t.name).join(', ')}); a tier is a node label, so every stage needs one`,
      );
    checkLabelValue(s.tier, `tier of stage ${s.name}`);
  }
  const objectOf = (stage: string): string => `${options.name}-${stage}`;
  const stages = run.stages.map((s, k): PublishedStage => {
    const tier = used.find((t) => t.name === s.tier)!;
    const sharing = run.stages.filter((o) => o.tier === s.tier).length;
    const part = s.role === 'evaluator' ? facts.parts[k - 2] : undefined;
    const planned = stageConfig(run, s, part === undefined ? undefined : `${MODELS_DIR}/${part}`, {
      bindAddress: '0.0.0.0',
    });
    const config: StageConfig = planned.evaluator
      ? {
          ...planned,
          evaluator: { ...planned.evaluator, executionProvider: providerOn(tier, planned.evaluator) },
        }
      : planned;
    return {
      name: s.name,
      role: s.role,
      tier: s.tier,
      object: objectOf(s.name),
      next: `${objectOf(s.next)}:${STAGE_PORT}`,
      config,
      ...share(tier, sharing),
      gpus: s.role === 'evaluator' && tier.accelerators.length > 0 ? 1 : 0,
    };
  });
  return {
    formatVersion: PUBLISH_FORMAT,
    ...options,
    model: { file: path.basename(run.model), sha256: facts.modelSha256 },
    split: run.split,
    cutId: run.cutId,
    infra: infra.name,
    parts: facts.parts,
    tiers: used.map((t) => ({
      name: t.name,
      cpus: t.cpus,
      memoryGb: t.memoryGb,
      accelerators: t.accelerators,
      stages: run.stages.filter((s) => s.tier === t.name).map((s) => s.name),
      tlsSecret: options.tls ? `couper-tls-${t.name}` : null,
    })),
    stages,
    labels: facts.labels,
  };
}

/**
 * The run plan with the profile's host paths replaced by the container's:
 * the labels file travels in the ConfigMap. A post-processor plug-in (a .js
 * file on this machine) is not carried into the image yet.
 */
function inContainer(run: RunPlan, labels: boolean): RunPlan {
  const output = run.profile.output;
  if (/[/\\]|\.m?js$/.test(output.kind))
    throw new ConfigError(
      `the profile's post-processor '${output.kind}' is a plug-in file; publishing carries built-in post-processors only`,
    );
  return { ...run, profile: { ...run.profile, output: { ...output, labels: labels ? LABELS_FILE : null } } };
}

/**
 * A stage's share of its tier: the tier is one node's worth of CPU and
 * memory, as the staging area caps it, split evenly among the stages there;
 * request and limit are equal, so the pod is Guaranteed and measured
 * figures carry over.
 */
function share(tier: Tier, stages: number): { cpuMillis: number; memoryMi: number } {
  return {
    cpuMillis: Math.max(1, Math.floor((tier.cpus * 1000) / stages)),
    memoryMi: Math.max(16, Math.floor((tier.memoryGb * 1024) / stages)),
  };
}
