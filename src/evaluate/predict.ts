/**
 * The predictive method's model, calibrated on the three baselines, which
 * profile each tier once inside its staging limits (figures undilated, so
 * time dilation is already taken out):
 *
 * - fixed cost: the client-only run's latency less its DNN compute: camera,
 *   transformer, classifier and the local hand-offs every split also pays;
 * - per-tier compute: edge-only's and cloud-only's whole-model times; a
 *   candidate's head takes its share of the edge's (operator profile, or
 *   FLOPs), the tail the rest of the cloud's;
 * - links: one way is RTT/2 + bytes / bandwidth, and the cut tensors pay the
 *   serialisation cost per byte that the client-only run's local hop shows;
 * - throughput: flow.ts, from the stages' queues and the hops' round trips
 *   (busy for RTT + wire time, jitter included), so a bottleneck slower
 *   than the frame interval shows as dropped frames.
 *
 * Measured against staged runs in `npm run bench:methods`.
 */
import type { Link } from '../staging/infra.js';
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

/** The calibration from the baselines; null without edge-only and cloud-only figures. */
export function calibrate(ctx: MethodContext): Calibration | null {
  const run = (key: string): RunRecord | undefined => ctx.baselines.find((b) => b.key === key && b.metrics);
  const edge = run('edge-only');
  const cloud = run('cloud-only');
  if (!edge?.metrics || !cloud?.metrics) return null;
  const client = run('client-only');
  const inputBytes = linkBytes(edge, 'transformer');
  const resultBytes = linkBytes(edge, 'classifier');
  const local = client?.metrics?.stages.transformer;
  const msPerByte = local && inputBytes > 0 ? local.transferMs / linkBytes(client, 'transformer') : 0;
  const stage = (name: string): number => (client ?? edge).metrics?.stages[name]?.computeMs ?? 0;
  return {
    edgeMs: computeOf(edge),
    cloudMs: computeOf(cloud),
    inputBytes,
    resultBytes,
    fixedMs: fixedCost(ctx, client, edge, inputBytes, resultBytes),
    msPerByte: Number.isFinite(msPerByte) ? msPerByte : 0,
    transformerMs: stage('transformer'),
    classifierMs: stage('classifier'),
  };
}

/**
 * Client-only has no network: its latency less compute is the fixed cost.
 * Without its figures, edge-only's residual after its links stands in.
 */
function fixedCost(
  ctx: MethodContext,
  client: RunRecord | undefined,
  edge: RunRecord,
  inputBytes: number,
  resultBytes: number,
): number {
  const clientLatency = client?.metrics?.latencyMs?.mean;
  if (client && clientLatency !== undefined) return Math.max(0, clientLatency - computeOf(client));
  const { client: c, edge: e } = ctx.topology;
  const links =
    transferMs(linkOf(ctx.infra, c, e), inputBytes) + transferMs(linkOf(ctx.infra, e, c), resultBytes);
  return Math.max(0, (edge.metrics?.latencyMs?.mean ?? 0) - links - computeOf(edge));
}

export function predict(ctx: MethodContext, cal: Calibration, candidate: Candidate): Prediction {
  const { client, edge, cloud } = ctx.topology;
  const share = ctx.headShare(candidate);
  const headMs = share * cal.edgeMs;
  const tailMs = (1 - share) * cal.cloudMs;
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
