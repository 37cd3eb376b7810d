/**
 * The hand-off between a stage's receiving end and its worker: a bounded
 * queue that never blocks the producer. offer() says at once whether the item
 * fits; a full queue refuses it (the caller answers the sender, which counts
 * the drop) instead of growing, so latency cannot build up behind a slow stage.
 */
export class BoundedQueue<T> {
  private readonly items: T[] = [];
  private waiter: ((item: T | null) => void) | null = null;
  private closed = false;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`queue capacity ${capacity} < 1`);
  }

  get size(): number {
    return this.items.length;
  }

  /** Add an item if there is room (or a worker waiting for one); false when full or closed. */
  offer(item: T): boolean {
    if (this.closed) return false;
    if (this.waiter) {
      const wake = this.waiter;
      this.waiter = null;
      wake(item);
      return true;
    }
    if (this.items.length >= this.capacity) return false;
    this.items.push(item);
    return true;
  }

  /** The oldest item, waiting for one when empty; null once closed and empty. */
  take(): Promise<T | null> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiter = resolve));
  }

  /** Refuse further items and wake a waiting worker with null; queued items are returned. */
  close(): T[] {
    this.closed = true;
    this.waiter?.(null);
    this.waiter = null;
    return this.items.splice(0);
  }
}
