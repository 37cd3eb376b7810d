/**
 * The couper command as a user runs it (bin/couper.js in a fresh Node
 * process), with a run cache of its own so that runs from an earlier test
 * session are not taken for this one's measurements.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './models.js';

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCouper(args: readonly string[], cacheDir: string): CliResult {
  const r = spawnSync(process.execPath, [path.join(repoRoot(), 'bin', 'couper.js'), ...args], {
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, COUPER_CACHE_DIR: cacheDir },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
