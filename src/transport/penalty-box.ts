/**
 * Peer addresses whose connection a relay server cut as abusive, each
 * until its ban (RelayLimits.abuseBanMs) runs out. Cutting an abusive
 * connection alone would only make its peer open another and start over;
 * closing the new ones on accept costs the server about what the
 * maxConnections cap costs. Bounded: a peer cannot grow it without limit
 * by coming from ever new addresses.
 */
import { performance } from 'node:perf_hooks';

/** Addresses banned at once; past it the ban that ends first is dropped. */
export const MAX_BANNED_ADDRESSES = 4096;

export class PenaltyBox {
  /** Address → when its ban ends (ms, on `now`'s clock); insertion order is ban order. */
  private readonly until = new Map<string, number>();

  constructor(
    private readonly banMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Bans `address` for banMs from now (nothing when banMs is 0 or the address is unknown). */
  ban(address: string | undefined): void {
    if (this.banMs === 0 || address === undefined) return;
    this.until.delete(address);
    this.until.set(address, this.now() + this.banMs);
    if (this.until.size <= MAX_BANNED_ADDRESSES) return;
    // Every ban lasts banMs, so the first inserted ends first.
    const first = this.until.keys().next();
    if (first.done !== true) this.until.delete(first.value);
  }

  /** Whether connections from `address` are closed on accept now. */
  banned(address: string | undefined): boolean {
    if (address === undefined) return false;
    const end = this.until.get(address);
    if (end === undefined) return false;
    if (this.now() < end) return true;
    this.until.delete(address);
    return false;
  }

  get size(): number {
    return this.until.size;
  }
}
