/**
 * The staging area's plan and fidelity check as people read them (stdout
 * when not --json): a header, then tables of tiers, links and measurements.
 */
import { TOLERANCE, type CheckReport, type StagingPlan } from '../../staging/index.js';
import { table } from '../format.js';

const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

export function renderPlanHeader(plan: StagingPlan): string {
  const s = plan.scaling;
  const f = plan.fidelity;
  return [
    `staging area ${plan.prefix} for ${plan.infra.name} (${plan.infra.source})`,
    `fidelity: network ${f.network}, delay ${f.delay}, bandwidth ${f.bandwidth}, cpu ${f.cpu}`,
    `scale: ${s.scale.toFixed(4)} host cores per production GHz-core (host ${s.hostCores} cores × ${s.hostGhz} GHz, ` +
      `${s.usableCores.toFixed(2)} usable; tiers need ${s.demandGhzCores.toFixed(1)} GHz-cores)`,
    `time dilation: ×${s.dilation.toFixed(2)}${s.dilation > 1 ? ' (all figures below are undilated)' : ''}`,
    ...[...f.notes, ...plan.notes].map((n) => `note: ${n}`),
  ].join('\n');
}

export function renderPlan(plan: StagingPlan): string {
  const tiers = table(
    ['tier', 'production', 'host cores', 'quota/period µs', 'memory', 'namespace'],
    plan.tiers.map((t) => [
      t.name,
      `${t.emulatedCpus}×${t.production.ghz} GHz${t.accelerators.length ? ` +${t.accelerators.join('+')}` : ''}`,
      t.hostCores.toFixed(3),
      t.cgroup ? `${t.cgroup.quotaUs}/${t.cgroup.periodUs}` : '-',
      t.cgroup ? `${(t.cgroup.memoryBytes / 2 ** 30).toFixed(1)} GiB` : '-',
      t.namespace ?? '-',
    ]),
  );
  const links = table(
    ['link', 'RTT ms', 'jitter ms', 'Mbit/s', 'addresses', 'emulator'],
    plan.links.map((l) => [
      l.between.join('–'),
      fmt(l.configured.rttMs),
      fmt(l.configured.jitterMs),
      fmt(l.configured.mbps),
      l.ends ? l.ends.map((e) => `${e.veth} ${e.address}`).join(', ') : 'loopback',
      l.emulator.kind,
    ]),
  );
  return `${renderPlanHeader(plan)}\n\n${tiers}\n\n${links}\n`;
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(1) : x.toFixed(2);
}

export function renderCheck(report: CheckReport): string {
  const links = table(
    ['link', 'RTT ms (conf → meas)', 'err', 'probe ms', 'jitter ms', 'Mbit/s (conf → meas)', 'err', 'target'],
    report.links.map((l) => [
      l.between.join('→'),
      `${fmt(l.configured.rttMs)} → ${fmt(l.measured.rttMs)}`,
      pct(l.rttError),
      fmt(l.measured.baseRttMs),
      `${fmt(l.configured.jitterMs)} → ${fmt(l.measured.jitterMs)}`,
      `${fmt(l.configured.mbps)} → ${fmt(l.measured.mbps)}`,
      pct(l.mbpsError),
      l.inScope ? (l.ok ? 'ok' : 'MISSED') : 'n/a',
    ]),
  );
  const tiers = table(
    ['tier', 'GHz-cores (conf → meas)', 'ops/s', 'ratio err', 'target'],
    report.tiers.map((t) => [
      t.tier,
      `${fmt(t.configuredGhzCores)} → ${fmt(t.measuredGhzCores)}`,
      t.opsPerSec.toExponential(3),
      pct(t.ratioError),
      t.ok ? 'ok' : 'MISSED',
    ]),
  );
  const bursts = table(
    ['tier', 'burst (host ms)', 'wall ms (meas)', 'at tier speed', 'meas / tier', 'production ms'],
    report.bursts.map((b) => [
      b.tier,
      fmt(b.hostMs),
      fmt(b.wallMs),
      fmt(b.idealMs),
      b.ratio.toFixed(2),
      fmt(b.wallMs / report.dilation),
    ]),
  );
  const fast = report.bursts.filter((b) => b.ratio < 1 - TOLERANCE);
  const burstNote =
    fast.length === 0
      ? 'short bursts: every tier slowed them to within 10% of its speed or more'
      : `short bursts: ${fast.length} of ${report.bursts.length} ran over 10% faster than their tier; per-frame compute of that length is measured faster than in production (no target; docs/STAGING.md)`;
  const verdict = report.ok ? 'within 10% everywhere the target applies' : 'MISSED the 10% target somewhere';
  const probeNote =
    "RTT is the link's own: the probe's round trip inside one tier, paced like the link ('probe ms'), is taken off";
  return `${links}\n${probeNote}\n\n${tiers}\n\n${bursts}\n${burstNote}\n\nfidelity: ${verdict}\n`;
}
