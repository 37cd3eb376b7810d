/**
 * A tier's cgroup settings: CPU quota per period and memory limit.
 */
import type { HostFacts } from './host.js';

export interface TierCgroup {
  readonly name: string;
  readonly periodUs: number;
  readonly quotaUs: number;
  readonly memoryBytes: number;
  readonly memoryCapped: boolean;
  /**
   * CPU weight against everything else on the host (v1 cpu.shares; v2 cpu.weight
   * is this / 1024 × 100). High, so that a busy host still gives each tier its
   * full quota; the quota, not the weight, is what bounds the tier.
   */
  readonly shares: number;
}

export const HIGH_SHARES = 1024 * 64;

/** The kernel refuses quotas under 1 ms. */
const MIN_QUOTA_US = 1000;
/**
 * The kernel hands out quota in 5 ms slices per CPU; a 100 ms period keeps the
 * runtime stranded on other CPUs small against the quota.
 */
const BASE_PERIOD_US = 100_000;

export function cgroupPlan(name: string, hostCores: number, memoryGb: number, host: HostFacts): TierCgroup {
  const periodUs = Math.min(1_000_000, Math.max(BASE_PERIOD_US, Math.ceil(MIN_QUOTA_US / hostCores)));
  const quotaUs = Math.max(MIN_QUOTA_US, Math.round(hostCores * periodUs));
  const memoryCapped = memoryGb > host.memoryGb;
  const memoryBytes = Math.floor(Math.min(memoryGb, host.memoryGb) * 2 ** 30);
  return { name, periodUs, quotaUs, memoryBytes, memoryCapped, shares: HIGH_SHARES };
}

/** The link emulators' group: no quota or memory limit, only a high weight so a busy host does not delay packets. */
export function emulatorCgroupPlan(name: string, host: HostFacts): TierCgroup {
  const memoryBytes = Math.floor(host.memoryGb * 2 ** 30);
  return { name, periodUs: 100_000, quotaUs: -1, memoryBytes, memoryCapped: false, shares: HIGH_SHARES };
}
