/**
 * Maximum flow / minimum s-t cut by Dinic's algorithm, on a network built
 * once and solved many times with a few capacities changed in between (the
 * min-cut candidate search solves one flow per operator on the same network).
 *
 * Capacities are doubles and may be Infinity; keep finite ones integral
 * (below 2^53) so residuals stay exact.
 */
export class FlowNetwork {
  private nodes = 0;
  private edgeCount = 0;
  private to = new Int32Array(16);
  private cap = new Float64Array(16);
  private flow = new Float64Array(16);
  private next = new Int32Array(16);
  private first = new Int32Array(0);
  private level = new Int32Array(0);
  private cursor = new Int32Array(0);
  private queue = new Int32Array(0);
  private side = new Uint8Array(0);
  /** The augmenting path being built (edges); a level path visits each node at most once. */
  private path = new Int32Array(0);

  constructor(nodeCount: number) {
    this.clear(nodeCount);
  }

  get nodeCount(): number {
    return this.nodes;
  }

  /**
   * Drop every edge and start over with `nodeCount` nodes, keeping the
   * buffers: solving many small networks one after another then allocates
   * (almost) nothing, and each solve only touches what it uses.
   */
  clear(nodeCount: number): void {
    this.nodes = 0;
    this.edgeCount = 0;
    this.reserveNodes(nodeCount);
    this.nodes = nodeCount;
    this.first.fill(-1, 0, nodeCount);
  }

  /** Add one node (with no edges); returns its id. */
  addNode(): number {
    this.reserveNodes(this.nodes + 1);
    this.first[this.nodes] = -1;
    return this.nodes++;
  }

  /** Add u -> v with the given capacity; returns the edge id (its residual twin is id ^ 1). */
  addEdge(u: number, v: number, capacity: number): number {
    const id = this.edgeCount;
    this.push(u, v, capacity);
    this.push(v, u, 0);
    return id;
  }

  setCapacity(edge: number, capacity: number): void {
    this.cap[edge] = capacity;
  }

  /** Forget all flow so the network can be solved again. */
  resetFlow(): void {
    this.flow.fill(0, 0, this.edgeCount);
  }

  /**
   * Push as much flow from s to t as fits, on top of any flow already there
   * (call resetFlow first for a fresh problem), stopping early once the
   * value reaches `limit` (then the flow is not maximal and sourceSide means
   * nothing). Returns the value added; Infinity when an all-infinite path
   * joins s to t.
   */
  maxFlow(s: number, t: number, limit = Infinity): number {
    let total = 0;
    while (total < limit && this.buildLevels(s, t)) {
      for (let u = 0; u < this.nodes; u++) this.cursor[u] = this.first[u]!;
      for (let pushed = this.augment(s, t); pushed > 0; pushed = this.augment(s, t)) {
        total += pushed;
        if (total >= limit) return total;
      }
    }
    return total;
  }

  /**
   * After maxFlow: 1 for nodes still reachable from s in the residual network
   * (the source side of a minimum cut). A view on a buffer the next call
   * overwrites: min-cut asks twice per operator, and fresh arrays kept the
   * garbage collector busy.
   */
  sourceSide(s: number): Uint8Array {
    const seen = this.side.subarray(0, this.nodes);
    seen.fill(0);
    const stack = this.queue;
    let top = 0;
    stack[top++] = s;
    seen[s] = 1;
    while (top > 0) {
      const u = stack[--top]!;
      for (let e = this.first[u]!; e >= 0; e = this.next[e]!) {
        const v = this.to[e]!;
        if (seen[v] === 0 && this.cap[e]! - this.flow[e]! > 0) {
          seen[v] = 1;
          stack[top++] = v;
        }
      }
    }
    return seen;
  }

  private push(u: number, v: number, capacity: number): void {
    if (this.edgeCount === this.to.length) this.grow();
    const e = this.edgeCount++;
    this.to[e] = v;
    this.cap[e] = capacity;
    this.flow[e] = 0;
    this.next[e] = this.first[u]!;
    this.first[u] = e;
  }

  private reserveNodes(count: number): void {
    if (count <= this.first.length) return;
    const size = Math.max(count, 2 * this.first.length);
    const first = new Int32Array(size);
    first.set(this.first.subarray(0, this.nodes));
    this.first = first;
    this.level = new Int32Array(size);
    this.cursor = new Int32Array(size);
    this.queue = new Int32Array(size);
    this.side = new Uint8Array(size);
    this.path = new Int32Array(size);
  }

  private grow(): void {
    const size = this.to.length * 2;
    const widen = <A extends Int32Array | Float64Array>(a: A, make: (n: number) => A): A => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.to = widen(this.to, (n) => new Int32Array(n));
    this.cap = widen(this.cap, (n) => new Float64Array(n));
    this.flow = widen(this.flow, (n) => new Float64Array(n));
    this.next = widen(this.next, (n) => new Int32Array(n));
  }

  /** BFS levels over residual edges; false when t is out of reach. */
  private buildLevels(s: number, t: number): boolean {
    this.level.fill(-1, 0, this.nodes);
    this.level[s] = 0;
    const queue = this.queue;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const u = queue[head++]!;
      for (let e = this.first[u]!; e >= 0; e = this.next[e]!) {
        const v = this.to[e]!;
        if (this.level[v]! < 0 && this.cap[e]! - this.flow[e]! > 0) {
          this.level[v] = this.level[u]! + 1;
          queue[tail++] = v;
        }
      }
    }
    return this.level[t]! >= 0;
  }

  /**
   * One augmenting path in the level graph, found iteratively (deep networks
   * would overflow a recursive search); returns the flow pushed, 0 if none.
   */
  private augment(s: number, t: number): number {
    // A reused buffer, not a fresh array: min-cut augments thousands of times per listing.
    const path = this.path;
    let length = 0;
    let u = s;
    while (u !== t) {
      const e = this.advance(u);
      if (e >= 0) {
        path[length++] = e;
        u = this.to[e]!;
        continue;
      }
      // Dead end: nothing more flows through u in this phase.
      this.level[u] = -1;
      if (length === 0) return 0;
      const back = path[--length]!;
      u = this.to[back ^ 1]!;
      this.cursor[u] = this.next[back]!;
    }
    let bottleneck = Infinity;
    for (let i = 0; i < length; i++) {
      const e = path[i]!;
      bottleneck = Math.min(bottleneck, this.cap[e]! - this.flow[e]!);
    }
    for (let i = 0; i < length; i++) {
      const e = path[i]!;
      this.flow[e]! += bottleneck;
      this.flow[e ^ 1]! -= bottleneck;
    }
    return bottleneck;
  }

  /** The current arc out of u that leads one level deeper with residual capacity, or -1. */
  private advance(u: number): number {
    for (let e = this.cursor[u]!; e >= 0; e = this.next[e]!) {
      const v = this.to[e]!;
      if (this.level[v] === this.level[u]! + 1 && this.cap[e]! - this.flow[e]! > 0) {
        this.cursor[u] = e;
        return e;
      }
    }
    this.cursor[u] = -1;
    return -1;
  }
}
