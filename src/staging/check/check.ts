/**
 * `couper staging check`: build the area, measure every link and tier, and
 * compare with what the infrastructure asks for. The 10% targets apply to
 * links with RTT ≥ 5 ms and ≤ 200 Mbit/s, and to CPU capacity ratios. Short
 * bursts (a stage's per-frame compute) are measured and reported but carry no
 * target: a quota cannot slow a burst shorter than itself (docs/STAGING.md).
 */
import type { StagingDriver } from '../driver.js';
import type { StagingPlan } from '../plan.js';
import {
  calibrate,
  linkFigures,
  measureBursts,
  measureRtt,
  measureThroughput,
  measureTiers,
  type MeasureOptions,
} from './measure.js';

export const TOLERANCE = 0.1;

export interface LinkCheck {
  readonly between: readonly [string, string];
  readonly configured: { readonly rttMs: number; readonly jitterMs: number; readonly mbps: number };
  readonly measured: {
    readonly rttMs: number;
    /** The probe's own round trip, taken off rttMs (real ms). */
    readonly baseRttMs: number;
    readonly jitterMs: number;
    readonly mbps: number;
  };
  readonly rttError: number;
  readonly mbpsError: number;
  /** Whether the 10% target applies to this link. */
  readonly inScope: boolean;
  readonly ok: boolean;
}

export interface TierCheck {
  readonly tier: string;
  readonly configuredGhzCores: number;
  readonly measuredGhzCores: number;
  readonly opsPerSec: number;
  /** measured/configured relative to the first tier's, minus 1. */
  readonly ratioError: number;
  readonly ok: boolean;
}

export interface BurstCheck {
  readonly tier: string;
  /** Host CPU the burst takes with no limit (one thread). */
  readonly hostMs: number;
  /** Its wall time in the tier, and what the tier's share would make it (dilated, as measured). */
  readonly wallMs: number;
  readonly idealMs: number;
  /** wallMs / idealMs: 1 when the burst ran at the tier's speed, below 1 when faster. */
  readonly ratio: number;
}

/** Bursts measured, in host milliseconds: from well under a 10 ms period's quota to longer than one. */
export const BURST_SIZES_MS: readonly number[] = [1, 4, 16];

export interface CheckReport {
  readonly runId: string;
  readonly infra: string;
  readonly fidelity: StagingPlan['fidelity'];
  readonly dilation: number;
  readonly scale: number;
  readonly links: readonly LinkCheck[];
  readonly tiers: readonly TierCheck[];
  /** Information only: not part of `ok`. */
  readonly bursts: readonly BurstCheck[];
  readonly ok: boolean;
}

export const DEFAULT_MEASURE: MeasureOptions = { pings: 40, bulkSeconds: 2, cpuSeconds: 2 };

function rel(measured: number, configured: number): number {
  return configured === 0 ? 0 : measured / configured - 1;
}

export async function runCheck(
  driver: StagingDriver,
  plan: StagingPlan,
  opts: MeasureOptions = DEFAULT_MEASURE,
  progress: (line: string) => void = () => {},
): Promise<CheckReport> {
  const area = await driver.create(plan);
  try {
    progress(`measuring RTT on ${plan.links.length} link(s) …`);
    const rtts = await Promise.all(plan.links.map((l) => measureRtt(area, l, opts.pings)));
    const links: LinkCheck[] = [];
    for (const [i, l] of plan.links.entries()) {
      progress(`measuring throughput ${l.between.join('→')} …`);
      const mbps = await measureThroughput(area, l, opts.bulkSeconds);
      links.push(linkCheck(l.configured, linkFigures(l, rtts[i]!, mbps, plan.scaling.dilation)));
    }
    progress('measuring tier compute capacity …');
    const perCore = await calibrate(area, 1);
    const tiers = tierChecks(plan, await measureTiers(area, opts.cpuSeconds, perCore));
    progress('measuring short bursts per tier …');
    const bursts = burstChecks(plan, await measureBursts(area, perCore, BURST_SIZES_MS));
    const ok = links.every((l) => l.ok) && tiers.every((t) => t.ok);
    return {
      runId: plan.runId,
      infra: plan.infra.name,
      fidelity: plan.fidelity,
      dilation: plan.scaling.dilation,
      scale: plan.scaling.scale,
      links,
      tiers,
      bursts,
      ok,
    };
  } finally {
    await area.destroy();
  }
}

function linkCheck(
  c: { rttMs: number; jitterMs: number; mbps: number },
  m: { between: readonly [string, string]; rttMs: number; baseRttMs: number; jitterMs: number; mbps: number },
): LinkCheck {
  const rttError = rel(m.rttMs, c.rttMs);
  const mbpsError = rel(m.mbps, c.mbps);
  const inScope = c.rttMs >= 5 && c.mbps <= 200;
  const ok = !inScope || (Math.abs(rttError) <= TOLERANCE && Math.abs(mbpsError) <= TOLERANCE);
  return {
    between: m.between,
    configured: { rttMs: c.rttMs, jitterMs: c.jitterMs, mbps: c.mbps },
    measured: { rttMs: m.rttMs, baseRttMs: m.baseRttMs, jitterMs: m.jitterMs, mbps: m.mbps },
    rttError,
    mbpsError,
    inScope,
    ok,
  };
}

function tierChecks(
  plan: StagingPlan,
  measured: readonly { tier: string; opsPerSec: number; ghzCores: number }[],
): TierCheck[] {
  const configured = plan.tiers.map((t) => t.emulatedCpus * t.production.ghz);
  const ratio0 = measured[0]!.opsPerSec / configured[0]!;
  return measured.map((m, i) => {
    const ratioError = m.opsPerSec / configured[i]! / ratio0 - 1;
    return {
      tier: m.tier,
      configuredGhzCores: configured[i]!,
      measuredGhzCores: m.ghzCores,
      opsPerSec: m.opsPerSec,
      ratioError,
      ok: plan.fidelity.cpu === 'none' || Math.abs(ratioError) <= TOLERANCE,
    };
  });
}

/** A single thread in a tier of s host cores should take hostMs / min(1, s). */
export function burstChecks(
  plan: StagingPlan,
  measured: readonly { tier: string; hostMs: number; wallMs: number }[],
): BurstCheck[] {
  return measured.map((m) => {
    const t = plan.tiers.find((x) => x.name === m.tier)!;
    const limited = plan.fidelity.cpu !== 'none' && t.cgroup !== null;
    const idealMs = limited ? m.hostMs / Math.min(1, t.hostCores) : m.hostMs;
    return { ...m, idealMs, ratio: m.wallMs / idealMs };
  });
}
