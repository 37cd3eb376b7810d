/**
 * Where each stage of a staged run goes. The camera and transformer stay on
 * the camera's tier; a split puts the head slice on the edge and the tail in
 * the cloud; a baseline puts the whole DNN on one tier. The classifier sits
 * with the last evaluator, and results travel back to the camera.
 */
import { ConfigError } from '../core/errors.js';
import { linkBetween, type Infra, type Link } from '../staging/index.js';
import type { SplitSpec } from './types.js';

export interface Topology {
  readonly client: string;
  readonly edge: string;
  readonly cloud: string;
}

/** Tiers named client/edge/cloud when the infra has them, else its first, middle and last tiers. */
export function topologyOf(infra: Infra): Topology {
  const names = infra.tiers.map((t) => t.name);
  if (names.length === 0) throw new ConfigError(`infrastructure '${infra.name}' has no tiers`);
  const pick = (wanted: string, fallback: string): string => (names.includes(wanted) ? wanted : fallback);
  return {
    client: pick('client', names[0]!),
    edge: pick('edge', names[Math.floor((names.length - 1) / 2)]!),
    cloud: pick('cloud', names[names.length - 1]!),
  };
}

export function placementFor(split: SplitSpec, topo: Topology): Record<string, string> {
  const front = { camera: topo.client, transformer: topo.client };
  if (split.kind === 'candidate')
    return { ...front, evaluator0: topo.edge, evaluator1: topo.cloud, classifier: topo.cloud };
  const tier =
    split.baseline === 'client-only' ? topo.client : split.baseline === 'edge-only' ? topo.edge : topo.cloud;
  return { ...front, evaluator0: tier, classifier: tier };
}

/** The link between two tiers; null when they are the same tier (no network). */
export function linkOf(infra: Infra, a: string, b: string): Link | null {
  if (a === b) return null;
  const link = linkBetween(infra, a, b);
  if (!link) throw new ConfigError(`infrastructure '${infra.name}' has no link between '${a}' and '${b}'`);
  return link;
}

/** One-way time to move `bytes` over a link: half the round trip plus serialisation at its bandwidth. */
export function transferMs(link: Link | null, bytes: number): number {
  if (!link) return 0;
  return link.rttMs / 2 + (bytes * 8) / (link.mbps * 1000);
}
