/**
 * How production tiers map onto this host's cores. Capacity is cores × GHz;
 * the tiers share the host's usable cores in proportion to it. When their
 * production capacity is more than the host has, time is dilated (DieCast,
 * NSDI 2006): every tier's CPU, every link's delay and bandwidth and the
 * camera's frame rate are slowed by the same factor, and measurements are
 * turned back into undilated time.
 */
import { ConfigError } from '../core/errors.js';
import { capacity, type Infra, type Tier } from './infra.js';
import type { HostFacts } from './host.js';

/** The least the host keeps for the orchestrator and link emulators (see ScaleOptions.reserveCores). */
export const DEFAULT_MIN_RESERVE_CORES = 0.5;

export interface ScaleOptions {
  /**
   * Cores left for the orchestrator and link emulators; default 10% of the host,
   * at least half a core. The tiers' short CPU periods need that slack: with
   * their quotas adding up to nearly every core, a throttled tier waits for a
   * CPU past the end of its 10 ms period and loses quota (measured: -16% on a
   * 2-core host with 0.2 reserved, within 1% with 0.5).
   */
  readonly reserveCores?: number;
  /** Cap on the cores emulated per tier (a 48-core server running one 4-thread stage needs 4). */
  readonly maxTierCores?: number;
  /** Accept a CPU in place of accelerators the host does not have. */
  readonly gpuSubstitute?: 'cpu';
  /** Dilate at least this much: a paced tier's part must compute within its profile time (run/pacing.ts). */
  readonly minDilation?: number;
}

export interface Scaling {
  readonly hostCores: number;
  readonly hostGhz: number;
  readonly usableCores: number;
  readonly maxTierCores: number | null;
  /** Sum over tiers of emulated cores × GHz in production. */
  readonly demandGhzCores: number;
  /** Host cores given per production GHz-core. */
  readonly scale: number;
  /** Time runs this many times slower in the staging area (1: real time). */
  readonly dilation: number;
}

export function emulatedCpus(tier: Tier, maxTierCores: number | undefined): number {
  return maxTierCores === undefined ? tier.cpus : Math.min(tier.cpus, maxTierCores);
}

export function planScaling(infra: Infra, host: HostFacts, opts: ScaleOptions): Scaling {
  const reserve = opts.reserveCores ?? Math.max(DEFAULT_MIN_RESERVE_CORES, host.cores * 0.1);
  const usableCores = host.cores - reserve;
  if (!(usableCores > 0))
    throw new ConfigError(`--reserve-cores ${reserve} leaves no cores of ${host.cores}`);
  const demand = infra.tiers
    .map((t) => capacity({ ...t, cpus: emulatedCpus(t, opts.maxTierCores) }))
    .reduce((a, b) => a + b, 0);
  // One production GHz-core runs as 1/hostGhz host cores in real time; dilate only when that does not fit.
  const dilation = Math.max(1, demand / (usableCores * host.ghz), opts.minDilation ?? 1);
  return {
    hostCores: host.cores,
    hostGhz: host.ghz,
    usableCores,
    maxTierCores: opts.maxTierCores ?? null,
    demandGhzCores: demand,
    scale: 1 / (host.ghz * dilation),
    dilation,
  };
}

/** Accelerators the host cannot give: an error unless a substitute was accepted. */
export function checkAccelerators(infra: Infra, host: HostFacts, opts: ScaleOptions): void {
  // A paced tier takes its time from its profile, measured on the accelerator itself.
  const missing = infra.tiers.filter(
    (t) => t.profile === undefined && t.accelerators.some((a) => !host.accelerators.includes(a)),
  );
  if (missing.length === 0 || opts.gpuSubstitute === 'cpu') return;
  const which = missing.map((t) => `${t.name} (${t.accelerators.join(', ')})`).join(', ');
  throw new ConfigError(
    `${infra.source}: this host cannot emulate the accelerators of tier ${which}; ` +
      `pass --gpu-substitute cpu to run those tiers on their CPU share instead (noted in the plan)`,
  );
}
