/**
 * One round of bench:limits for one attack, A then B: the good client's
 * throughput with no attack, then with the attack in full, then the server's
 * time to let go of the attackers. Rounds of every attack interleave so
 * that drift in the machine's load falls on baselines and attacks alike.
 */
import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { AttackName } from './attacks.js';
import { ask } from './processes.js';
import type { Holding } from '../../src/transport/server.js';
import {
  REPLY_BYTES,
  REQUEST_BYTES,
  type AttackReport,
  type ClientMark,
  type ServerSample,
} from './roles.js';

/**
 * Before the attack's figure starts, the attack reaches its limits: the never-reading client
 * needs about 1.1 s (a stream per 100 ms per connection) to fill its connection's reply queue.
 * What the server spends meanwhile is reported apart (build-up CPU), not hidden.
 */
const BUILD_UP_MS = 2000;
/** After the attack, the wait for the server to hold only the good client's connection is at most this. */
const RELEASE_LIMIT_MS = 15_000;
const POLL_MS = 100;

export interface Processes {
  readonly server: ChildProcess;
  readonly client: ChildProcess;
  readonly attacker: ChildProcess;
}

export interface RoundResult {
  /** Good client's MB/s (request plus reply bytes of answered frames), no attack. */
  readonly baselineMBps: number;
  readonly attackedMBps: number;
  /** Frames the good client saw fail during the attack. */
  readonly failedFrames: number;
  /** The server over the good client's window with no attack. */
  readonly quiet: ServerSample;
  /** From the attack's start to the good client's window. */
  readonly buildUp: ServerSample;
  /** Over the good client's window under attack (as long as the quiet one). */
  readonly attacked: ServerSample;
  /** Until the server let go of the attacker; its peak RSS counts toward the ceiling too. */
  readonly after: ServerSample;
  /** From the attacker's leaving until the server held only the good client (RELEASE_LIMIT_MS: not by then). */
  readonly releaseMs: number;
  readonly counts: AttackReport;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function throughput(client: ChildProcess, seconds: number): Promise<{ MBps: number; failed: number }> {
  const a = await ask<ClientMark>(client, 'mark');
  await sleep(seconds * 1000);
  const b = await ask<ClientMark>(client, 'mark');
  const bytes = (b.frames - a.frames) * (REQUEST_BYTES + REPLY_BYTES);
  return { MBps: bytes / 1e6 / ((b.at - a.at) / 1000), failed: b.failed - a.failed };
}

/** Waits until the server holds nothing but the good client's connection and stream; how long it took. */
async function released(server: ChildProcess): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < RELEASE_LIMIT_MS) {
    const h = await ask<Holding>(server, 'holding');
    if (h.connections <= 1 && h.streams <= 1 && h.bufferedBytes === 0 && h.queuedBytes === 0)
      return performance.now() - start;
    await sleep(POLL_MS);
  }
  return RELEASE_LIMIT_MS;
}

export async function round(p: Processes, attack: AttackName, seconds: number): Promise<RoundResult> {
  await ask<ServerSample>(p.server, 'sample'); // the quiet sample starts now
  const baseline = await throughput(p.client, seconds);
  const quiet = await ask<ServerSample>(p.server, 'sample');
  await ask(p.attacker, attack);
  await sleep(BUILD_UP_MS);
  const buildUp = await ask<ServerSample>(p.server, 'sample');
  const attacked = await throughput(p.client, seconds);
  const during = await ask<ServerSample>(p.server, 'sample');
  const counts = await ask<AttackReport>(p.attacker, 'stop');
  const releaseMs = await released(p.server);
  const after = await ask<ServerSample>(p.server, 'sample');
  return {
    baselineMBps: baseline.MBps,
    attackedMBps: attacked.MBps,
    failedFrames: attacked.failed,
    quiet,
    buildUp,
    attacked: during,
    after,
    releaseMs,
    counts,
  };
}
