/**
 * The attacks of bench:limits, as the attacker's process runs them over raw
 * HTTP/2 (test/helpers/hostile-peer.ts): clients that never read their 3 MB
 * replies, that stall one byte short of 8 MB messages, and that open ever
 * more idle connections. Each counts what it did and what the server did to
 * it, so the table can say whether the attack was in effect.
 */
import type http2 from 'node:http2';
import { connectRaw, framedRequest, openCall, sentBytes } from '../../test/helpers/hostile-peer.js';

export const MB = 1_000_000;
/** Connections each of the first two attacks keeps open. */
export const ATTACK_CONNECTIONS = 4;
const STREAMS_PER_WAVE = 4;

/** What the attacker saw: streams it opened and those the server ended, connections it opened and lost. */
export interface AttackCounts {
  streamsOpened: number;
  /** Streams the server reset or ended with a non-OK status (refused, deadline, over a limit). */
  streamsCut: number;
  connectionsOpened: number;
  /** Connections the server closed (GOAWAY or the socket closed) while the attack went on. */
  connectionsCut: number;
  /** Bytes its connections wrote to the network (HTTP/2 frames, as far as flow control let them go). */
  bytesSent: number;
}

export type AttackName = 'never-reads' | 'stalls' | 'idles';

export const ATTACKS: Readonly<Record<AttackName, string>> = {
  'never-reads': 'never reads 3 MB replies',
  stalls: 'stalls 1 byte short of 8 MB',
  idles: 'idle connections (50 per 100 ms)',
};

/**
 * Each attack comes from a loopback address of its own, as from another host, and never from
 * the good client's 127.0.0.1: the server bans the address of a connection it cut as abusive
 * (RelayLimits.abuseBanMs), and one attack's ban must not fall on the good client or on the
 * next attack.
 */
export const ATTACK_ADDRESSES: Readonly<Record<AttackName, string>> = {
  'never-reads': '127.0.0.2',
  stalls: '127.0.0.3',
  idles: '127.0.0.4',
};

/** A running attack: stop() ends it and closes its connections. */
export interface RunningAttack {
  readonly counts: AttackCounts;
  stop(): void;
}

/** Runs `wave` every `everyMs` on the attack's connections until stopped. */
function waves(
  address: string,
  from: string,
  window: number,
  everyMs: number,
  wave: (sessions: http2.ClientHttp2Session[], counts: AttackCounts, connect: () => void) => void,
): RunningAttack {
  const counts: AttackCounts = {
    streamsOpened: 0,
    streamsCut: 0,
    connectionsOpened: 0,
    connectionsCut: 0,
    bytesSent: 0,
  };
  const sessions: http2.ClientHttp2Session[] = [];
  let stopped = false;
  const connect = (): void => {
    const session = connectRaw(address, window, from);
    counts.connectionsOpened += 1;
    session.on('close', () => {
      if (!stopped) counts.connectionsCut += 1;
    });
    sessions.push(session);
  };
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    wave(
      sessions.filter((s) => !s.destroyed && !s.closed),
      counts,
      connect,
    );
    timer = setTimeout(tick, everyMs);
  };
  tick();
  return {
    counts,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      for (const session of sessions) {
        counts.bytesSent += sentBytes(session);
        session.destroy();
      }
    },
  };
}

/** Opens a call on `session`, sends `bytes` on it and counts its end if the server cut it. */
function call(
  address: string,
  session: http2.ClientHttp2Session,
  bytes: Buffer,
  read: boolean,
  counts: AttackCounts,
): void {
  const { stream, closed } = openCall(address, { session, read });
  counts.streamsOpened += 1;
  stream.write(bytes);
  void closed.then(({ rstCode, grpcStatus }) => {
    if (rstCode !== 0 || (grpcStatus !== undefined && grpcStatus !== '0')) counts.streamsCut += 1;
  });
}

export function startAttack(name: AttackName, address: string): RunningAttack {
  const from = ATTACK_ADDRESSES[name];
  if (name === 'never-reads') {
    // A stream every 100 ms per connection, one small frame on it, its 3 MB answer never read.
    const request = framedRequest(64);
    return waves(address, from, 65_535, 100, (open, counts, connect) => {
      if (open.length < ATTACK_CONNECTIONS) connect();
      for (const session of open) call(address, session, request, false, counts);
    });
  }
  if (name === 'stalls') {
    // Every 500 ms per connection, streams that send all of an 8 MB message but its last byte.
    const request = framedRequest(8 * MB);
    const partial = request.subarray(0, request.byteLength - 1);
    return waves(address, from, 16 * 1024 * 1024, 500, (open, counts, connect) => {
      if (open.length < ATTACK_CONNECTIONS) connect();
      for (const session of open)
        for (let i = 0; i < STREAMS_PER_WAVE; i += 1) call(address, session, partial, true, counts);
    });
  }
  // Ever more connections that say nothing after the handshake.
  return waves(address, from, 65_535, 100, (_open, _counts, connect) => {
    for (let i = 0; i < 50; i += 1) connect();
  });
}
