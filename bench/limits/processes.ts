/**
 * Starting bench:limits's processes on CPUs of their own: the server and the
 * well-behaved client on one CPU, the attacker (and this coordinator) on
 * another, with `taskset`. A real attacker is on another machine and spends
 * its own CPU; on a shared host the attacker's process must not be able to
 * win the benchmark by taking the good client's or the server's CPU, only by
 * what its traffic makes the server do. Every child is owned here and
 * killed when the coordinator ends.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** Which CPU each side runs on; undefined: not pinned. */
export interface Placement {
  readonly serverCpu: string | undefined;
  readonly attackerCpu: string | undefined;
  /** In words, for the table's footnote. */
  readonly described: string;
}

/** The CPUs this process may run on, as taskset lists them, or undefined without taskset. */
function allowedCpus(): number[] | undefined {
  const out = spawnSync('taskset', ['-cp', String(process.pid)], { encoding: 'utf8' });
  if (out.status !== 0) return undefined;
  const list = /:\s*([\d,-]+)\s*$/.exec(out.stdout)?.[1] ?? '';
  const cpus: number[] = [];
  for (const part of list.split(',')) {
    const [from, to] = part.split('-').map(Number);
    if (from === undefined || !Number.isInteger(from)) continue;
    for (let c = from; c <= (to ?? from); c += 1) cpus.push(c);
  }
  return cpus;
}

export function placement(pin: boolean): Placement {
  const cpus = pin ? allowedCpus() : undefined;
  const [first, second] = cpus ?? [];
  if (first === undefined || second === undefined) {
    const why = pin ? 'taskset missing or fewer than 2 CPUs' : '--pin none';
    return { serverCpu: undefined, attackerCpu: undefined, described: `not pinned (${why})` };
  }
  // This coordinator only waits; it sits with the attacker so as not to touch the server's CPU.
  spawnSync('taskset', ['-a', '-cp', String(second), String(process.pid)]);
  return {
    serverCpu: String(first),
    attackerCpu: String(second),
    described: `server and good client pinned to CPU ${first}, attacker (and coordinator) to CPU ${second}`,
  };
}

const children = new Set<ChildProcess>();

/** Forks this script as `role`, on `cpu` if given, with an IPC channel and `nodeArgs` for node. */
export function start(
  script: string,
  role: string,
  args: readonly string[],
  cpu: string | undefined,
  nodeArgs: readonly string[] = [],
): ChildProcess {
  const command = [process.execPath, ...nodeArgs, script, role, ...args];
  const child =
    cpu === undefined
      ? spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
      : spawn('taskset', ['-c', cpu, ...command], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** SIGTERM to every child (the server writes its profile on it), SIGKILL to any left 2 s later. */
export async function stopAll(): Promise<void> {
  const left = [...children];
  const exited = left.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of left) child.kill('SIGTERM');
  const timer = setTimeout(() => left.forEach((child) => child.kill('SIGKILL')), 2000);
  await Promise.all(exited);
  clearTimeout(timer);
}

/** Sends `message` (when given) and resolves with the child's next message. */
export function ask<T>(child: ChildProcess, message?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null): void => reject(new Error(`a benchmark process exited (${code})`));
    child.once('exit', exited);
    child.once('message', (m) => {
      child.off('exit', exited);
      resolve(m as T);
    });
    if (message !== undefined) child.send(message);
  });
}
