/**
 * Running the host's tools (ip, tc) for the local driver; failures become
 * StagingErrors that quote the command and what it said.
 */
import { spawnSync } from 'node:child_process';
import { StagingError } from '../../core/errors.js';

export function run(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15_000 });
  if (r.error) throw new StagingError(`'${cmd} ${args.join(' ')}' could not run: ${r.error.message}`);
  if (r.status !== 0)
    throw new StagingError(
      `'${cmd} ${args.join(' ')}' failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}`,
    );
  return r.stdout;
}

/** Like run, but a failure is only reported back (removal of what may already be gone). */
export function tryRun(cmd: string, args: readonly string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore', timeout: 15_000 }).status === 0;
}

export function killPids(pids: readonly number[], signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}
