/**
 * The relay server under attack, with its limits on, measured fairly on one
 * host: the server, the well-behaved client and the attacker are three
 * processes, pinned so that the attacker has a CPU of its own (as a real one
 * on another machine would) and can hurt the good client only through what
 * its traffic makes the server do (bench/limits/processes.ts). For each
 * attack, rounds of A (no attack) then B (attack) interleave across attacks;
 * the table gives the good client's MB/s in both (medians), the median of
 * the rounds' ratios, the server's RSS ceiling, and what shows the attack
 * was in effect (connections and streams held, bytes buffered or queued,
 * streams and connections the limits cut).
 *
 *   npm run bench:limits                              (3 rounds of 3 s, about 2 minutes)
 *   npm run bench:limits -- --rounds 5 --seconds 5    (longer)
 *   npm run bench:limits -- --pin none                (all processes on every CPU, as before)
 *   npm run bench:limits -- --attacks stalls,idles --json
 *   npm run bench:limits -- --profile DIR             (the server's CPU profile into DIR)
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { median } from '../src/core/stats.js';
import { ATTACKS, type AttackName } from './limits/attacks.js';
import { round, type RoundResult } from './limits/phases.js';
import { ask, placement, start, stopAll } from './limits/processes.js';
import { attackerMain, clientMain, serverMain, type ServerSample } from './limits/roles.js';
import type { Holding } from '../src/transport/server.js';
import { printTable, type Row } from './limits/table.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** Good MB answered per CPU-second of the server over a window. */
function efficiency(sample: ServerSample, MBps: number): number {
  return (MBps * sample.wallMs) / sample.cpuMs;
}

/** The most the attacker held at once, build-up included. */
function held(r: RoundResult): Holding {
  const [a, b] = [r.buildUp.held, r.attacked.held];
  return {
    connections: Math.max(a.connections, b.connections),
    streams: Math.max(a.streams, b.streams),
    bufferedBytes: Math.max(a.bufferedBytes, b.bufferedBytes),
    queuedBytes: Math.max(a.queuedBytes, b.queuedBytes),
  };
}

function summarise(attack: AttackName, rounds: readonly RoundResult[]): Row {
  const max = (pick: (r: RoundResult) => number): number => Math.max(...rounds.map(pick));
  const med = (pick: (r: RoundResult) => number): number => median(rounds.map(pick));
  return {
    attack: ATTACKS[attack],
    baselineMBps: med((r) => r.baselineMBps),
    attackedMBps: med((r) => r.attackedMBps),
    ratios: rounds.map((r) => r.attackedMBps / r.baselineMBps),
    failedFrames: rounds.reduce((sum, r) => sum + r.failedFrames, 0),
    quietRssMB: med((r) => r.quiet.peakRss) / 1e6,
    peakRssMB: max((r) => Math.max(r.buildUp.peakRss, r.attacked.peakRss, r.after.peakRss)) / 1e6,
    serverCpuQuiet: med((r) => r.quiet.cpuMs / r.quiet.wallMs),
    serverCpuBuildUp: med((r) => r.buildUp.cpuMs / r.buildUp.wallMs),
    serverCpuAttacked: med((r) => r.attacked.cpuMs / r.attacked.wallMs),
    // Good MB per CPU-second of the server, attack over none: what the attack costs per frame,
    // whatever share of its CPU the machine's other load left the server in either window.
    efficiency: med((r) => efficiency(r.attacked, r.attackedMBps) / efficiency(r.quiet, r.baselineMBps)),
    connectionsHeld: max((r) => held(r).connections),
    streamsHeld: max((r) => held(r).streams),
    bufferedMB: max((r) => held(r).bufferedBytes) / 1e6,
    queuedMB: max((r) => held(r).queuedBytes) / 1e6,
    streamsCutByServer: med((r) => r.after.streamsFailed - r.quiet.streamsFailed),
    connectionsCutByServer: med((r) => r.after.connectionsClosed - r.quiet.connectionsClosed),
    requestsRefusedByServer: med((r) => r.after.requestsRefused - r.quiet.requestsRefused),
    releaseMs: max((r) => r.releaseMs),
    streamsOpened: med((r) => r.counts.streamsOpened),
    attackMBps: med((r) => r.counts.bytesSent / 1e3 / r.counts.elapsedMs),
    connectionsOpened: med((r) => r.counts.connectionsOpened),
  };
}

async function main(): Promise<void> {
  const seconds = Number(option('seconds', '3'));
  const rounds = Number(option('rounds', '3'));
  const attacks = option('attacks', Object.keys(ATTACKS).join(',')).split(',') as AttackName[];
  for (const a of attacks)
    if (!(a in ATTACKS)) throw new Error(`unknown attack ${a}; one of ${Object.keys(ATTACKS).join(', ')}`);
  const where = placement(option('pin', 'split') !== 'none');
  const script = fileURLToPath(import.meta.url);
  const loadBefore = os.loadavg();
  try {
    // Where the server's time goes, as a profile to open in Chrome's DevTools.
    const profile = option('profile', '');
    const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
    const server = start(script, 'server', [], where.serverCpu, nodeArgs);
    const { address } = await ask<{ address: string }>(server);
    const client = start(script, 'client', [address], where.serverCpu);
    const attacker = start(script, 'attacker', [address], where.attackerCpu);
    await Promise.all([ask(client), ask(attacker)]);
    const results = new Map<AttackName, RoundResult[]>(attacks.map((a) => [a, []]));
    for (let r = 0; r < rounds; r += 1)
      for (const attack of attacks) {
        const result = await round({ server, client, attacker }, attack, seconds);
        results.get(attack)?.push(result);
        process.stderr.write(`round ${r + 1}/${rounds}: ${attack}\n`);
        if (process.argv.includes('--verbose')) process.stderr.write(`${JSON.stringify(result)}\n`);
      }
    const rows = attacks.map((a) => summarise(a, results.get(a) ?? []));
    const load = { before: loadBefore, after: os.loadavg() };
    if (process.argv.includes('--json'))
      console.log(JSON.stringify({ rows, load, placement: where }, null, 2));
    else printTable(rows, { rounds, seconds, placement: where.described, load });
  } finally {
    await stopAll();
  }
}

const role = process.argv[2];
if (role === 'server') await serverMain();
else if (role === 'client') clientMain(process.argv[3] ?? '');
else if (role === 'attacker') attackerMain(process.argv[3] ?? '');
else await main();
