/**
 * Starting a link emulator process for one direction of a link (in the
 * sending tier's namespace, outside its cgroup: the link is not the tier's
 * compute) and ending children politely, then firmly.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { StagingError } from '../../core/errors.js';
import type { LinkPlan } from '../link-plan.js';
import type { LocalArea } from './area.js';

/** Marks a process as one run's, so `staging clean` can find it after a SIGKILL. */
export const STAGING_MARKER = '--couper-staging=';
const PROXY_MAIN = fileURLToPath(new URL('../proxy-main.js', import.meta.url));

export async function startProxy(
  area: LocalArea,
  fromTier: string,
  host: string,
  port: number,
  link: LinkPlan,
): Promise<string> {
  const e = link.emulator;
  if (e.kind === 'netem') throw new StagingError('netem links need no proxy');
  const rate = e.rateBits === null ? '-' : String(e.rateBits);
  const args = [PROXY_MAIN, host, String(port), String(e.oneWayDelayMs), String(e.oneWayJitterMs), rate];
  const child = area.spawn(fromTier, process.execPath, [...args, `${STAGING_MARKER}${area.plan.runId}`], {
    limits: false,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const listening = await firstLine(child, 10_000);
  const m = /^listening (\d+)$/.exec(listening);
  if (!m) throw new StagingError(`link emulator for ${link.between.join('–')} said '${listening}'`);
  const to = link.between.find((t) => t !== fromTier) ?? link.between[1];
  area.watchHelper(child, `link emulator ${fromTier}→${to}`, fromTier);
  return `127.0.0.1:${m[1]}`;
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(
      () => reject(new StagingError('link emulator did not start in time')),
      timeoutMs,
    );
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(buf.slice(0, nl).trim());
      }
    });
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new StagingError(`link emulator exited (${sig ?? code}) before listening`));
    });
  });
}
