/**
 * Running probe processes in a staging area and reading what they print.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { StagingError } from '../../core/errors.js';
import type { StagingArea } from '../driver.js';
import { STAGING_MARKER } from '../local/proxy.js';

const PROBE_MAIN = fileURLToPath(new URL('./probe-main.js', import.meta.url));

export function spawnProbe(
  area: StagingArea,
  tier: string,
  args: readonly string[],
  limits: boolean,
): ChildProcess {
  const marker = `${STAGING_MARKER}${area.plan.runId}`;
  return area.spawn(tier, process.execPath, [PROBE_MAIN, ...args, marker], {
    limits,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** Everything the probe prints, once it exits successfully. */
export function output(child: ChildProcess, what: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new StagingError(`${what} took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      if (code === 0) resolve(out.trim());
      else reject(new StagingError(`${what} failed (${sig ?? `exit ${code}`})`));
    });
  });
}

/** Start a probe server and wait for its port. */
export function startServer(
  area: StagingArea,
  tier: string,
  mode: 'echo' | 'sink',
): Promise<{ port: number; child: ChildProcess }> {
  const child = spawnProbe(area, tier, [mode, area.bindAddress(tier)], false);
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /listening (\d+)\n/.exec(buf);
      if (m) resolve({ port: Number(m[1]), child });
    });
    child.once('exit', (code) => reject(new StagingError(`${mode} server in tier ${tier} exited (${code})`)));
  });
}
