/**
 * Facts about the host the staging area is built on, gathered once. The
 * planner is pure and takes these as input; tests pass made-up hosts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

export type CgroupKind = 'v1' | 'v2' | 'none';

export interface HostFacts {
  readonly cores: number;
  readonly ghz: number;
  readonly memoryGb: number;
  /** Accelerators the host can hand to a tier (none are detected yet: CPU hosts). */
  readonly accelerators: readonly string[];
  readonly root: boolean;
  /** `ip` works and network namespaces can be made. */
  readonly netns: boolean;
  /** The kernel has the netem qdisc (delay and jitter in the kernel). */
  readonly netem: boolean;
  readonly cgroup: CgroupKind;
  readonly tmpDir: string;
}

export const CGROUP_ROOT = '/sys/fs/cgroup';

function ok(cmd: string, args: readonly string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 5000 });
  return r.status === 0;
}

function readOr(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function cgroupKind(root: boolean): CgroupKind {
  if (!root) return 'none';
  if (fs.existsSync(`${CGROUP_ROOT}/cgroup.controllers`)) return 'v2';
  if (fs.existsSync(`${CGROUP_ROOT}/cpu/cpu.cfs_quota_us`) && fs.existsSync(`${CGROUP_ROOT}/memory`))
    return 'v1';
  return 'none';
}

function hostGhz(): number {
  let mhz = os.cpus()[0]?.speed ?? 0;
  if (!(mhz > 0)) {
    const m = /cpu MHz\s*:\s*([\d.]+)/.exec(readOr('/proc/cpuinfo'));
    mhz = m ? Number(m[1]) : 0;
  }
  // Some virtual machines report 0: assume a common server clock and say so in the plan.
  return mhz > 0 ? mhz / 1000 : 2.5;
}

/** Probe this host. Netem is tried in a throw-away namespace (`unshare -n`) so nothing is left behind. */
export function probeHost(): HostFacts {
  const root = process.getuid?.() === 0;
  const netns = root && ok('ip', ['netns', 'list']);
  const netem =
    netns && ok('unshare', ['-n', 'tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms']);
  return {
    cores: os.cpus().length,
    ghz: hostGhz(),
    memoryGb: os.totalmem() / 2 ** 30,
    accelerators: [],
    root,
    netns,
    netem,
    cgroup: cgroupKind(root),
    tmpDir: os.tmpdir(),
  };
}
