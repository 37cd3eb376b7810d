/**
 * One link's plan: its veth pair and /30, the kernel shaping on each end, and
 * the emulator that adds delay and jitter. Figures under `emulated` are in
 * dilated time (what the host really does); `configured` is the production link.
 */
import type { Link } from './infra.js';
import type { Fidelity } from './plan.js';

export interface LinkEnd {
  readonly tier: string;
  /** Interface name inside the tier's namespace (≤ 15 characters). */
  readonly veth: string;
  readonly address: string;
}

export interface Tbf {
  readonly kind: 'tbf';
  readonly rateBits: number;
  readonly burstBytes: number;
  readonly limitBytes: number;
}

/**
 * Delay, jitter (and in user space, rate) per direction. Jitter is the RTT's
 * standard deviation; each direction adds a normal sample with σ = jitter/√2
 * to its half of the RTT, so the round trip has the configured σ.
 */
export type LinkEmulator =
  | {
      readonly kind: 'userspace-proxy';
      readonly oneWayDelayMs: number;
      readonly oneWayJitterMs: number;
      /** Subtracted from each direction's delay: what the proxy hop itself adds (measured on an idle 2-core host). */
      readonly compensationMs: number;
      /** Shaping in the proxy, only where the kernel does not shape (loopback). */
      readonly rateBits: number | null;
    }
  | {
      readonly kind: 'netem';
      readonly oneWayDelayMs: number;
      readonly oneWayJitterMs: number;
      readonly loss: number;
    };

export interface LinkPlan {
  readonly index: number;
  readonly between: readonly [string, string];
  readonly configured: {
    readonly rttMs: number;
    readonly jitterMs: number;
    readonly mbps: number;
    readonly loss: number;
  };
  readonly emulated: { readonly rttMs: number; readonly jitterMs: number; readonly mbps: number };
  /** The two ends, in `between` order; null on loopback. */
  readonly ends: readonly [LinkEnd, LinkEnd] | null;
  /** Egress shaping on each end (ends[0] shapes 0→1, ends[1] shapes 1→0); empty on loopback. */
  readonly qdiscs: readonly Tbf[];
  readonly emulator: LinkEmulator;
  /**
   * Packet loss in the kernel where netem (which does it itself) is missing:
   * each end drops this fraction of what it sends on the link's veth, with
   * iptables' statistic match. Null without loss or without namespaces.
   */
  readonly drop: { readonly kind: 'iptables'; readonly probability: number } | null;
}

/** Every link gets its own /30 in 10.213.0.0/16, which only ever exists inside this run's namespaces. */
export function linkAddresses(index: number): [string, string] {
  const base = index * 4;
  const net = `10.213.${Math.floor(base / 256)}`;
  return [`${net}.${(base % 256) + 1}`, `${net}.${(base % 256) + 2}`];
}

export const PREFIX_LEN = 30;
/** Two loopback hops and a node event-loop turn per direction, measured with a zero-delay link. */
export const PROXY_OVERHEAD_MS = 0.2;
const MTU_FRAME = 1514;
const WIRE_OVERHEAD = MTU_FRAME / 1448;

export function tbfFor(rateBits: number): Tbf {
  const bytesPerSec = rateBits / 8;
  // A few ms of burst: enough for the timer to keep up, small against any measured interval.
  // tbf counts whole frames; scale so that TCP payload (1448 of 1514 bytes) gets the configured rate.
  rateBits = rateBits * WIRE_OVERHEAD;
  const burstBytes = Math.ceil(Math.max(10 * MTU_FRAME, bytesPerSec * 0.002));
  const limitBytes = Math.ceil(Math.max(4 * burstBytes, bytesPerSec * 0.1));
  return { kind: 'tbf', rateBits: Math.round(rateBits), burstBytes, limitBytes };
}

export function linkPlan(
  link: Link,
  index: number,
  prefix: string,
  fidelity: Fidelity,
  dilation: number,
): LinkPlan {
  const emulated = {
    rttMs: link.rttMs * dilation,
    jitterMs: link.jitterMs * dilation,
    mbps: link.mbps / dilation,
  };
  const kernel = fidelity.network === 'kernel-netns';
  const [a0, a1] = linkAddresses(index);
  const tag = index.toString(36);
  const ends: [LinkEnd, LinkEnd] | null = kernel
    ? [
        { tier: link.between[0], veth: `${prefix}-${tag}a`, address: a0 },
        { tier: link.between[1], veth: `${prefix}-${tag}b`, address: a1 },
      ]
    : null;
  const rateBits = emulated.mbps * 1e6;
  const oneWayDelayMs = emulated.rttMs / 2;
  const oneWayJitterMs = emulated.jitterMs / Math.SQRT2;
  const emulator: LinkEmulator =
    fidelity.delay === 'netem'
      ? { kind: 'netem', oneWayDelayMs, oneWayJitterMs, loss: link.loss }
      : {
          kind: 'userspace-proxy',
          oneWayDelayMs: Math.max(0, oneWayDelayMs - PROXY_OVERHEAD_MS),
          oneWayJitterMs,
          compensationMs: Math.min(oneWayDelayMs, PROXY_OVERHEAD_MS),
          rateBits: kernel ? null : rateBits,
        };
  return {
    index,
    between: link.between,
    configured: { rttMs: link.rttMs, jitterMs: link.jitterMs, mbps: link.mbps, loss: link.loss },
    emulated,
    ends,
    qdiscs: kernel ? [tbfFor(rateBits), tbfFor(rateBits)] : [],
    emulator,
    drop:
      kernel && emulator.kind !== 'netem' && link.loss > 0
        ? { kind: 'iptables', probability: link.loss }
        : null,
  };
}
