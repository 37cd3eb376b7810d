/**
 * Tier cgroups: CPU quota and memory limit. cgroup v1 keeps them in two
 * hierarchies (cpu/, memory/); v2 in one directory (cpu.max, memory.max).
 * A process joins by writing its pid into the groups before it execs the
 * stage, so no instruction of the stage runs outside its limits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CGROUP_ROOT, type CgroupKind } from '../host.js';
import type { TierCgroup } from '../cgroup-plan.js';
import { killPids } from './exec.js';

/** The directories a tier's cgroup occupies. */
export function cgroupDirs(kind: CgroupKind, name: string, root = CGROUP_ROOT): string[] {
  if (kind === 'v1') return [path.join(root, 'cpu', name), path.join(root, 'memory', name)];
  if (kind === 'v2') return [path.join(root, name)];
  return [];
}

/** The files a process's pid is written to, to join the tier. */
export function joinFiles(kind: CgroupKind, name: string): string[] {
  return cgroupDirs(kind, name).map((d) => path.join(d, 'cgroup.procs'));
}

/** Create the tier's groups; with `cpuQuota` false its CPU quota stays open until setCpuQuota. */
export function createCgroup(kind: CgroupKind, cg: TierCgroup, cpuQuota = true): void {
  if (kind === 'v1') {
    const [cpu, mem] = cgroupDirs(kind, cg.name) as [string, string];
    fs.mkdirSync(cpu);
    fs.writeFileSync(path.join(cpu, 'cpu.cfs_period_us'), String(cg.periodUs));
    fs.writeFileSync(path.join(cpu, 'cpu.cfs_quota_us'), String(cpuQuota ? cg.quotaUs : -1));
    fs.writeFileSync(path.join(cpu, 'cpu.shares'), String(cg.shares));
    fs.mkdirSync(mem);
    fs.writeFileSync(path.join(mem, 'memory.limit_in_bytes'), String(cg.memoryBytes));
  } else if (kind === 'v2') {
    enableV2Controllers();
    const [dir] = cgroupDirs(kind, cg.name) as [string];
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'cpu.max'), cpuMax(cpuQuota ? cg.quotaUs : -1, cg.periodUs));
    fs.writeFileSync(
      path.join(dir, 'cpu.weight'),
      String(Math.min(10_000, Math.round((cg.shares / 1024) * 100))),
    );
    fs.writeFileSync(path.join(dir, 'memory.max'), String(cg.memoryBytes));
  }
}

/** Put the tier's planned CPU quota in force (on a group createCgroup left open). */
export function setCpuQuota(kind: CgroupKind, cg: TierCgroup): void {
  if (kind === 'v1') {
    const [cpu] = cgroupDirs(kind, cg.name) as [string, string];
    fs.writeFileSync(path.join(cpu, 'cpu.cfs_quota_us'), String(cg.quotaUs));
  } else if (kind === 'v2') {
    const [dir] = cgroupDirs(kind, cg.name) as [string];
    fs.writeFileSync(path.join(dir, 'cpu.max'), cpuMax(cg.quotaUs, cg.periodUs));
  }
}

function cpuMax(quotaUs: number, periodUs: number): string {
  return `${quotaUs < 0 ? 'max' : String(quotaUs)} ${periodUs}`;
}

function enableV2Controllers(): void {
  const file = path.join(CGROUP_ROOT, 'cgroup.subtree_control');
  const on = fs.readFileSync(file, 'utf8');
  for (const c of ['cpu', 'memory']) if (!on.split(/\s+/).includes(c)) fs.writeFileSync(file, `+${c}`);
}

function procsIn(dir: string): number[] {
  try {
    return fs.readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Kill the group's processes (the kernel refuses to remove a busy group), then remove it. */
export async function removeCgroupDir(dir: string): Promise<void> {
  if (!fs.existsSync(dir)) return;
  // Child groups first (podman puts each container, and conmon, in one under the tier's).
  for (const e of fs.readdirSync(dir, { withFileTypes: true }))
    if (e.isDirectory()) await removeCgroupDir(path.join(dir, e.name));
  for (let i = 0; i < 40; i++) {
    const pids = procsIn(dir);
    if (pids.length === 0) break;
    killPids(pids);
    await sleep(50);
  }
  // A killed process can stay charged to the group for a moment after it leaves cgroup.procs.
  for (let i = 0; ; i++) {
    try {
      return fs.rmdirSync(dir);
    } catch (err) {
      if (i >= 20 || (err as NodeJS.ErrnoException).code !== 'EBUSY') throw err;
      await sleep(50);
    }
  }
}

/** Leftover cgroup directories whose name starts with `prefix`. */
export function listCgroupDirs(prefix: string, root = CGROUP_ROOT): string[] {
  const parents = [path.join(root, 'cpu'), path.join(root, 'memory'), root];
  const found: string[] = [];
  for (const p of parents) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(p);
    } catch {
      continue;
    }
    for (const n of names) if (n.startsWith(prefix)) found.push(path.join(p, n));
  }
  return found;
}
