/**
 * The fidelity check's measurements: each link's RTT, jitter and throughput
 * through the emulated path, and each tier's compute capacity under its
 * limits. Figures are turned back into undilated time.
 */
import { median, robustSigma } from '../../core/stats.js';
import type { StagingArea } from '../driver.js';
import type { LinkPlan } from '../link-plan.js';
import { output, spawnProbe, startServer } from './run-probe.js';

export interface LinkMeasure {
  readonly between: readonly [string, string];
  /** The RTT the link adds: the median through it less the probe's own (baseRttMs). */
  readonly rttMs: number;
  /** The same ping-pong inside the receiving tier, paced like the link's (real ms, not dilated). */
  readonly baseRttMs: number;
  readonly jitterMs: number;
  readonly mbps: number;
  readonly samples: number;
}

export interface TierMeasure {
  readonly tier: string;
  readonly opsPerSec: number;
  /** Production GHz-cores this tier behaves like (undilated), from the host's calibration. */
  readonly ghzCores: number;
}

export interface BurstMeasure {
  readonly tier: string;
  /** The burst's wall time on the host with no limit (one thread). */
  readonly hostMs: number;
  /** The same burst's wall time in the tier, idle before it (dilated, as measured). */
  readonly wallMs: number;
}

export interface MeasureOptions {
  readonly pings: number;
  readonly bulkSeconds: number;
  readonly cpuSeconds: number;
}

const WARMUP_PINGS = 3;

/**
 * Pings needed for the median RTT's standard error (1.25 σ/√n) to be 3% of the RTT: a link
 * whose jitter is a third of its RTT would need about two hundred (held to MAX_PINGS).
 */
export function pingsFor(link: LinkPlan, atLeast: number): number {
  const { rttMs, jitterMs } = link.configured;
  const needed = rttMs > 0 ? Math.ceil(((1.2533 * jitterMs) / rttMs / 0.03) ** 2) : 0;
  return Math.max(atLeast, Math.min(MAX_PINGS, needed));
}

const MAX_PINGS = 150;

export interface RttSamples {
  /** Round trips through the link, from its first tier to its second (dilated, as measured). */
  readonly link: readonly number[];
  /**
   * The same probe's round trips to a server in the same tier, each after an
   * idle gap as long as the link's RTT: what the probe itself costs (loopback,
   * two process wake-ups after the same idle time), which a real network's
   * measurement would include too and which is not the link's.
   */
  readonly base: readonly number[];
}

/** RTT and jitter of many small request/responses, from the link's first tier to its second. */
export async function measureRtt(area: StagingArea, link: LinkPlan, atLeast: number): Promise<RttSamples> {
  const [from, to] = link.between;
  const pings = pingsFor(link, atLeast);
  const server = await startServer(area, to, 'echo');
  try {
    const ping = async (fromTier: string, gapMs: number): Promise<number[]> => {
      const target = await area.address(fromTier, to, server.port);
      const timeout = 20_000 + (pings + WARMUP_PINGS) * (link.emulated.rttMs * 3 + gapMs);
      const args = ['rtt', target, String(pings + WARMUP_PINGS), '64', String(gapMs)];
      const probe = spawnProbe(area, fromTier, args, false);
      const rtts = JSON.parse(await output(probe, `RTT probe ${fromTier}→${to}`, timeout)) as number[];
      return rtts.slice(WARMUP_PINGS);
    };
    const base = await ping(to, link.emulated.rttMs);
    return { link: await ping(from, 0), base };
  } finally {
    server.child.kill('SIGTERM');
  }
}

/** Bulk transfer from the link's first tier to its second for a bounded time; Mbit/s (dilated). */
export async function measureThroughput(area: StagingArea, link: LinkPlan, seconds: number): Promise<number> {
  const [from, to] = link.between;
  const server = await startServer(area, to, 'sink');
  try {
    const target = await area.address(from, to, server.port);
    const probe = spawnProbe(area, from, ['bulk', target, String(seconds)], false);
    const timeout = 30_000 + seconds * 3000 + link.emulated.rttMs * 10;
    const r = JSON.parse(await output(probe, `bulk probe ${from}→${to}`, timeout)) as {
      bytes: number;
      seconds: number;
    };
    return (r.bytes * 8) / r.seconds / 1e6;
  } finally {
    server.child.kill('SIGTERM');
  }
}

export function linkFigures(link: LinkPlan, rtts: RttSamples, mbps: number, dilation: number): LinkMeasure {
  const baseRttMs = median(rtts.base);
  return {
    between: link.between,
    // Median and a MAD-based σ: the configured jitter is symmetric, so they
    // estimate the link's RTT and jitter, while the rare stall of a shared
    // host's scheduler (a single 15 ms ping on a 10 ms link) cannot drag them.
    rttMs: (median(rtts.link) - baseRttMs) / dilation,
    baseRttMs,
    jitterMs: robustSigma(rtts.link) / dilation,
    mbps: mbps * dilation,
    samples: rtts.link.length,
  };
}

async function cpuOps(
  area: StagingArea,
  tier: string,
  workers: number,
  startMs: number,
  endMs: number,
  limits: boolean,
): Promise<number> {
  const runs = Array.from({ length: workers }, () =>
    output(
      spawnProbe(area, tier, ['cpu', String(startMs), String(endMs)], limits),
      `CPU probe in ${tier}`,
      endMs - Date.now() + 60_000,
    ),
  );
  const results = (await Promise.all(runs)).map((o) => JSON.parse(o) as { ops: number; seconds: number });
  return results.reduce((a, r) => a + r.ops / r.seconds, 0);
}

/** One unconstrained worker on the host: iterations per host-core-second. */
export function calibrate(area: StagingArea, seconds: number): Promise<number> {
  const tier = area.plan.tiers[0]!.name;
  const start = Date.now() + 400;
  return cpuOps(area, tier, 1, start, start + seconds * 1000, false);
}

/**
 * All tiers at once, each with enough workers to use its quota: the quotas
 * add up to less than the host, so each tier should get exactly its share.
 */
export async function measureTiers(
  area: StagingArea,
  seconds: number,
  perCoreOps: number,
): Promise<TierMeasure[]> {
  const plan = area.plan;
  // Workers start together after a pause long enough for node to start inside a small quota.
  const start = Date.now() + 2500;
  const end = start + seconds * 1000;
  const ops = await Promise.all(
    plan.tiers.map((t) => cpuOps(area, t.name, Math.max(1, Math.ceil(t.hostCores)), start, end, true)),
  );
  return plan.tiers.map((t, i) => ({
    tier: t.name,
    opsPerSec: ops[i]!,
    ghzCores: (ops[i]! / perCoreOps) * plan.scaling.hostGhz * plan.scaling.dilation,
  }));
}

/** Bursts measured per size (their median is kept); the first of each run warms the loop up and is left out. */
const BURSTS = 8;

async function burstWalls(
  area: StagingArea,
  tier: string,
  ops: number,
  gapMs: number,
  limits: boolean,
): Promise<number> {
  const probe = spawnProbe(area, tier, ['burst', String(ops), String(gapMs), String(BURSTS + 1)], limits);
  const r = JSON.parse(await output(probe, `burst probe in ${tier}`, 120_000)) as { walls: number[] };
  return median(r.walls.slice(1));
}

/**
 * Short bursts of work with idle gaps, one tier at a time: how a stage that
 * handles one frame at a time experiences its tier. A quota caps CPU time per
 * period, so a burst shorter than the quota may run at the host's speed.
 */
export async function measureBursts(
  area: StagingArea,
  perCoreOps: number,
  hostMsSizes: readonly number[],
): Promise<BurstMeasure[]> {
  const plan = area.plan;
  const longestPeriodMs = Math.max(...plan.tiers.map((t) => (t.cgroup?.periodUs ?? 0) / 1000));
  // Idle for two periods before each burst, so it starts with a full quota, as a frame after a pause does.
  const gapMs = Math.ceil(2 * longestPeriodMs) + 10;
  const out: BurstMeasure[] = [];
  for (const size of hostMsSizes) {
    const ops = Math.round((perCoreOps * size) / 1000);
    const hostMs = await burstWalls(area, plan.tiers[0]!.name, ops, gapMs, false);
    for (const t of plan.tiers)
      out.push({ tier: t.name, hostMs, wallMs: await burstWalls(area, t.name, ops, gapMs, true) });
  }
  return out;
}
