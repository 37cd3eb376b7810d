/**
 * Reassembly buffers for received messages that span DATA chunks (docs/TRANSPORT.md,
 * Performance). A fresh 1–10 MB buffer per frame costs the receiving thread a scavenge per
 * frame; a buffer given back with release() is handed out again instead. Received tensors are
 * views on the buffer, so only its holder may give it back, once it is done with them; a
 * buffer never given back is simply garbage-collected and never handed out again.
 */

/** Messages smaller than this are reassembled in fresh buffers: they cost the GC little. */
export const POOL_MIN_BYTES = 64 * 1024;
/** Free buffers kept; a release beyond that drops the smallest to the GC. */
export const POOL_SIZE = 4;
/** Byte written over a released buffer in poison mode: NaN in float32 and float16, which spreads through any model. */
export const POISON_BYTE = 0xff;

export interface PoolOptions {
  /** Overwrite buffers as they are given back, so a use after release reads wrong values. */
  readonly poison?: boolean;
}

/** One buffer handed out: the message's bytes and the one way to give them back. */
export interface Lease {
  readonly bytes: Buffer;
  /** Gives the buffer back; later calls do nothing. */
  readonly release: () => void;
}

export class BufferPool {
  private readonly free: ArrayBuffer[] = [];
  private readonly poison: boolean;

  constructor(options: PoolOptions = {}) {
    // The environment switch lets an end-to-end run (stages in child processes) poison too.
    this.poison = options.poison ?? process.env.COUPER_POISON_RELEASED === '1';
  }

  /** Free buffers held now (for tests). */
  get size(): number {
    return this.free.length;
  }

  /**
   * `length` bytes placed `offset` bytes into their memory: the smallest free buffer that
   * holds them without wasting more than half of it, or a new one.
   */
  take(offset: number, length: number): Lease {
    const needed = offset + length;
    let best = -1;
    this.free.forEach((memory, i) => {
      const fits = memory.byteLength >= needed && memory.byteLength <= 2 * needed;
      if (fits && (best < 0 || memory.byteLength < (this.free[best] as ArrayBuffer).byteLength)) best = i;
    });
    const memory = best >= 0 ? (this.free.splice(best, 1)[0] as ArrayBuffer) : allocate(needed);
    let given = false;
    const release = (): void => {
      if (given) return;
      given = true;
      this.give(memory);
    };
    return { bytes: Buffer.from(memory, offset, length), release };
  }

  private give(memory: ArrayBuffer): void {
    if (this.poison) new Uint8Array(memory).fill(POISON_BYTE);
    this.free.push(memory);
    if (this.free.length <= POOL_SIZE) return;
    let smallest = 0;
    this.free.forEach((m, i) => {
      if (m.byteLength < (this.free[smallest] as ArrayBuffer).byteLength) smallest = i;
    });
    this.free.splice(smallest, 1);
  }
}

/** Memory of its own (allocUnsafeSlow: never a slice of Node's shared pool), no zero fill. */
function allocate(bytes: number): ArrayBuffer {
  return Buffer.allocUnsafeSlow(bytes).buffer;
}
