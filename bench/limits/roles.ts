/**
 * The three processes of bench:limits besides the coordinator, each with its
 * own heap and event loop as they would have on their own machines: the relay
 * server (3 MB answers, samples its RSS and what peers hold), the
 * well-behaved client (a RelayClient sending 1 MB frames without pause) and
 * the attacker. Each answers the coordinator's IPC messages one at a time.
 */
import { performance } from 'node:perf_hooks';
import { RelayClient } from '../../src/transport/client.js';
import { startRelayServer, type Holding } from '../../src/transport/server.js';
import { MB, startAttack, type AttackCounts, type AttackName, type RunningAttack } from './attacks.js';

export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
export const REQUEST_BYTES = 1 * MB;
export const REPLY_BYTES = 3 * MB;
/**
 * Server limits besides the defaults for 16 MiB messages: short, so that a phase sees them act.
 * The rest are the defaults (maxWastedBytesPerConnection 64 MiB, abuseBanMs 10 s).
 */
export const LIMITS = { messageDeadlineMs: 2000, idleTimeoutMs: 3000, sendTimeoutMs: 2000 };

/** What the server reports for the time since its last report. */
export interface ServerSample {
  readonly peakRss: number;
  /** The most each of these was at once, sampled every 20 ms. */
  readonly held: Holding;
  readonly streamsFailed: number;
  readonly connectionsClosed: number;
  readonly requestsRefused: number;
  /** CPU the server process used (user + system), ms. */
  readonly cpuMs: number;
  /** Of which in the kernel, ms. */
  readonly systemMs: number;
  /** Minor page faults (fresh memory touched), a sign of allocation churn. */
  readonly pageFaults: number;
  /** Wall time the sample covers, ms. */
  readonly wallMs: number;
  readonly served: number;
}

export interface ClientMark {
  readonly at: number;
  readonly frames: number;
  readonly failed: number;
}

/** A coordinator killed without its cleanup (SIGINT, SIGKILL) leaves no process behind. */
function exitWithCoordinator(): void {
  process.once('disconnect', () => process.exit(0));
}

function reply(message: unknown): void {
  process.send?.(message);
}

export async function serverMain(): Promise<void> {
  const data = new Uint8Array(REPLY_BYTES).fill(1);
  const server = await startRelayServer({
    maxMessageBytes: MAX_MESSAGE_BYTES,
    maxInFlight: 256,
    limits: LIMITS,
    handler: (request) => {
      request.release?.();
      return Promise.resolve({ y: { dtype: 'uint8', shape: [data.length], data } });
    },
  });
  const zero: Holding = { connections: 0, streams: 0, bufferedBytes: 0, queuedBytes: 0 };
  let peak = 0;
  let held = zero;
  setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    const now = server.holding();
    held = {
      connections: Math.max(held.connections, now.connections),
      streams: Math.max(held.streams, now.streams),
      bufferedBytes: Math.max(held.bufferedBytes, now.bufferedBytes),
      queuedBytes: Math.max(held.queuedBytes, now.queuedBytes),
    };
  }, 20);
  let cpu = process.cpuUsage();
  let faults = process.resourceUsage().minorPageFault;
  let since = performance.now();
  process.on('message', (m) => {
    if (m === 'holding') return reply(server.holding());
    const used = process.cpuUsage(cpu);
    const sample: ServerSample = {
      peakRss: Math.max(peak, process.memoryUsage.rss()),
      held,
      streamsFailed: server.limitStats.streamsFailed,
      connectionsClosed: server.limitStats.connectionsClosed,
      requestsRefused: server.limitStats.requestsRefused,
      cpuMs: (used.user + used.system) / 1000,
      systemMs: used.system / 1000,
      pageFaults: process.resourceUsage().minorPageFault - faults,
      wallMs: performance.now() - since,
      served: server.stats.served,
    };
    reply(sample);
    peak = 0;
    held = zero;
    cpu = process.cpuUsage();
    faults = process.resourceUsage().minorPageFault;
    since = performance.now();
  });
  // Exit on SIGTERM rather than die of it, so that a --cpu-prof profile is written.
  process.once('SIGTERM', () => process.exit(0));
  exitWithCoordinator();
  reply({ address: server.address });
}

/** Sends frames one after another for as long as it lives; 'mark' answers the counts so far. */
export function clientMain(address: string): void {
  const client = new RelayClient({ address, maxMessageBytes: MAX_MESSAGE_BYTES, deadlineMs: 30_000 });
  const data = new Float32Array(REQUEST_BYTES / 4);
  let frames = 0;
  let failed = 0;
  let running = true;
  process.on('message', (m) => {
    if (m === 'stop') {
      running = false;
      client.close();
      process.disconnect();
      return;
    }
    const mark: ClientMark = { at: performance.now(), frames, failed };
    reply(mark);
  });
  const loop = async (): Promise<void> => {
    while (running) {
      const r = await client.infer(
        { x: { dtype: 'float32', shape: [data.length], data } },
        { frameId: frames },
      );
      // A failed frame counts as none: the figure is bytes of frames answered.
      if (r.ok) frames += 1;
      else failed += 1;
    }
  };
  void loop();
  exitWithCoordinator();
  reply('ready');
}

/** What the attacker counted, over how long it attacked. */
export interface AttackReport extends AttackCounts {
  readonly elapsedMs: number;
}

/** Starts the attack it is told, and stops it answering what it counted. */
export function attackerMain(address: string): void {
  let attack: RunningAttack | undefined;
  let started = 0;
  process.on('message', (m: string) => {
    if (m === 'stop') {
      attack?.stop();
      const counts: AttackReport | undefined = attack && {
        ...attack.counts,
        elapsedMs: performance.now() - started,
      };
      reply(counts);
      attack = undefined;
      return;
    }
    started = performance.now();
    attack = startAttack(m as AttackName, address);
    reply('started');
  });
  exitWithCoordinator();
  reply('ready');
}
