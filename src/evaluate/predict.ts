/**
 * The predictive method's model, calibrated on the three baselines, which
 * profile each tier once inside its staging limits (figures undilated, so
 * time dilation is already taken out):
 *
 * - fixed cost: edge-only's latency less its DNN compute and its links'
 *   one-way times: camera, transformer, classifier and the hand-offs every
 *   split also pays, measured with the client as loaded as a split's (see
 *   calibrate for why not client-only);
 * - per-tier compute: edge-only's and cloud-only's whole-model times; a
 *   candidate's head takes its share of the edge's (operator profile, or
 *   FLOPs), the tail the rest of the cloud's;
 * - links: one way is RTT/2 + bytes / bandwidth, and the cut tensors pay the
 *   serialisation cost per byte that edge-only's local (same-tier) hop shows;
 * - throughput: flow.ts, from the stages' queues and the hops' round trips
 *   (busy for RTT + wire time, jitter included), so a bottleneck slower
 *   than the frame interval shows as dropped frames.
 *
 * Measured against staged runs in `npm run bench:methods`.
 */
import type { Link } from '../staging/index.js';
import type { Candidate } from '../slice/candidates.js';
import { flowThrough, type FlowElement } from './flow.js';
import type { MethodContext } from './methods/method.js';
import { linkOf, transferMs } from './topology.js';
import type { Prediction, RunRecord } from './types.js';

export interface Calibration {
  /** Whole-model compute ms on the edge and cloud tiers. */
  readonly edgeMs: number;
  readonly cloudMs: number;
  readonly inputBytes: number;
  readonly resultBytes: number;
  /** Latency every split pays besides the DNN and the links (camera, transformer, classifier, local hops). */
  readonly fixedMs: number;
  /** Serialising and handing over one byte on a hop, from a local hop (ms per byte). */
  readonly msPerByte: number;
  readonly transformerMs: number;
  readonly classifierMs: number;
}

/**
 * The calibration from the baselines; null without edge-only and cloud-only figures.
 *
 * The client-side figures (fixed cost, transformer time, per-byte hand-off)
 * come from a run whose client carries what a split's client carries: the
 * camera and the transformer only. That is edge-only (else cloud-only), never
 * client-only first: client-only also runs the whole DNN on the client's few
 * cores, so its transformer, its local hops and the residual left after its
 * compute carry that contention (with a heavy model on a small client, several
 * times the quiet cost), which no split's client ever sees. Client-only is the
 * last resort.
 */
export function calibrate(ctx: MethodContext): Calibration | null {
  const run = (key: string): RunRecord | undefined => ctx.baselines.find((b) => b.key === key && b.metrics);
  const edge = run('edge-only');
  const cloud = run('cloud-only');
  if (!edge?.metrics || !cloud?.metrics) return null;
  const client = run('client-only');
  const inputBytes = linkBytes(edge, 'transformer');
  const resultBytes = linkBytes(edge, 'classifier');
  const stage = (name: string): number => edge.metrics?.stages[name]?.computeMs ?? 0;
  return {
    edgeMs: computeOf(edge),
    cloudMs: computeOf(cloud),
    inputBytes,
    resultBytes,
    fixedMs: fixedCost(ctx, edge, cloud, client),
    msPerByte: localMsPerByte(edge) ?? localMsPerByte(cloud) ?? (client ? localMsPerByte(client) : null) ?? 0,
    transformerMs: stage('transformer'),
    classifierMs: stage('classifier'),
  };
}

/**
 * What a run pays besides its DNN compute and its links' one-way times
 * (camera, transformer, classifier, hand-offs): its latency less those.
 * Edge-only first, as it shares a split's quiet client and its client→edge
 * hop; then cloud-only; then client-only, which has no links.
 */
function fixedCost(ctx: MethodContext, edge: RunRecord, cloud: RunRecord, client?: RunRecord): number {
  const residual = (r: RunRecord | undefined): number | null => {
    const latency = r?.metrics?.latencyMs?.mean;
    if (!r || latency === undefined || !Number.isFinite(latency)) return null;
    const tier = r.placement.evaluator0 ?? ctx.topology.client;
    const { client: c } = ctx.topology;
    const links =
      transferMs(linkOf(ctx.infra, c, tier), linkBytes(r, 'transformer')) +
      transferMs(linkOf(ctx.infra, tier, c), linkBytes(r, 'classifier'));
    return Math.max(0, latency - links - computeOf(r));
  };
  return residual(edge) ?? residual(cloud) ?? residual(client) ?? 0;
}

/**
 * Hand-off cost per byte from the run's busiest same-tier hop (no network:
 * its round trip is serialising, copying and the ack), null without one.
 */
function localMsPerByte(r: RunRecord): number | null {
  let best: { bytes: number; ms: number } | null = null;
  for (const l of r.metrics?.links ?? []) {
    const sender = r.metrics?.stages[l.from];
    const local = r.placement[l.from] !== undefined && r.placement[l.from] === r.placement[l.to];
    if (!sender || !local || l.bytesPerFrame <= 0) continue;
    if (!best || l.bytesPerFrame > best.bytes) best = { bytes: l.bytesPerFrame, ms: sender.transferMs };
  }
  return best ? best.ms / best.bytes : null;
}

export function predict(ctx: MethodContext, cal: Calibration, candidate: Candidate): Prediction {
  const { client, edge, cloud } = ctx.topology;
  const share = ctx.headShare(candidate);
  const headMs = pacedMs(ctx, edge, candidate, 'head') ?? share * cal.edgeMs;
  const tailMs = pacedMs(ctx, cloud, candidate, 'tail') ?? (1 - share) * cal.cloudMs;
  const up = linkOf(ctx.infra, client, edge);
  const cut = linkOf(ctx.infra, edge, cloud);
  const back = linkOf(ctx.infra, cloud, client);
  const flow = flowThrough(
    [
      { kind: 'compute', name: 'transformer', ms: cal.transformerMs },
      hop('client→edge link', up, cal.inputBytes, cal),
      { kind: 'compute', name: 'evaluator0', ms: headMs },
      hop('edge→cloud link', cut, candidate.bytes, cal),
      { kind: 'compute', name: 'evaluator1', ms: tailMs },
      { kind: 'compute', name: 'classifier', ms: cal.classifierMs },
      hop('cloud→client link', back, cal.resultBytes, cal),
    ],
    1000 / ctx.fps,
  );
  const latencyMs =
    cal.fixedMs +
    transferMs(up, cal.inputBytes) +
    headMs +
    transferMs(cut, candidate.bytes) +
    candidate.bytes * cal.msPerByte +
    tailMs +
    transferMs(back, cal.resultBytes) +
    flow.queueMs;
  return {
    latencyMs,
    fpsOut: ctx.fps * flow.passed,
    dropRate: 1 - flow.passed,
    bytes: cal.inputBytes + candidate.bytes,
    bottleneck: flow.bottleneck,
  };
}

/**
 * A paced tier computes in its profile's time: the candidate's head or tail
 * as the profile lists it, else the candidate's share of the profile's
 * median; null for a tier that is not paced.
 */
export function pacedMs(
  ctx: MethodContext,
  tier: string,
  c: Candidate,
  side: 'head' | 'tail',
): number | null {
  const profile = ctx.tierProfiles?.[tier];
  if (!profile) return null;
  const listed = profile.candidates.find((p) => p.id === c.id);
  if (listed) return side === 'head' ? listed.headMs : listed.tailMs;
  const share = ctx.headShare(c);
  return profile.latency.medianMs * (side === 'head' ? share : 1 - share);
}

/** A hop is busy for the call's round trip: serialising, the wire time and the link's RTT until the ack. */
function hop(name: string, link: Link | null, bytes: number, cal: Calibration): FlowElement {
  const wire = link ? (bytes * 8) / (link.mbps * 1000) : 0;
  return {
    kind: 'hop',
    name,
    busyMs: (link?.rttMs ?? 0) + wire + bytes * cal.msPerByte,
    jitterMs: link?.jitterMs ?? 0,
  };
}

function computeOf(r: RunRecord): number {
  return r.metrics?.stages.evaluator0?.computeMs ?? 0;
}

function linkBytes(r: RunRecord | undefined, from: string): number {
  return r?.metrics?.links.find((l) => l.from === from)?.bytesPerFrame ?? 0;
}
