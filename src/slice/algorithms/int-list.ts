/**
 * A growable list of int32 that is emptied by resetting a count. min-cut
 * refills a handful of lists for each of its thousand flows; emptying a JS
 * array (`length = 0`) is a runtime call each time, and showed in profiles.
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
}
