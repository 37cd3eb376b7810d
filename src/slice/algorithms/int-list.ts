/**
 * Integer lists for the graph algorithms: a growable list of int32 emptied
 * by resetting a count, and lists of integers packed into one array. min-cut
 * refills a handful of lists for each of its thousand flows, and flattens the
 * graph once per listing; arrays of small JS arrays (and emptying one with
 * `length = 0`, a runtime call each time) showed in profiles and kept the
 * garbage collector busy.
 */
export class IntList {
  private items = new Int32Array(16);
  length = 0;

  push(value: number): void {
    if (this.length === this.items.length) {
      const grown = new Int32Array(2 * this.items.length);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = value;
  }

  get(i: number): number {
    return this.items[i]!;
  }

  clear(): void {
    this.length = 0;
  }

  /** A copy of the items. */
  toInt32Array(): Int32Array {
    return this.items.slice(0, this.length);
  }

  /** Sort the items ascending in place: by insertion for the handful a cut has. */
  sortAscending(): void {
    const { items, length } = this;
    if (length > 16) {
      items.subarray(0, length).sort();
      return;
    }
    for (let i = 1; i < length; i++) {
      const value = items[i]!;
      let at = i;
      for (; at > 0 && items[at - 1]! > value; at--) items[at] = items[at - 1]!;
      items[at] = value;
    }
  }
}

/** Lists of integers packed into one array: list i is items[start[i]] .. items[start[i + 1] - 1]. */
export interface Lists {
  readonly start: Int32Array;
  readonly items: Int32Array;
}

/** Packed lists appended one after another: add list i's items, then end it. */
export class ListBuilder {
  private readonly start: Int32Array;
  private readonly items = new IntList();
  private lists = 0;

  constructor(count: number) {
    this.start = new Int32Array(count + 1);
  }

  add(item: number): void {
    this.items.push(item);
  }

  end(): void {
    this.start[++this.lists] = this.items.length;
  }

  done(): Lists {
    return { start: this.start, items: this.items.toInt32Array() };
  }
}

/**
 * Lists of `count` entries from pairs (owner[e], item[e]): each list holds
 * its items in the order the pairs were given (a counting sort).
 */
export function packPairs(count: number, owner: IntList, item: IntList): Lists {
  const start = new Int32Array(count + 1);
  for (let e = 0; e < owner.length; e++) start[owner.get(e) + 1]!++;
  for (let i = 0; i < count; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, count);
  const items = new Int32Array(owner.length);
  for (let e = 0; e < owner.length; e++) items[fill[owner.get(e)]!++] = item.get(e);
  return { start, items };
}
