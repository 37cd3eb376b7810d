/**
 * The infrastructure an evaluation ran on, as the report shows it: each tier
 * and link as described (production) and as emulated here, the scale and
 * time dilation, the fidelity level, and where each tier's figures come from
 * (emulated under limits, a GPU replaced by its CPU share, or not staged).
 */
import type { RunData, SetupData } from './input-schema.js';

export interface TierRow {
  readonly name: string;
  readonly cpus: number;
  readonly ghz: number;
  readonly memoryGb: number;
  readonly accelerators: string;
  /** Host cores the staging area gave the tier; null when not staged. */
  readonly hostCores: number | null;
  /** Where this tier's figures come from, in words. */
  readonly provenance: string;
}

export interface LinkRow {
  readonly between: string;
  readonly rttMs: number;
  readonly jitterMs: number;
  readonly mbps: number;
  readonly loss: number;
  /** As the staging area made it (dilated); null when not staged. */
  readonly emulated: { readonly rttMs: number; readonly mbps: number; readonly emulator: string } | null;
}

export interface InfraView {
  readonly name: string;
  readonly source: string;
  readonly settings: SetupData['settings'];
  readonly tiers: readonly TierRow[];
  readonly links: readonly LinkRow[];
  readonly staging: {
    readonly network: string;
    readonly delay: string;
    readonly bandwidth: string;
    readonly cpu: string;
    readonly scale: number;
    readonly dilation: number;
  } | null;
  /** Stage → tier for a split (from a staged candidate run), as the runs placed them. */
  readonly placement: Readonly<Record<string, string>>;
  /** Fidelity notes, staging notes and the runs' own notes, each once. */
  readonly notes: readonly string[];
}

export function infraView(setup: SetupData, runs: readonly RunData[]): InfraView {
  const st = setup.staging;
  const staged = new Map((st?.tiers ?? []).map((t) => [t.name, t] as const));
  const emulated = new Map((st?.links ?? []).map((l) => [l.between.join('–'), l] as const));
  const split = runs.find((r) => r.kind === 'candidate') ?? runs[0];
  return {
    name: setup.infra.name,
    source: setup.infra.source,
    settings: setup.settings,
    tiers: setup.infra.tiers.map((t) => {
      const s = staged.get(t.name);
      return {
        name: t.name,
        cpus: t.cpus,
        ghz: t.ghz,
        memoryGb: t.memoryGb,
        accelerators: t.accelerators.join(', '),
        hostCores: s?.hostCores ?? null,
        provenance: provenance(setup, s),
      };
    }),
    links: setup.infra.links.map((l) => {
      const between = l.between.join('–');
      const e = emulated.get(between);
      return {
        between,
        rttMs: l.rttMs,
        jitterMs: l.jitterMs,
        mbps: l.mbps,
        loss: l.loss,
        emulated: e ? { rttMs: e.emulated.rttMs, mbps: e.emulated.mbps, emulator: e.emulator } : null,
      };
    }),
    staging: st && {
      network: st.fidelity.network,
      delay: st.fidelity.delay,
      bandwidth: st.fidelity.bandwidth,
      cpu: st.fidelity.cpu,
      scale: st.scale,
      dilation: st.dilation,
    },
    placement: split?.placement ?? {},
    notes: unique([
      ...(st?.fidelity.notes ?? []),
      ...(st?.notes ?? []),
      ...runs.flatMap((r) => r.notes ?? []),
    ]),
  };
}

function provenance(
  setup: SetupData,
  tier: NonNullable<SetupData['staging']>['tiers'][number] | undefined,
): string {
  const st = setup.staging;
  if (!st || !tier)
    return `not staged: its stages ran on this host without limits (production figures from ${setup.infra.source})`;
  const cores = `emulated: ${tier.emulatedCpus} cores as ${tier.hostCores.toFixed(2)} host cores (scale ${st.scale.toFixed(3)}, time ×${st.dilation.toFixed(2)})`;
  const gpu =
    tier.substituted.length > 0 ? `; ${tier.substituted.join(', ')} replaced by the tier's CPU share` : '';
  return `${cores}${gpu}; production figures from ${setup.infra.source}`;
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
