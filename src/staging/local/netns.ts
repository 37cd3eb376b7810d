/**
 * Namespaces, veth pairs and qdiscs for the kernel-netns level. veths are
 * created straight inside the namespaces, so deleting a namespace removes its
 * interfaces and qdiscs with it and none ever appears on the host.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LinkPlan, Tbf } from '../link-plan.js';
import { PREFIX_LEN } from '../link-plan.js';
import { killPids, run, runBatch, tryRun } from './exec.js';

export function namespacePids(ns: string): number[] {
  const r = tryRunOut('ip', ['netns', 'pids', ns]);
  return r.split(/\s+/).filter(Boolean).map(Number);
}

function tryRunOut(cmd: string, args: readonly string[]): string {
  try {
    return run(cmd, args);
  } catch {
    return '';
  }
}

/** Kill whatever still runs in the namespace, then delete it. */
export async function removeNamespace(ns: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const pids = namespacePids(ns);
    if (pids.length === 0) break;
    killPids(pids);
    await sleep(50);
  }
  tryRun('ip', ['netns', 'del', ns]);
}

export function listNamespaces(): string[] {
  return tryRunOut('ip', ['netns', 'list'])
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter(Boolean);
}

/**
 * The plan's namespaces and links: one `ip -batch` on the host makes the
 * namespaces and the veth pairs (created straight inside them), then one per
 * namespace brings its interfaces up and one `tc -batch` shapes them.
 */
export function addNetwork(
  namespaces: readonly string[],
  links: readonly LinkPlan[],
  nsOf: (tier: string) => string,
): void {
  const host = namespaces.map((ns) => `netns add ${ns}`);
  const inside = new Map<string, string[]>(namespaces.map((ns) => [ns, ['link set lo up']]));
  const qdiscs = new Map<string, string[]>();
  const drops: [string, string, number][] = [];
  for (const link of links) {
    if (!link.ends) continue;
    const [a, b] = link.ends;
    host.push(`link add ${a.veth} netns ${nsOf(a.tier)} type veth peer name ${b.veth} netns ${nsOf(b.tier)}`);
    link.ends.forEach((end, i) => {
      const ns = nsOf(end.tier);
      const lines = inside.get(ns) ?? [];
      inside.set(ns, lines);
      lines.push(`addr add ${end.address}/${PREFIX_LEN} dev ${end.veth}`, `link set ${end.veth} up`);
      const tbf = link.qdiscs[i];
      if (tbf) qdiscs.set(ns, [...(qdiscs.get(ns) ?? []), ...shape(end.veth, tbf, link)]);
      if (link.drop) drops.push([ns, end.veth, link.drop.probability]);
    });
  }
  runBatch('ip', [], host);
  for (const [ns, lines] of inside) runBatch('ip', ['-n', ns], lines);
  for (const [ns, lines] of qdiscs) runBatch('tc', ['-n', ns], lines);
  // The rule lives in the namespace's own netfilter tables and goes with it.
  for (const [ns, dev, p] of drops) {
    run('ip', [
      'netns',
      'exec',
      ns,
      'iptables',
      '-A',
      'OUTPUT',
      '-o',
      dev,
      '-m',
      'statistic',
      '--mode',
      'random',
      '--probability',
      String(p),
      '-j',
      'DROP',
    ]);
  }
}

/** tc batch lines for a link end: a token bucket, under netem delay where netem does the delay. */
function shape(dev: string, tbf: Tbf, link: LinkPlan): string[] {
  const bucket = `tbf rate ${tbf.rateBits}bit burst ${tbf.burstBytes} limit ${tbf.limitBytes}`;
  const e = link.emulator;
  if (e.kind !== 'netem') return [`qdisc add dev ${dev} root handle 1: ${bucket}`];
  const loss = e.loss > 0 ? ` loss ${e.loss * 100}%` : '';
  return [
    `qdisc add dev ${dev} root handle 1: netem delay ${e.oneWayDelayMs}ms ${e.oneWayJitterMs}ms distribution normal${loss}`,
    `qdisc add dev ${dev} parent 1: handle 2: ${bucket}`,
  ];
}
