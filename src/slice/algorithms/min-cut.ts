/**
 * `min-cut` (ours): for models with skip connections (U-Net, FPN, DenseNet)
 * where single-tensor cuts are rare, the cheapest valid cut right after each
 * operator, found by max-flow, kept when it carries at most K tensors.
 *
 * For operator v the cut must put v on the head side and every reader of v's
 * outputs on the tail side, and be closed (nothing in the tail feeds the
 * head). Among those it minimises the bytes sent; ties go to fewer tensors.
 * When that cut carries more than K tensors, a second flow looks for the cut
 * with the fewest tensors (then the fewest bytes) and keeps it if it fits.
 *
 * Each flow runs on a small network of the ops the cut may still place
 * either way (region-cuts.ts), not on the whole graph: on a 1,000-op
 * residual graph that is the difference between milliseconds and half a
 * second.
 *
 * Result order: by total bytes ascending, then fewer tensors, then the
 * position in the topological order of the first operator that produced it.
 */
import type { AlgorithmContext, CandidateAlgorithm } from '../algorithm.js';
import { cutLayout } from './cut-layout.js';
import { wholeGraphCuts, type CutFinder } from './cut-network.js';
import { RegionCuts } from './region-cuts.js';

export const minCut: CandidateAlgorithm = {
  name: 'min-cut',
  description:
    'cheapest cut right after each operator by max-flow, at most --max-tensors tensors, smallest first',
  findCuts: (ctx) => minCutTensors(ctx),
};

interface Found {
  readonly tensors: string[];
  readonly bytes: number;
  readonly position: number;
}

export function minCutTensors(ctx: AlgorithmContext, finder: CutFinder = cutFinder(ctx)): string[][] {
  const found = new Map<string, Found>();
  ctx.order.forEach((v, position) => {
    const tensors = cutAfter(v, ctx.maxTensors, finder);
    if (tensors === undefined) return;
    // Finders list a cut's tensors in tensor-id order, so equal sets give equal keys.
    const key = tensors.join('\u0000');
    if (!found.has(key)) found.set(key, { tensors, bytes: sumBytes(ctx, tensors), position });
  });
  return [...found.values()]
    .sort((a, b) => a.bytes - b.bytes || a.tensors.length - b.tensors.length || a.position - b.position)
    .map((f) => f.tensors);
}

/**
 * Flows on a small region around each operator where the graph allows
 * (region-cuts.ts); on the whole graph for the rare ones it does not model.
 */
export function cutFinder(ctx: AlgorithmContext): CutFinder {
  const layout = cutLayout(ctx);
  return layout ? new RegionCuts(ctx, layout) : wholeGraphCuts(ctx);
}

/**
 * The cut kept for op v: the cheapest if it has at most `max` tensors, else
 * the narrowest (fewest tensors, then bytes) if that fits. The narrow flow
 * runs first because it stops after max + 1 tensors' worth of flow, and its
 * weight then caps the cheap flow: deep inside nested skip connections both
 * would otherwise push flow through every skip for nothing.
 */
function cutAfter(v: number, max: number, finder: CutFinder): string[] | undefined {
  if (!finder.hasReaders(v)) return undefined;
  const narrow = finder.cutAfter(v, 'count', (max + 1) * finder.unit('count'));
  if (narrow === undefined || narrow.length === 0) return undefined;
  // Reaching the narrow cut's weight proves it is also a cheapest cut.
  const cheap = finder.cutAfter(v, 'bytes', finder.weightOf('bytes', narrow));
  return cheap !== undefined && cheap.length <= max ? cheap : narrow;
}

function sumBytes(ctx: AlgorithmContext, tensors: readonly string[]): number {
  let total = 0;
  for (const t of tensors) total += ctx.bytesOf(t);
  return total;
}
