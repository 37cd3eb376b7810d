/**
 * The infrastructure a pipeline is staged on: tiers (machines), the links
 * between them and where each stage runs. Values of these types have passed
 * the schema check in infra-schema.ts; inner code trusts them.
 */

export interface Tier {
  /** Lower-case name, also part of namespace and cgroup names: [a-z][a-z0-9_-]{0,15}. */
  readonly name: string;
  readonly cpus: number;
  readonly ghz: number;
  readonly memoryGb: number;
  /** Accelerators the tier has in production ('P100', …); empty for CPU-only tiers. */
  readonly accelerators: readonly string[];
  /** The tier's TLS files (absolute paths); every tier has them or none does. */
  readonly tls?: TierTls;
  /** The onnxruntime execution provider this tier's evaluators run on; absent: the run's own. */
  readonly executionProvider?: string;
  /** Absolute path of the device profile that paces this tier's evaluators; absent: not paced. */
  readonly profile?: string;
}

/** PEM files of a tier: its certificate and key, and the CA that signed every tier's certificate. */
export interface TierTls {
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
}

export interface Link {
  /** The two tiers the link joins; links are symmetric. */
  readonly between: readonly [string, string];
  readonly rttMs: number;
  /** Standard deviation of the round-trip time. */
  readonly jitterMs: number;
  readonly mbps: number;
  /** Fraction of packets lost, 0 ≤ loss < 1 (needs netem; recorded otherwise). */
  readonly loss: number;
}

export interface Infra {
  readonly name: string;
  /** The file it came from, or 'preset NAME'. */
  readonly source: string;
  readonly tiers: readonly Tier[];
  readonly links: readonly Link[];
  /** Stage name → tier name. Stages not listed run where the orchestrator defaults them. */
  readonly placement: Readonly<Record<string, string>>;
}

/** The link joining two tiers, whichever way round it was written. */
export function linkBetween(infra: Infra, a: string, b: string): Link | undefined {
  return infra.links.find(
    (l) => (l.between[0] === a && l.between[1] === b) || (l.between[0] === b && l.between[1] === a),
  );
}

/** Production compute capacity in GHz-cores, the quantity the host's cores are shared by. */
export function capacity(tier: Tier): number {
  return tier.cpus * tier.ghz;
}
