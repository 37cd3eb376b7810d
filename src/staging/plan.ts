/**
 * The StagingPlan: everything the staging area will create, as plain data, made
 * by a pure function from the infrastructure, the host's facts and a run id.
 * Drivers apply it; `couper staging plan --json` prints it.
 */
import type { Infra, Link, TierTls } from './infra.js';
import type { HostFacts } from './host.js';
import { checkAccelerators, emulatedCpus, planScaling, type ScaleOptions, type Scaling } from './scale.js';
import { cgroupPlan, emulatorCgroupPlan, type TierCgroup } from './cgroup-plan.js';
import { linkPlan, type LinkPlan } from './link-plan.js';

export type NetworkFidelity = 'kernel-netns' | 'userspace-loopback';

export interface Fidelity {
  readonly network: NetworkFidelity;
  /** Where delay and jitter are made. */
  readonly delay: 'netem' | 'userspace-proxy';
  /** Where bandwidth is shaped. */
  readonly bandwidth: 'tbf' | 'userspace-proxy';
  readonly cpu: 'cgroup-v1' | 'cgroup-v2' | 'none';
  /** What this level cannot do, in words. */
  readonly notes: readonly string[];
}

export interface TierPlan {
  readonly name: string;
  readonly production: { readonly cpus: number; readonly ghz: number; readonly memoryGb: number };
  readonly accelerators: readonly string[];
  /** The execution provider the tier's evaluators run on; null: the run's own. */
  readonly executionProvider: string | null;
  /** The device profile that paces the tier's evaluators (absolute path); null: not paced. */
  readonly profile: string | null;
  /** Accelerators replaced by the tier's CPU share (--gpu-substitute cpu). */
  readonly substituted: readonly string[];
  readonly emulatedCpus: number;
  /** Host cores the tier gets (dilated). */
  readonly hostCores: number;
  readonly namespace: string | null;
  readonly cgroup: TierCgroup | null;
  /** The tier's TLS files from the infrastructure file; null when none are given (or they are generated). */
  readonly tls: TierTls | null;
}

/**
 * TLS on the hops: 'off' (cleartext), 'files' (each tier's own, from the infrastructure file) or
 * 'generated' (--tls: a throwaway CA and one certificate per tier, made in the area's temp folder).
 */
export type TlsMode = 'off' | 'files' | 'generated';

export interface StagingPlan {
  readonly runId: string;
  /** Prefix of every name this run creates. */
  readonly prefix: string;
  readonly infra: { readonly name: string; readonly source: string };
  readonly fidelity: Fidelity;
  readonly scaling: Scaling;
  readonly gpuSubstitute: 'cpu' | null;
  /** Multiply the camera's frame rate by this (1 / dilation). */
  readonly frameRateFactor: number;
  readonly tiers: readonly TierPlan[];
  readonly links: readonly LinkPlan[];
  /** Group of the link emulators and the check's probes (weight only, no limits); null without cgroups. */
  readonly emulatorCgroup: TierCgroup | null;
  readonly placement: Readonly<Record<string, string>>;
  readonly tls: TlsMode;
  readonly tempDir: string;
  readonly notes: readonly string[];
}

export interface PlanOptions extends ScaleOptions {
  /** Force the loopback level even where namespaces work (tests, comparisons). */
  readonly loopback?: boolean;
  /** Each tier's CPU quota per period in ms (the period follows from its share); default: 10 ms periods. */
  readonly cpuQuotaMs?: number;
  /** TLS on every hop: the infrastructure's files where it gives them, else generated certificates. */
  readonly tls?: boolean;
}

/** Host cores a paced tier gets at least (see makeStagingPlan). */
export const PACED_TIER_CORES = 1;

export function fidelityFor(host: HostFacts, opts: PlanOptions): Fidelity {
  const netns = host.netns && opts.loopback !== true;
  const notes: string[] = [];
  if (!netns)
    notes.push('no network namespaces: tiers share the loopback interface, links are user-space proxies');
  if (!host.netem) notes.push('no netem: delay and jitter come from a user-space proxy on each link');
  const cpu = host.cgroup === 'none' ? 'none' : host.cgroup === 'v1' ? 'cgroup-v1' : 'cgroup-v2';
  if (cpu === 'none') notes.push('no cgroups (needs root): tiers run without CPU or memory limits');
  return {
    network: netns ? 'kernel-netns' : 'userspace-loopback',
    delay: netns && host.netem ? 'netem' : 'userspace-proxy',
    bandwidth: netns ? 'tbf' : 'userspace-proxy',
    cpu,
    notes,
  };
}

/** The infrastructure's own files win over --tls; the schema made sure every tier has them or none. */
function tlsMode(infra: Infra, opts: PlanOptions): TlsMode {
  if (infra.tiers.some((t) => t.tls !== undefined)) return 'files';
  return opts.tls === true ? 'generated' : 'off';
}

export function makeStagingPlan(
  infra: Infra,
  host: HostFacts,
  runId: string,
  opts: PlanOptions = {},
): StagingPlan {
  checkAccelerators(infra, host, opts);
  const scaling = planScaling(infra, host, opts);
  const fidelity = fidelityFor(host, opts);
  const prefix = `couper-${runId}`;
  const tls = tlsMode(infra, opts);
  const tiers = infra.tiers.map((t): TierPlan => {
    const cpus = emulatedCpus(t, opts.maxTierCores);
    // A paced tier's time comes from its profile, not its share: it needs only enough CPU to keep
    // up, which dilation (minDilation) then guarantees; one core runs its one-thread evaluator.
    const shared = cpus * t.ghz * scaling.scale;
    const hostCores = t.profile === undefined ? shared : Math.max(shared, PACED_TIER_CORES);
    const substituted =
      t.profile === undefined ? t.accelerators.filter((a) => !host.accelerators.includes(a)) : [];
    return {
      name: t.name,
      production: { cpus: t.cpus, ghz: t.ghz, memoryGb: t.memoryGb },
      accelerators: t.accelerators,
      executionProvider: t.executionProvider ?? null,
      profile: t.profile ?? null,
      substituted,
      emulatedCpus: cpus,
      hostCores,
      namespace: fidelity.network === 'kernel-netns' ? `${prefix}-${t.name}` : null,
      cgroup:
        fidelity.cpu === 'none'
          ? null
          : cgroupPlan(`${prefix}-${t.name}`, hostCores, t.memoryGb, host, opts.cpuQuotaMs),
      tls: tls === 'files' ? (t.tls ?? null) : null,
    };
  });
  const links = infra.links.map((l: Link, i) => linkPlan(l, i, prefix, fidelity, scaling.dilation));
  return {
    runId,
    prefix,
    infra: { name: infra.name, source: infra.source },
    fidelity,
    scaling,
    gpuSubstitute: opts.gpuSubstitute ?? null,
    frameRateFactor: 1 / scaling.dilation,
    tiers,
    links,
    emulatorCgroup: fidelity.cpu === 'none' ? null : emulatorCgroupPlan(`${prefix}-net`, host),
    placement: infra.placement,
    tls,
    tempDir: `${host.tmpDir}/couper-staging-${runId}`,
    notes: planNotes(tiers, links, scaling, host),
  };
}

function planNotes(
  tiers: readonly TierPlan[],
  links: readonly LinkPlan[],
  s: Scaling,
  host: HostFacts,
): string[] {
  const notes: string[] = [];
  if (s.dilation > 1)
    notes.push(
      `time dilated ×${s.dilation.toFixed(2)}: CPU, link delay and bandwidth, and frame rate all slowed`,
    );
  for (const t of tiers) {
    if (t.substituted.length > 0)
      notes.push(`tier ${t.name}: ${t.substituted.join(', ')} replaced by its CPU share`);
    if (t.cgroup && t.cgroup.memoryCapped)
      notes.push(
        `tier ${t.name}: memory ${t.production.memoryGb} GB capped to the host's ${host.memoryGb.toFixed(1)} GB`,
      );
  }
  for (const l of links)
    if (l.configured.loss > 0 && l.emulator.kind !== 'netem')
      notes.push(
        l.drop
          ? `link ${l.between.join('–')}: loss ${l.configured.loss} by iptables on each end (no netem)`
          : `link ${l.between.join('–')}: loss ${l.configured.loss} is not emulated on loopback`,
      );
  return notes;
}

/** A short random run id: 4 characters keep veth names within the kernel's 15. */
export function newRunId(random: () => number = Math.random): string {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 4 }, () => chars[Math.floor(random() * chars.length)]).join('');
}

export const RUN_ID = /^[a-z0-9]{4}$/;
