/**
 * The staged site: each stage on its tier of a staging area (in
 * the tier's namespace and cgroup), each hop through the emulated link
 * between the two tiers. The area is created with the run as its signal
 * owner (the orchestrator handles SIGINT/SIGTERM and closes the site).
 */
import { ConfigError } from '../../core/errors.js';
import path from 'node:path';
import { tlsArgs } from '../../pipeline/stage-args.js';
import {
  getDriver,
  tierTlsFiles,
  type StagingPlan,
  type StagingArea,
  type TierTls,
} from '../../staging/index.js';
import { STAGE_IPC_OPTIONS, STAGE_MAIN } from '../processes.js';
import type { PlannedStage, RunPlan, StagedSettings } from '../run-plan.js';
import type { Site, StagingSummary } from './site.js';

/** What a run's settings need to know of a staging plan to place its stages. */
export function stagedSettings(plan: StagingPlan): StagedSettings {
  const providers: Record<string, string> = {};
  const profiles: Record<string, string> = {};
  for (const t of plan.tiers) {
    if (t.executionProvider !== null) providers[t.name] = t.executionProvider;
    if (t.profile !== null) profiles[t.name] = t.profile;
  }
  return { tiers: plan.tiers.map((t) => t.name), placement: plan.placement, providers, profiles };
}

export async function stagedSite(
  stagingPlan: StagingPlan,
  runPlan: RunPlan,
  backend = 'local',
): Promise<Site> {
  checkRoutes(stagingPlan, runPlan);
  const area = await getDriver(backend).create(stagingPlan, { handleSignals: false, deferCpuLimits: true });
  let tls: Readonly<Record<string, TierTls>>;
  try {
    // Generated ones go in the area's temp folder, so they go with the area.
    tls = tierTlsFiles(stagingPlan, path.join(stagingPlan.tempDir, 'tls'));
  } catch (err) {
    await area.destroy();
    throw err;
  }
  const stageArgs = (stage: PlannedStage): string[] => {
    const files = tls[stage.tier];
    return [STAGE_MAIN, stage.name, ...(files ? tlsArgs(files) : [])];
  };
  return {
    dilation: stagingPlan.scaling.dilation,
    spawn: (stage) => area.spawn(stage.tier, process.execPath, stageArgs(stage), STAGE_IPC_OPTIONS),
    bindAddress: (stage) => area.bindAddress(stage.tier),
    beforeStart: () => area.applyCpuLimits?.(),
    address: (from, to, port) => area.address(from.tier, to.tier, port),
    summary: (cameraFps) => stagingSummary(area, runPlan, cameraFps),
    watchHelpers: (onDeath) => area.watchHelpers(onDeath),
    close: () => area.destroy(),
  };
}

/** Every stage on a tier of the plan, and a link between the tiers of every hop: checked before anything is built. */
export function checkRoutes(stagingPlan: StagingPlan, runPlan: RunPlan): void {
  const tiers = stagingPlan.tiers.map((t) => t.name);
  const linked = (a: string, b: string): boolean =>
    a === b || stagingPlan.links.some((l) => l.between.includes(a) && l.between.includes(b));
  const byName = new Map(runPlan.stages.map((s) => [s.name, s] as const));
  for (const s of runPlan.stages) {
    if (!tiers.includes(s.tier))
      throw new ConfigError(
        `stage ${s.name} is placed on tier '${s.tier}', which ${stagingPlan.infra.source} does not have (tiers: ${tiers.join(', ')})`,
      );
    const next = byName.get(s.next);
    if (next && !linked(s.tier, next.tier))
      throw new ConfigError(
        `${stagingPlan.infra.source} has no link between tiers '${s.tier}' and '${next.tier}' (stage ${s.name} sends to ${next.name})`,
      );
  }
}

function stagingSummary(area: StagingArea, runPlan: RunPlan, cameraFps: number): StagingSummary {
  const p = area.plan;
  const { network, delay, bandwidth, cpu, notes } = p.fidelity;
  return {
    runId: p.runId,
    infra: p.infra.name,
    fidelity: { network, delay, bandwidth, cpu, notes },
    scale: p.scaling.scale,
    dilation: p.scaling.dilation,
    cameraFps,
    gpuSubstitute: p.gpuSubstitute,
    placement: Object.fromEntries(runPlan.stages.map((s: PlannedStage) => [s.name, s.tier])),
    notes: p.notes,
  };
}
