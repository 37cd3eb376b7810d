/**
 * `couper staging clean`: find what earlier runs left behind after a SIGKILL
 * (namespaces, host links, cgroups, link emulators, podman containers, temp
 * dirs) by the `couper-RUNID` prefix, and remove it, together with the run
 * folders (`couper-run-*`) of `couper run`/`evaluate` orchestrators that were
 * killed. A run whose owner process still lives is left alone unless `all` is
 * set.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listCgroupDirs, removeCgroupDir } from './local/cgroups.js';
import { killPids, tryRun } from './local/exec.js';
import { listNamespaces, removeNamespace } from './local/netns.js';
import { STAGING_MARKER } from './local/proxy.js';
import { containersNamed, podmanUnavailable, removeContainers } from './podman/engine.js';

const RUN_NAME = /^couper-([a-z0-9]{4})-/;
const TEMP_NAME = /^couper-staging-([a-z0-9]{4})$/;
/** An orchestrator's run folder (mkdtemp's six characters); `owner` in it holds the orchestrator's pid. */
const RUN_DIR_NAME = /^couper-run-[A-Za-z0-9]{6}$/;
/** A run folder without an owner file yet is only a leftover once it is this old (its orchestrator may be starting). */
const OWNERLESS_GRACE_MS = 60_000;

export interface Leftovers {
  readonly runs: string[];
  readonly namespaces: string[];
  readonly links: string[];
  readonly cgroups: string[];
  readonly processes: number[];
  readonly tempDirs: string[];
  /** podman containers (`couper-RUNID-TIER-N`), when podman is here. */
  readonly containers: string[];
  /** Runs skipped because their owner is alive. */
  readonly live: string[];
}

function runOf(name: string, re: RegExp): string | null {
  return re.exec(name)?.[1] ?? null;
}

function hostLinks(): string[] {
  const out = fs.existsSync('/sys/class/net') ? fs.readdirSync('/sys/class/net') : [];
  return out.filter((n) => n.startsWith('couper-'));
}

function markedProcesses(): { pid: number; run: string }[] {
  const found: { pid: number; run: string }[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    let cmd = '';
    try {
      cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const arg = cmd.split('\0').find((a) => a.startsWith(STAGING_MARKER));
    if (arg) found.push({ pid: Number(d), run: arg.slice(STAGING_MARKER.length) });
  }
  return found;
}

/** Whether the pid in `dir/owner` is a live process other than this one. */
function ownerAlive(dir: string): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(dir, 'owner'), 'utf8'));
    if (pid === process.pid) return false;
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Run folders whose orchestrator is gone (all of them with `all`). */
function deadRunDirs(tmp: string, all: boolean): string[] {
  const now = Date.now();
  return fs
    .readdirSync(tmp)
    .filter((n) => RUN_DIR_NAME.test(n))
    .map((n) => path.join(tmp, n))
    .filter((d) => {
      if (all) return true;
      if (fs.existsSync(path.join(d, 'owner'))) return !ownerAlive(d);
      try {
        return now - fs.statSync(d).mtimeMs > OWNERLESS_GRACE_MS;
      } catch {
        return false;
      }
    });
}

/** What is there, by run (dry). */
export function findLeftovers(all = false, tmp = os.tmpdir()): Leftovers {
  const namespaces = listNamespaces().filter((n) => RUN_NAME.test(n));
  const cgroups = listCgroupDirs('couper-').filter((d) => RUN_NAME.test(path.basename(d)));
  const tempDirs = fs
    .readdirSync(tmp)
    .filter((n) => TEMP_NAME.test(n))
    .map((n) => path.join(tmp, n));
  const procs = markedProcesses();
  const containers =
    podmanUnavailable() === null ? containersNamed('couper-').filter((n) => RUN_NAME.test(n)) : [];
  const runs = new Set<string>(
    [
      ...namespaces.map((n) => runOf(n, RUN_NAME)),
      ...cgroups.map((d) => runOf(path.basename(d), RUN_NAME)),
      ...tempDirs.map((d) => runOf(path.basename(d), TEMP_NAME)),
      ...procs.map((p) => p.run),
      ...containers.map((n) => runOf(n, RUN_NAME)),
    ].filter((r): r is string => r !== null),
  );
  const live = [...runs].filter((r) => !all && ownerAlive(path.join(tmp, `couper-staging-${r}`)));
  const dead = (name: string | null): boolean => name !== null && !live.includes(name);
  return {
    runs: [...runs].filter((r) => !live.includes(r)),
    namespaces: namespaces.filter((n) => dead(runOf(n, RUN_NAME))),
    links: hostLinks(),
    cgroups: cgroups.filter((d) => dead(runOf(path.basename(d), RUN_NAME))),
    processes: procs.filter((p) => dead(p.run)).map((p) => p.pid),
    tempDirs: [...tempDirs.filter((d) => dead(runOf(path.basename(d), TEMP_NAME))), ...deadRunDirs(tmp, all)],
    containers: containers.filter((n) => dead(runOf(n, RUN_NAME))),
    live,
  };
}

/** Remove every leftover of runs whose owner is gone; returns what was found. */
export async function cleanLeftovers(all = false): Promise<Leftovers> {
  const found = findLeftovers(all);
  // Containers first: their processes sit in the namespaces and their cgroups under the tiers'.
  removeContainers(found.containers);
  killPids(found.processes);
  for (const ns of found.namespaces) await removeNamespace(ns);
  for (const l of found.links) tryRun('ip', ['link', 'del', l]);
  for (const d of found.cgroups) await removeCgroupDir(d);
  for (const d of found.tempDirs) fs.rmSync(d, { recursive: true, force: true });
  return found;
}
