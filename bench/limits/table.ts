/**
 * bench:limits's figures as two Markdown tables: what the attack cost the
 * well-behaved client and the server's memory, then what shows the attack
 * was in effect. MB = 10^6 bytes.
 */
export interface Row {
  readonly attack: string;
  readonly baselineMBps: number;
  readonly attackedMBps: number;
  /** Attacked over baseline, one per round (each round's pair is measured back to back). */
  readonly ratios: readonly number[];
  readonly failedFrames: number;
  readonly quietRssMB: number;
  readonly peakRssMB: number;
  /** Share of a CPU the server used in the quiet window, the attack's build-up and the attacked window, medians. */
  readonly serverCpuQuiet: number;
  readonly serverCpuBuildUp: number;
  readonly serverCpuAttacked: number;
  /** Good MB per server CPU-second under attack over the same without (median of rounds). */
  readonly efficiency: number;
  readonly connectionsHeld: number;
  readonly streamsHeld: number;
  readonly bufferedMB: number;
  readonly queuedMB: number;
  readonly streamsCutByServer: number;
  readonly connectionsCutByServer: number;
  /** Requests refused unserved on a connection with a backlog of unread replies. */
  readonly requestsRefusedByServer: number;
  /** The longest the server took to let go of the attacker after it left. */
  readonly releaseMs: number;
  readonly streamsOpened: number;
  /** The attacker's request bytes per second, MB/s. */
  readonly attackMBps: number;
  readonly connectionsOpened: number;
}

export interface Setting {
  readonly rounds: number;
  readonly seconds: number;
  readonly placement: string;
  readonly load: { readonly before: readonly number[]; readonly after: readonly number[] };
}

const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;
const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);

function medianOf(xs: readonly number[]): number {
  const s = sorted(xs);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export function printTable(rows: readonly Row[], setting: Setting): void {
  console.log(
    '| attack | good client MB/s, no attack | under attack | ratio (median) | ratio per round | good MB per server CPU-s, attack/none | frames failed | server RSS quiet MB | ceiling MB |',
  );
  console.log('| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |');
  for (const r of rows)
    console.log(
      `| ${r.attack} | ${r.baselineMBps.toFixed(0)} | ${r.attackedMBps.toFixed(0)} | ${pct(medianOf(r.ratios))} | ${r.ratios.map(pct).join(' ')} | ${pct(r.efficiency)} | ${r.failedFrames} | ${r.quietRssMB.toFixed(0)} | ${r.peakRssMB.toFixed(0)} |`,
    );
  console.log('');
  console.log(
    '| attack | attacker: connections opened | streams opened | MB/s sent | server held: connections | streams | buffered MB | queued MB | server cut: streams | connections | requests refused | server CPU quiet | build-up | under attack | let go after s |',
  );
  console.log(
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of rows)
    console.log(
      `| ${r.attack} | ${r.connectionsOpened} | ${r.streamsOpened} | ${r.attackMBps.toFixed(0)} | ${r.connectionsHeld} | ${r.streamsHeld} | ${r.bufferedMB.toFixed(0)} | ${r.queuedMB.toFixed(0)} | ${r.streamsCutByServer} | ${r.connectionsCutByServer} | ${r.requestsRefusedByServer} | ${pct(r.serverCpuQuiet)} | ${pct(r.serverCpuBuildUp)} | ${pct(r.serverCpuAttacked)} | ${(r.releaseMs / 1000).toFixed(1)} |`,
    );
  const load = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`
${setting.rounds} rounds per attack of ${setting.seconds} s without it then ${setting.seconds} s with it (after 2 s of build-up),
rounds of all attacks interleaved; MB/s: bytes of answered frames both ways (1 MB up, 3 MB down) per second;
good MB per server CPU-s: what an attack costs the server per good frame, whatever CPU share the machine left it;
ceiling: the server process's highest RSS, sampled every 20 ms, during the attacks and until the server let go of the attacker;
held: the most at once during an attack (build-up included); let go after: longest wait, after the attacker left, until the server held only the good client (at most 15 s); per round: attacker's counts and streams/connections the limits cut (medians);
${setting.placement}; load average ${load(setting.load.before)} before, ${load(setting.load.after)} after
command: npm run bench:limits -- ${process.argv.slice(2).join(' ')}`);
}
