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
import { IntList } from './int-list.js';
import { RegionCuts } from './region-cuts.js';

export const minCut: CandidateAlgorithm = {
  name: 'min-cut',
  description:
    'cheapest cut right after each operator by max-flow, at most --max-tensors tensors, smallest first',
  findCuts: (ctx) => minCutTensors(ctx),
};

interface Found {
  /** Where the cut's tensor ids (ascending) sit in CutSet's pool. */
  readonly start: number;
  readonly length: number;
  readonly bytes: number;
  readonly position: number;
}

export function minCutTensors(ctx: AlgorithmContext, finder: CutFinder = cutFinder(ctx)): string[][] {
  const { names } = finder.index;
  const bytes = names.map((t) => ctx.bytesOf(t));
  const found = new CutSet();
  const buffers = { narrow: new IntList(), cheap: new IntList() };
  ctx.order.forEach((v, position) => {
    const ids = cutAfter(v, ctx.maxTensors, finder, buffers);
    if (ids === undefined || found.has(ids)) return;
    let total = 0;
    for (let i = 0; i < ids.length; i++) total += bytes[ids.get(i)]!;
    found.add(ids, total, position);
  });
  return found.all
    .sort((a, b) => a.bytes - b.bytes || a.length - b.length || a.position - b.position)
    .map((f) => {
      // Exact size: an array grown by push from empty holds 17 slots.
      const cut = new Array<string>(f.length);
      for (let i = 0; i < f.length; i++) cut[i] = names[found.pool.get(f.start + i)]!;
      return cut;
    });
}

/**
 * Cuts seen so far, by their ids. Two thousand flows mostly find the same
 * few hundred cuts again; a string key per flow (the ids or names joined)
 * was a fifth of min-cut's time and most of its garbage. A flow's ids stay
 * in the finder's buffer; a new cut's are appended to one pool, so a cut
 * costs one small object.
 */
class CutSet {
  readonly all: Found[] = [];
  readonly pool = new IntList();
  /** Index in `all` of the last cut with each hash; sameHash[i] links cut i to the one before. */
  private readonly lastByHash = new Map<number, number>();
  private readonly sameHash: number[] = [];

  has(ids: IntList): boolean {
    for (let i = this.lastByHash.get(hashOf(ids)) ?? -1; i >= 0; i = this.sameHash[i]!) {
      if (this.holds(this.all[i]!, ids)) return true;
    }
    return false;
  }

  add(ids: IntList, bytes: number, position: number): void {
    const hash = hashOf(ids);
    const start = this.pool.length;
    for (let i = 0; i < ids.length; i++) this.pool.push(ids.get(i));
    this.sameHash.push(this.lastByHash.get(hash) ?? -1);
    this.lastByHash.set(hash, this.all.length);
    this.all.push({ start, length: ids.length, bytes, position });
  }

  private holds(found: Found, ids: IntList): boolean {
    if (found.length !== ids.length) return false;
    for (let i = 0; i < ids.length; i++) if (this.pool.get(found.start + i) !== ids.get(i)) return false;
    return true;
  }
}

function hashOf(ids: IntList): number {
  let hash = ids.length;
  for (let i = 0; i < ids.length; i++) hash = (Math.imul(hash, 31) + ids.get(i)) | 0;
  return hash;
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
function cutAfter(
  v: number,
  max: number,
  finder: CutFinder,
  buffers: { readonly narrow: IntList; readonly cheap: IntList },
): IntList | undefined {
  if (!finder.hasReaders(v)) return undefined;
  const { narrow, cheap } = buffers;
  if (!finder.cutIdsInto(v, 'count', (max + 1) * finder.unit('count'), narrow) || narrow.length === 0) {
    return undefined;
  }
  // Reaching the narrow cut's weight proves it is also a cheapest cut.
  const found = finder.cutIdsInto(v, 'bytes', finder.weightOfIds('bytes', narrow), cheap);
  return found && cheap.length <= max ? cheap : narrow;
}
