/**
 * The connection-level limits of a relay server, over its HTTP/2 sessions:
 * a session from a banned address is cut as it arrives, one that made the
 * server read too many bytes for nothing is cut as abusive (and its address
 * banned), and one on which a reply has waited sendTimeoutMs without
 * leaving is cut. The last needs a timer: a session whose client went away
 * can be left without any event saying so (seen under bench:limits; likely
 * because Node's http2 session stops reading its socket while a write to
 * it is in progress), holding its queue until the idle timeout.
 */
import http2 from 'node:http2';
import { TransportError } from '../core/errors.js';
import { ConnectionLedger } from './connection-ledger.js';
import type { RelayLimits } from './limits.js';
import { PenaltyBox } from './penalty-box.js';

/** Tells the server's LimitStats that a connection was closed, and why. */
export type CountCut = (counter: 'connectionsClosed', reason: string) => void;

export class ConnectionWatch {
  readonly penalties: PenaltyBox;
  private readonly sweep: NodeJS.Timeout;

  constructor(
    private readonly sessions: Map<http2.ServerHttp2Session, ConnectionLedger>,
    private readonly limits: RelayLimits,
    private readonly count: CountCut,
  ) {
    this.penalties = new PenaltyBox(limits.abuseBanMs);
    // A quarter of the timeout: a stalled session is cut within 1.25 × sendTimeoutMs.
    const period = Math.max(10, Math.min(1000, Math.floor(limits.sendTimeoutMs / 4)));
    this.sweep = setInterval(() => this.cutStalled(), period);
    this.sweep.unref();
  }

  /** The new session's ledger, or undefined when its address is banned (it has been cut). */
  admit(session: http2.ServerHttp2Session): ConnectionLedger | undefined {
    const address = session.socket.remoteAddress;
    if (this.penalties.banned(address)) {
      this.count('connectionsClosed', `${String(address)} is banned for abuse`);
      session.destroy();
      return undefined;
    }
    const ledger = new ConnectionLedger(this.limits, (reason) => {
      this.count('connectionsClosed', reason);
      this.penalties.ban(address);
      // GOAWAY(ENHANCE_YOUR_CALM) so that the peer learns why, then the session goes; destroyed
      // at once (this runs inside a stream's event), the GOAWAY would not always leave.
      session.goaway(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
      setImmediate(() =>
        session.destroy(new TransportError(reason), http2.constants.NGHTTP2_ENHANCE_YOUR_CALM),
      );
    });
    this.sessions.set(session, ledger);
    session.on('close', () => this.sessions.delete(session));
    return ledger;
  }

  stop(): void {
    clearInterval(this.sweep);
  }

  private cutStalled(): void {
    for (const [session, ledger] of this.sessions) {
      const stalled = ledger.sendStalled();
      if (stalled === undefined) continue;
      // A client that already lost a stream for unread replies and still takes none is abusive.
      const abusive = ledger.isBacklogged;
      this.count(
        'connectionsClosed',
        abusive ? `${stalled}; a stream of it was already reset for unread replies` : stalled,
      );
      if (abusive) this.penalties.ban(session.socket?.remoteAddress);
      this.sessions.delete(session);
      session.destroy();
    }
  }
}
