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

/**
 * Run `cmd ARGS -batch -` with one command per line on stdin (ip and tc read
 * them so): one process for what would be many, each of which costs tens of
 * milliseconds to start on a busy host. A failure quotes the line that failed.
 */
export function runBatch(cmd: string, args: readonly string[], lines: readonly string[]): void {
  if (lines.length === 0) return;
  const r = spawnSync(cmd, [...args, '-batch', '-'], {
    input: lines.join('\n'),
    encoding: 'utf8',
    timeout: 15_000,
  });
  const where = `'${[cmd, ...args].join(' ')} -batch'`;
  if (r.error) throw new StagingError(`${where} could not run: ${r.error.message}`);
  if (r.status !== 0) {
    const said = (r.stderr || r.stdout).trim();
    const n = Number(/-:(\d+)/.exec(said)?.[1] ?? 0);
    const line = lines[n - 1];
    const what = said.split('\n')[0] ?? '';
    throw new StagingError(`${where} failed${line === undefined ? '' : ` at '${line}'`}: ${what}`);
  }
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
