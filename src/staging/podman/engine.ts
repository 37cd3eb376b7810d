/**
 * Running podman for the container backend: always with runc and a
 * containers.conf of our own (this host's podman needs `default_ulimits = []`
 * and cannot use crun: ENVIRONMENT.md), pointed at by CONTAINERS_CONF.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StagingError } from '../../core/errors.js';

const CONF = `[containers]
default_ulimits = []

[engine]
runtime = "runc"
`;

/** Written once per host (same content every time), outside any run's temp dir so `clean` can use it too. */
export function containersConf(): string {
  const file = path.join(os.tmpdir(), 'couper-podman-containers.conf');
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== CONF) fs.writeFileSync(file, CONF);
  return file;
}

export function podmanEnv(): NodeJS.ProcessEnv {
  return { ...process.env, CONTAINERS_CONF: containersConf() };
}

export function podman(args: readonly string[], input?: Buffer): string {
  const r = spawnSync('podman', args, { env: podmanEnv(), encoding: 'utf8', timeout: 120_000, input });
  if (r.error) throw new StagingError(`'podman ${args[0]}' could not run: ${r.error.message}`);
  if (r.status !== 0)
    throw new StagingError(
      `'podman ${args.slice(0, 3).join(' ')}' failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}`,
    );
  return r.stdout;
}

export function tryPodman(args: readonly string[]): string | null {
  try {
    return podman(args);
  } catch {
    return null;
  }
}

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d !== '' && fs.existsSync(path.join(d, cmd)));
}

/** Why podman cannot run containers here, or null. */
export function podmanUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'needs root (rootful podman, network namespaces, cgroups)';
  for (const cmd of ['podman', 'runc', 'tar', 'ip'])
    if (!onPath(cmd)) return `needs \`${cmd}\` on PATH (apt-get install podman runc)`;
  return null;
}

/** Names of the containers whose name starts with `prefix`, running or not. */
export function containersNamed(prefix: string): string[] {
  const out = tryPodman(['ps', '-a', '--format', '{{.Names}}']) ?? '';
  return out
    .split('\n')
    .map((s) => s.trim())
    .filter((n) => n.startsWith(prefix));
}

/**
 * Kill and remove containers now (no stop grace: the area is going). A
 * container caught mid-start or mid-stop by a SIGKILLed parent makes
 * `podman rm -f` fail with "container not running" although it is removable a
 * moment later, so failures are retried one container at a time, and only
 * containers that still exist after that count as failed.
 */
export function removeContainers(names: readonly string[]): void {
  if (names.length === 0) return;
  try {
    podman(['rm', '-f', '-t', '0', '-i', ...names]);
    return;
  } catch (firstError) {
    for (let attempt = 1; ; attempt++) {
      // podman, not tryPodman: a listing that fails must not pass for an empty one.
      const present = new Set(
        podman(['ps', '-a', '--format', '{{.Names}}'])
          .split('\n')
          .map((s) => s.trim()),
      );
      const stuck = names.filter((n) => present.has(n));
      if (stuck.length === 0) return;
      if (attempt > 5) throw firstError;
      sleepSync(200 * attempt);
      for (const n of stuck) {
        tryPodman(['kill', n]);
        tryPodman(['rm', '-f', '-t', '0', '-i', n]);
      }
    }
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
