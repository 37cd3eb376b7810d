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
 * A quota caps a tier's CPU time per period; within a period a stage runs at the
 * host's full speed until the quota is spent. With Docker's 100 ms period a
 * stage whose per-frame burst fits in its quota (a small model's few ms) ran at
 * host speed on every tier, and one slightly over it was stalled for the rest
 * of the period: the same client tier ran GoogLeNet in 10 ms in one preset and
 * 32 ms in another. A 10 ms period throttles every burst longer than a few ms
 * to the tier's speed (31.9 and 31.1 ms there). It needs the host's slack (the
 * default reserve in scale.ts) to keep each tier's capacity within 10%.
 */
export const BASE_PERIOD_US = 10_000;

/** The kernel refuses periods under 1 ms. */
const MIN_PERIOD_US = 1000;

/**
 * `quotaMs` fixes the quota instead of the period (period = quota ÷ share, at
 * least 1 ms): a burst longer than the quota is slowed to the tier's speed, so
 * a short quota makes short per-frame bursts faithful, at the cost of sustained
 * capacity on a busy host (docs/STAGING.md, "Short bursts").
 */
export function cgroupPlan(
  name: string,
  hostCores: number,
  memoryGb: number,
  host: HostFacts,
  quotaMs?: number,
): TierCgroup {
  // The period is fixed (10 ms) unless the quota is; the quota is never under the kernel's least.
  const quotaTargetUs = Math.max(MIN_QUOTA_US, (quotaMs ?? 0) * 1000);
  const leastPeriodUs = quotaMs === undefined ? BASE_PERIOD_US : MIN_PERIOD_US;
  const periodUs = Math.min(1_000_000, Math.max(leastPeriodUs, Math.ceil(quotaTargetUs / hostCores)));
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
