/**
 * `couper run --infra …`: the staging options of a run, turned into a
 * StagingPlan (pure, before anything is built) and the run settings that place
 * stages on its tiers.
 */
import { UsageError } from '../../core/errors.js';
import type { SiteFactory } from '../../run/sites/site.js';
import { stagedSite } from '../../run/sites/staged.js';
export { stagedSettings } from '../../run/sites/staged.js';
import { atLeastDilated } from '../../run/pacing-lag.js';
import type { RunPlan } from '../../run/run-plan.js';
import {
  DEFAULT_MIN_RESERVE_CORES,
  driverNames,
  getDriver,
  loadInfra,
  makeStagingPlan,
  newRunId,
  PRESETS,
  probeHost,
  type PlanOptions,
  type StagingPlan,
} from '../../staging/index.js';
import { renderPlanHeader } from '../render/staging.js';
import { stderrLogger } from '../../core/log.js';
import { flag, positiveNumber, stringOption } from '../args.js';
import type { OptionDefs, OptionValues } from '../command.js';

export const STAGING_OPTIONS: OptionDefs = {
  infra: {
    value: 'PRESET|FILE',
    help: `the infrastructure: a preset (${PRESETS.join(', ')}) or a YAML file of tiers and links`,
  },
  backend: {
    value: driverNames().join('|'),
    help: 'run each stage as a process in its tier, or in a podman container',
    default: 'local',
  },
  'gpu-substitute': {
    value: 'cpu',
    help: "emulate a tier's accelerators by its CPU share instead of failing",
  },
  'max-tier-cores': { value: 'N', help: 'emulate at most N cores of any tier' },
  'reserve-cores': {
    value: 'X',
    help: 'host cores kept for the orchestrator and link emulators',
    default: `10% of the host, at least ${DEFAULT_MIN_RESERVE_CORES}`,
  },
  'cpu-quota-ms': { value: 'Q', help: 'give every tier Q ms of CPU per period instead of 10 ms periods' },
  loopback: { help: 'join the tiers over loopback and user-space links even where namespaces work' },
  tls: {
    help: "mutual TLS on every hop, with a throwaway CA and a certificate per tier (the infrastructure's own tls files win)",
  },
  'no-synthetic': { help: 'refuse synthetic device profiles (derived what-ifs) on paced tiers' },
};

/** As many cores as a tier may have (staging/infra-schema.ts); a hundredth of one is the least worth emulating. */
const MAX_CORES = 4096;

/** Every staging option but --infra itself: meaningless without it. */
const STAGING_ONLY = Object.keys(STAGING_OPTIONS).filter((o) => o !== 'infra');

/** The staging plan for `--infra`, or null for a local run (where the staging options make no sense). */
export function stagingPlanFrom(options: OptionValues): StagingPlan | null {
  const infra = stringOption(options, 'infra');
  if (infra === undefined) {
    const stray = STAGING_ONLY.find((o) => options[o] !== undefined);
    if (stray) throw new UsageError(`--${stray} needs --infra PRESET|FILE`);
    return null;
  }
  const opts = planOptionsFrom(options);
  return makeStagingPlan(loadInfra(infra), probeHost(), newRunId(), opts);
}

/**
 * The same staging area dilated at least so much (for paced tiers: run/pacing.ts,
 * run/pacing-lag.ts); the plan itself where it already is.
 */
export function pacedStaging(plan: StagingPlan, options: OptionValues): (minDilation: number) => StagingPlan {
  return atLeastDilated(plan, (minDilation) =>
    makeStagingPlan(loadInfra(requiredInfra(options)), probeHost(), plan.runId, {
      ...planOptionsFrom(options),
      minDilation,
    }),
  );
}

function requiredInfra(options: OptionValues): string {
  const infra = stringOption(options, 'infra');
  if (infra === undefined) throw new UsageError('paced tiers need --infra PRESET|FILE');
  return infra;
}

/** The staging options other than --infra, as PlanOptions (for commands that plan one area per run). */
export function planOptionsFrom(options: OptionValues): PlanOptions {
  const sub = stringOption(options, 'gpu-substitute');
  if (sub !== undefined && sub !== 'cpu')
    throw new UsageError(`--gpu-substitute must be 'cpu', not '${sub}'`);
  return {
    ...(sub !== undefined && { gpuSubstitute: sub }),
    ...(stringOption(options, 'max-tier-cores') !== undefined && {
      maxTierCores: positiveNumber(options, 'max-tier-cores', 1, MAX_CORES, 0.01),
    }),
    ...(stringOption(options, 'reserve-cores') !== undefined && {
      reserveCores: positiveNumber(options, 'reserve-cores', 1, MAX_CORES, 0.01),
    }),
    ...(stringOption(options, 'cpu-quota-ms') !== undefined && {
      cpuQuotaMs: positiveNumber(options, 'cpu-quota-ms', 1, 1000, 1),
    }),
    loopback: flag(options, 'loopback'),
    tls: flag(options, 'tls'),
  };
}

/** The site for a staged run, checked before anything is built. */
export function stagedSiteFactory(plan: StagingPlan, runPlan: RunPlan, options: OptionValues): SiteFactory {
  const driver = getDriver(stringOption(options, 'backend') ?? 'local');
  const why = driver.unavailable();
  if (why) throw new UsageError(`backend '${driver.name}' is not available here: ${why}`);
  return () => {
    // Names the run id first thing: what `staging clean` would look for after a SIGKILL.
    stderrLogger.info(renderPlanHeader(plan));
    return stagedSite(plan, runPlan, driver.name);
  };
}
