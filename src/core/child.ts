/**
 * Ending a child process, the one way every owner of one does it: SIGTERM,
 * a grace period to exit, then SIGKILL; resolved once the process is gone.
 */
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Resolves once `child` has exited (at once when it has already). */
export function exited(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Whether `child` exits within `ms` (the timer does not keep this process alive). */
export async function exitsWithin(child: ChildProcess, ms: number): Promise<boolean> {
  const timeout = new AbortController();
  try {
    return await Promise.race([
      exited(child).then(() => true),
      sleep(ms, false, { ref: false, signal: timeout.signal }).catch(() => false),
    ]);
  } finally {
    timeout.abort();
  }
}

/** SIGTERM, then SIGKILL when it has not exited after `graceMs`; resolves when it is gone. */
export async function endProcess(child: ChildProcess, graceMs: number): Promise<void> {
  if (!isRunning(child)) return;
  child.kill('SIGTERM');
  if (await exitsWithin(child, graceMs)) return;
  child.kill('SIGKILL');
  await exited(child);
}
