/**
 * Dominators of a directed acyclic graph given as predecessor lists, by the
 * Cooper–Harvey–Kennedy intersection rule ("A Simple, Fast Dominance
 * Algorithm", 2001). On a DAG visited in topological order every predecessor
 * is final before its successors, so one pass suffices; no iteration to a
 * fixed point is needed.
 */

export interface Dominators {
  /** Immediate dominator of each node; the root is its own, unreachable nodes have -1. */
  readonly idom: Int32Array;
  /** Position of each node in the order the tree was built from (-1 when not in it). */
  readonly position: Int32Array;
}

/**
 * `order` is a topological order of the nodes reachable from its first
 * element, the root; `preds(v)` lists v's predecessors (any not in `order` are
 * ignored, as if unreachable).
 */
export function dominatorsOfDag(
  nodeCount: number,
  order: readonly number[],
  preds: (node: number) => Iterable<number>,
): Dominators {
  const start = new Int32Array(nodeCount + 1);
  const items: number[] = [];
  for (let v = 0; v < nodeCount; v++) {
    for (const p of preds(v)) items.push(p);
    start[v + 1] = items.length;
  }
  return dominatorsOfPackedDag(nodeCount, order, start, Int32Array.from(items));
}

/**
 * As dominatorsOfDag, with the predecessors packed in two arrays (those of v
 * are items[start[v]] .. items[start[v + 1] - 1]): the graph algorithms of
 * a listing run this on a few thousand nodes, and an array per node was
 * most of their allocation.
 */
export function dominatorsOfPackedDag(
  nodeCount: number,
  order: ArrayLike<number>,
  start: Int32Array,
  items: Int32Array,
): Dominators {
  const idom = new Int32Array(nodeCount).fill(-1);
  const position = new Int32Array(nodeCount).fill(-1);
  for (let i = 0; i < order.length; i++) position[order[i]!] = i;
  if (order.length === 0) return { idom, position };
  const root = order[0]!;
  idom[root] = root;
  for (let i = 1; i < order.length; i++) {
    const node = order[i]!;
    let dom = -1;
    for (let j = start[node]!; j < start[node + 1]!; j++) {
      const p = items[j]!;
      if (idom[p]! < 0) continue; // unreachable or not in the order
      dom = dom < 0 ? p : intersect(idom, position, p, dom);
    }
    idom[node] = dom;
  }
  return { idom, position };
}

/** Nearest common dominator of a and b: walk the deeper one up until they meet. */
function intersect(idom: Int32Array, position: Int32Array, a: number, b: number): number {
  while (a !== b) {
    while (position[a]! > position[b]!) a = idom[a]!;
    while (position[b]! > position[a]!) b = idom[b]!;
  }
  return a;
}

/** Whether `a` dominates `b` (every node dominates itself). */
export function dominates(doms: Dominators, a: number, b: number): boolean {
  if (doms.idom[b]! < 0 || doms.idom[a]! < 0) return false;
  let node = b;
  // Dominators sit earlier in the order, so stop once we pass a's position.
  while (doms.position[node]! > doms.position[a]!) node = doms.idom[node]!;
  return node === a;
}

/** Nodes on the dominator-tree path from `node` up to the root, `node` first. */
export function dominatorChain(doms: Dominators, node: number): number[] {
  if (doms.idom[node]! < 0) return [];
  const chain = [node];
  while (doms.idom[node] !== node) {
    node = doms.idom[node]!;
    chain.push(node);
  }
  return chain;
}
