/**
 * The relay server under attack, with its limits on: a server process (so
 * its memory is its own) answers every frame with 3 MB, while hostile
 * clients (test/helpers/hostile-peer.ts) in turn never read their replies,
 * stall inside 8 MB messages, and hold idle connections. For each attack:
 * the server's peak RSS above its quiet level (the ceiling), and the
 * throughput of a well-behaved client on its own connection during the
 * attack against before it.
 *
 *   npm run bench:limits
 *   npm run bench:limits -- --seconds 3   (shorter)
 */
import { fork, type ChildProcess } from 'node:child_process';
import http2 from 'node:http2';
import { fileURLToPath } from 'node:url';
import { median } from '../src/core/stats.js';
import { RelayClient } from '../src/transport/client.js';
import { startRelayServer } from '../src/transport/server.js';
import { connectRaw, framedRequest, openCall } from '../test/helpers/hostile-peer.js';

const MB = 1_000_000;
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
const REPLY_BYTES = 3 * MB;
const SECONDS = Number(process.argv[process.argv.indexOf('--seconds') + 1] || 5);
const ATTACK_CONNECTIONS = 4;
const STREAMS_PER_CONNECTION = 4;

/** The server process: serves, samples its RSS every 20 ms, answers 'peak' with the highest since the last ask. */
async function serverMain(): Promise<void> {
  const reply = new Uint8Array(REPLY_BYTES).fill(1);
  const server = await startRelayServer({
    maxMessageBytes: MAX_MESSAGE_BYTES,
    maxInFlight: 256,
    limits: { messageDeadlineMs: 2000, idleTimeoutMs: 3000 },
    handler: (request) => {
      request.release?.();
      return Promise.resolve({ y: { dtype: 'uint8', shape: [reply.length], data: reply } });
    },
  });
  let peak = 0;
  setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  process.on('message', (m: string) => {
    if (m === 'peak') {
      process.send?.({ peak, stats: server.limitStats });
      peak = process.memoryUsage.rss();
    }
  });
  process.send?.({ port: server.port });
}

function ask<T>(child: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(message);
  });
}

/** Frames per second a well-behaved client gets for `seconds` (1 MB frames, 3 MB answers). */
async function goodClient(client: RelayClient, seconds: number): Promise<number> {
  const data = new Float32Array(MB / 4);
  const until = performance.now() + seconds * 1000;
  const start = performance.now();
  let frames = 0;
  while (performance.now() < until) {
    const r = await client.infer(
      { x: { dtype: 'float32', shape: [data.length], data } },
      { frameId: frames },
    );
    // A failed frame counts as none: the figure is frames answered per second.
    if (r.ok) frames += 1;
    else process.stderr.write(`good client frame failed: ${r.failure}: ${r.message}\n`);
  }
  return frames / ((performance.now() - start) / 1000);
}

type Attack = (address: string, stop: AbortSignal) => void;

/** Connections that open a stream every 100 ms, send a frame on it and never read the 3 MB answers (240 MB/s asked for). */
const neverReads: Attack = (address, stop) => {
  const sessions: http2.ClientHttp2Session[] = [];
  const request = framedRequest(64);
  const wave = (): void => {
    if (stop.aborted) return;
    if (sessions.length < ATTACK_CONNECTIONS) sessions.push(connectRaw(address));
    for (const session of sessions)
      if (!session.destroyed && !session.closed)
        openCall(address, { session, read: false }).stream.write(request);
    setTimeout(wave, 100);
  };
  wave();
  stop.addEventListener('abort', () => sessions.forEach((s) => s.destroy()));
};

/** Every 500 ms, on each connection, streams that send all of an 8 MB message but its last byte, then wait. */
const stalls: Attack = (address, stop) => {
  const sessions: http2.ClientHttp2Session[] = [];
  const request = framedRequest(8 * MB);
  const partial = request.subarray(0, request.byteLength - 1);
  const wave = (): void => {
    if (stop.aborted) return;
    if (sessions.length < ATTACK_CONNECTIONS) sessions.push(connectRaw(address, 16 * 1024 * 1024));
    for (const session of sessions)
      if (!session.destroyed && !session.closed)
        for (let i = 0; i < STREAMS_PER_CONNECTION; i += 1)
          openCall(address, { session }).stream.write(partial);
    setTimeout(wave, 500);
  };
  wave();
  stop.addEventListener('abort', () => sessions.forEach((s) => s.destroy()));
};

/** Ever more connections that say nothing after the handshake. */
const idles: Attack = (address, stop) => {
  const sessions: http2.ClientHttp2Session[] = [];
  const wave = (): void => {
    if (stop.aborted) return;
    for (let i = 0; i < 50; i += 1) sessions.push(connectRaw(address));
    setTimeout(wave, 100);
  };
  wave();
  stop.addEventListener('abort', () => sessions.forEach((s) => s.destroy()));
};

interface Row {
  readonly attack: string;
  readonly baselineFps: number;
  readonly attackedFps: number;
  readonly quietRssMB: number;
  readonly peakRssMB: number;
  readonly streamsFailed: number;
  readonly connectionsClosed: number;
}

async function measure(child: ChildProcess, address: string, name: string, attack: Attack): Promise<Row> {
  await ask(child, 'peak'); // the quiet figure starts here, after the last attack's cleanup
  // Connected before the attack, as a stage's hop is: the connection cap keeps it.
  const client = new RelayClient({ address, maxMessageBytes: MAX_MESSAGE_BYTES, deadlineMs: 30_000 });
  const baselineFps = median([await goodClient(client, SECONDS / 2), await goodClient(client, SECONDS / 2)]);
  const quiet = (await ask<{ peak: number }>(child, 'peak')).peak;
  const stop = new AbortController();
  attack(address, stop.signal);
  await new Promise((resolve) => setTimeout(resolve, 500)); // let the attack build up
  const attackedFps = await goodClient(client, SECONDS);
  client.close();
  const { peak, stats } = await ask<{
    peak: number;
    stats: { streamsFailed: number; connectionsClosed: number };
  }>(child, 'peak');
  stop.abort();
  await new Promise((resolve) => setTimeout(resolve, 3500)); // the server lets go of the attackers
  // Memory the attack made the server hold may show only as it lets go: that counts too.
  const after = (await ask<{ peak: number }>(child, 'peak')).peak;
  return {
    attack: name,
    baselineFps,
    attackedFps,
    quietRssMB: quiet / MB,
    peakRssMB: Math.max(peak, after) / MB,
    streamsFailed: stats.streamsFailed,
    connectionsClosed: stats.connectionsClosed,
  };
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['server'], { stdio: 'inherit' });
  try {
    const { port } = await new Promise<{ port: number }>((resolve) =>
      child.once('message', (m) => resolve(m as { port: number })),
    );
    const address = `127.0.0.1:${port}`;
    const rows: Row[] = [];
    for (const [name, attack] of [
      ['never reads 3 MB replies', neverReads],
      ['stalls 1 byte short of 8 MB', stalls],
      ['idle connections', idles],
    ] as const) {
      rows.push(await measure(child, address, name, attack));
      process.stderr.write(`measured: ${name}\n`);
    }
    if (process.argv.includes('--json')) console.log(JSON.stringify({ rows }, null, 2));
    else printTable(rows);
  } finally {
    child.kill();
  }
}

function printTable(rows: readonly Row[]): void {
  console.log(
    '| attack | good client fps before | during | during/before | server RSS quiet MB | peak MB | streams failed | connections closed |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows)
    console.log(
      `| ${r.attack} | ${r.baselineFps.toFixed(1)} | ${r.attackedFps.toFixed(1)} | ${((r.attackedFps / r.baselineFps) * 100).toFixed(0)}% | ${r.quietRssMB.toFixed(0)} | ${r.peakRssMB.toFixed(0)} | ${r.streamsFailed} | ${r.connectionsClosed} |`,
    );
  console.log(
    `\n${ATTACK_CONNECTIONS} attacking connections (idle: 50 more every 100 ms); good client: 1 MB frames, 3 MB answers,`,
  );
  console.log(
    `its own connection, ${SECONDS} s per figure; server limits: defaults for 16 MiB messages, message deadline 2 s, idle timeout 3 s;`,
  );
  console.log(
    "peak = the server process's highest RSS sampled every 20 ms during the attack and the 3.5 s after it;",
  );
  console.log("quiet = the same during the good client's run before the attack (MB = 10^6 bytes)");
  console.log(`command: npm run bench:limits -- ${process.argv.slice(2).join(' ')}`);
}

if (process.argv[2] === 'server') await serverMain();
else await main();
