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
  /** Tensor ids, ascending. */
  readonly ids: readonly number[];
  readonly bytes: number;
  readonly position: number;
}

export function minCutTensors(ctx: AlgorithmContext, finder: CutFinder = cutFinder(ctx)): string[][] {
  const { names } = finder.index;
  const bytes = names.map((t) => ctx.bytesOf(t));
  const found = new CutSet();
  ctx.order.forEach((v, position) => {
    const ids = cutAfter(v, ctx.maxTensors, finder);
    if (ids === undefined || found.has(ids)) return;
    let total = 0;
    for (const k of ids) total += bytes[k]!;
    found.add({ ids, bytes: total, position });
  });
  return found.all
    .sort((a, b) => a.bytes - b.bytes || a.ids.length - b.ids.length || a.position - b.position)
    .map((f) => f.ids.map((k) => names[k]!));
}

/**
 * Cuts seen so far, by their ids. Two thousand flows mostly find the same
 * few hundred cuts again; a string key per flow (the ids or names joined)
 * was a fifth of min-cut's time and most of its garbage.
 */
class CutSet {
  readonly all: Found[] = [];
  private readonly byHash = new Map<number, Found[]>();

  has(ids: readonly number[]): boolean {
    return this.byHash.get(hashOf(ids))?.some((f) => sameIds(f.ids, ids)) ?? false;
  }

  add(found: Found): void {
    const hash = hashOf(found.ids);
    const bucket = this.byHash.get(hash);
    if (bucket) bucket.push(found);
    else this.byHash.set(hash, [found]);
    this.all.push(found);
  }
}

function hashOf(ids: readonly number[]): number {
  let hash = ids.length;
  for (const k of ids) hash = (Math.imul(hash, 31) + k) | 0;
  return hash;
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
function cutAfter(v: number, max: number, finder: CutFinder): number[] | undefined {
  if (!finder.hasReaders(v)) return undefined;
  const narrow = finder.cutIdsAfter(v, 'count', (max + 1) * finder.unit('count'));
  if (narrow === undefined || narrow.length === 0) return undefined;
  // Reaching the narrow cut's weight proves it is also a cheapest cut.
  const cheap = finder.cutIdsAfter(v, 'bytes', finder.weightOfIds('bytes', narrow));
  return cheap !== undefined && cheap.length <= max ? cheap : narrow;
}
