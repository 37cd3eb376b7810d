/**
 * Namespaces, veth pairs and qdiscs for the kernel-netns level. veths are
 * created straight inside the namespaces, so deleting a namespace removes its
 * interfaces and qdiscs with it and none ever appears on the host.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LinkPlan, Tbf } from '../link-plan.js';
import { PREFIX_LEN } from '../link-plan.js';
import { killPids, run, tryRun } from './exec.js';

export function addNamespace(ns: string): void {
  run('ip', ['netns', 'add', ns]);
  run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
}

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

export function addLink(link: LinkPlan, nsOf: (tier: string) => string): void {
  if (!link.ends) return;
  const [a, b] = link.ends;
  run('ip', [
    'link',
    'add',
    a.veth,
    'netns',
    nsOf(a.tier),
    'type',
    'veth',
    'peer',
    'name',
    b.veth,
    'netns',
    nsOf(b.tier),
  ]);
  link.ends.forEach((end, i) => {
    const ns = nsOf(end.tier);
    run('ip', ['-n', ns, 'addr', 'add', `${end.address}/${PREFIX_LEN}`, 'dev', end.veth]);
    run('ip', ['-n', ns, 'link', 'set', end.veth, 'up']);
    const tbf = link.qdiscs[i];
    if (tbf) shape(ns, end.veth, tbf, link);
    // The rule lives in the namespace's own netfilter tables and goes with it.
    if (link.drop) {
      const p = String(link.drop.probability);
      run(
        'ip',
        ['netns', 'exec', ns, 'iptables', '-A', 'OUTPUT', '-o', end.veth].concat([
          '-m',
          'statistic',
          '--mode',
          'random',
          '--probability',
          p,
          '-j',
          'DROP',
        ]),
      );
    }
  });
}

function shape(ns: string, dev: string, tbf: Tbf, link: LinkPlan): void {
  const tbfArgs = [
    'tbf',
    'rate',
    `${tbf.rateBits}bit`,
    'burst',
    `${tbf.burstBytes}`,
    'limit',
    `${tbf.limitBytes}`,
  ];
  const e = link.emulator;
  if (e.kind !== 'netem') {
    run('ip', ['netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', dev, 'root', 'handle', '1:', ...tbfArgs]);
    return;
  }
  const netem = ['netem', 'delay', `${e.oneWayDelayMs}ms`, `${e.oneWayJitterMs}ms`, 'distribution', 'normal'];
  if (e.loss > 0) netem.push('loss', `${e.loss * 100}%`);
  run('ip', ['netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', dev, 'root', 'handle', '1:', ...netem]);
  run('ip', [
    'netns',
    'exec',
    ns,
    'tc',
    'qdisc',
    'add',
    'dev',
    dev,
    'parent',
    '1:',
    'handle',
    '2:',
    ...tbfArgs,
  ]);
}
