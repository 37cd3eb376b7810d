/**
 * The predictive method's model. Each tier is profiled once, inside its
 * staging limits, by the baselines (the whole DNN on the client, the edge,
 * the cloud): their evaluator compute time is the tier's whole-model time,
 * and what is left of their latency after compute and links is the fixed
 * overhead (camera, transformer, classifier, relays). A candidate's head
 * takes its share of the edge's time (headShare: operator profile or FLOPs),
 * the tail the rest of the cloud's; each link costs RTT/2 + bytes/bandwidth.
 * Throughput is set by the slowest stage or link; frames beyond it drop.
 */
import type { Candidate } from '../slice/candidates.js';
import type { MethodContext } from './methods/method.js';
import { linkOf, transferMs } from './topology.js';
import type { Prediction, RunRecord } from './types.js';

export interface Calibration {
  /** Whole-model compute ms on the edge and cloud tiers. */
  readonly edgeMs: number;
  readonly cloudMs: number;
  readonly inputBytes: number;
  readonly resultBytes: number;
  /** Latency not explained by compute and links. */
  readonly overheadMs: number;
  readonly transformerMs: number;
}

/** The calibration from the edge-only and cloud-only baselines; null when either has no figures. */
export function calibrate(ctx: MethodContext): Calibration | null {
  const edge = ctx.baselines.find((b) => b.key === 'edge-only' && b.metrics);
  const cloud = ctx.baselines.find((b) => b.key === 'cloud-only' && b.metrics);
  if (!edge?.metrics || !cloud?.metrics) return null;
  const inputBytes = linkBytes(edge, 'transformer');
  const resultBytes = linkBytes(edge, 'classifier');
  const overheads = [edge, cloud].flatMap((r) => {
    const latency = r.metrics?.latencyMs?.mean;
    if (latency === undefined) return [];
    const tier = r.placement.evaluator0 ?? ctx.topology.cloud;
    const links =
      transferMs(linkOf(ctx.infra, ctx.topology.client, tier), inputBytes) +
      transferMs(linkOf(ctx.infra, tier, ctx.topology.client), resultBytes);
    return [Math.max(0, latency - links - computeOf(r))];
  });
  return {
    edgeMs: computeOf(edge),
    cloudMs: computeOf(cloud),
    inputBytes,
    resultBytes,
    overheadMs: overheads.length ? overheads.reduce((a, b) => a + b, 0) / overheads.length : 0,
    transformerMs: edge.metrics.stages.transformer?.computeMs ?? 0,
  };
}

export function predict(ctx: MethodContext, cal: Calibration, candidate: Candidate): Prediction {
  const { client, edge, cloud } = ctx.topology;
  const share = ctx.headShare(candidate);
  const headMs = share * cal.edgeMs;
  const tailMs = (1 - share) * cal.cloudMs;
  const up = linkOf(ctx.infra, client, edge);
  const cut = linkOf(ctx.infra, edge, cloud);
  const back = linkOf(ctx.infra, cloud, client);
  const latencyMs =
    cal.overheadMs +
    transferMs(up, cal.inputBytes) +
    headMs +
    transferMs(cut, candidate.bytes) +
    tailMs +
    transferMs(back, cal.resultBytes);
  const stages: Record<string, number> = {
    transformer: cal.transformerMs,
    'client→edge link': wireMs(up?.mbps, cal.inputBytes),
    evaluator0: headMs,
    'edge→cloud link': wireMs(cut?.mbps, candidate.bytes),
    evaluator1: tailMs,
  };
  const [bottleneck, slowestMs] = Object.entries(stages).reduce((a, b) => (b[1] > a[1] ? b : a));
  const fpsOut = slowestMs > 0 ? Math.min(ctx.fps, 1000 / slowestMs) : ctx.fps;
  return {
    latencyMs,
    fpsOut,
    dropRate: Math.max(0, 1 - fpsOut / ctx.fps),
    bytes: cal.inputBytes + candidate.bytes,
    bottleneck,
  };
}

/** Time a link is busy sending `bytes` (what limits its frame rate; the RTT overlaps). */
function wireMs(mbps: number | undefined, bytes: number): number {
  return mbps === undefined ? 0 : (bytes * 8) / (mbps * 1000);
}

function computeOf(r: RunRecord): number {
  return r.metrics?.stages.evaluator0?.computeMs ?? 0;
}

function linkBytes(r: RunRecord, from: string): number {
  return r.metrics?.links.find((l) => l.from === from)?.bytesPerFrame ?? 0;
}
