/**
 * The container staging area: the local area's namespaces, cgroups, veths,
 * tbf qdiscs and link emulators (so links are emulated exactly as in the
 * local backend), with every stage process in a container that joins its
 * tier's network namespace and sits under the tier's cgroup (so a tier's
 * containers share its quota), with the tier's --cpus and --memory as well.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../../core/assets.js';
import { ConfigError, StagingError } from '../../core/errors.js';
import type { StageSpawnOptions, StagingArea } from '../driver.js';
import type { StagingPlan, TierPlan } from '../plan.js';
import { podmanEnv } from './engine.js';
import { PROJECT_ROOT } from './image.js';

const PID1 = fileURLToPath(new URL('./pid1.js', import.meta.url));
/** Environment a stage reads (Couper's own settings; the IPC channel's is set from stdio). */
const PASSED_ENV = /^COUPER_\w+$/;

export class PodmanArea implements StagingArea {
  private count = 0;
  closed = false;
  /** The `podman run` clients, each carrying one container's stdio. */
  readonly clients = new Set<ChildProcess>();

  constructor(
    private readonly local: StagingArea,
    private readonly image: string,
    private readonly destroyAll: () => Promise<void>,
  ) {}

  get plan(): StagingPlan {
    return this.local.plan;
  }

  private tier(name: string): TierPlan {
    const t = this.plan.tiers.find((x) => x.name === name);
    if (!t) throw new ConfigError(`no tier '${name}' in ${this.plan.infra.source}`);
    return t;
  }

  spawn(tier: string, command: string, args: readonly string[], opts: StageSpawnOptions = {}): ChildProcess {
    const t = this.tier(tier);
    assertOpen(this.closed, this.plan.runId);
    const name = `couper-${this.plan.runId}-${tier}-${++this.count}`;
    const { limits, env, stdio, cwd, serialization, ...rest } = opts;
    const argv = [
      'run',
      '--rm',
      '--name',
      name,
      '--label',
      `couper.run=${this.plan.runId}`,
      ...this.networkArgs(t),
      ...this.limitArgs(t, limits !== false),
      ...stdioArgs(stdio, serialization ?? 'json'),
      ...envArgs(env),
      ...mountArgs(),
      '--workdir',
      String(cwd ?? process.cwd()),
      this.image,
      command,
      ...(command === process.execPath ? ['--import', PID1] : []),
      ...args,
    ];
    // The podman client carries stdio and the IPC fd through; its exit status is the container's.
    const child = spawn('podman', argv, { ...rest, stdio, serialization, env: { ...podmanEnv(), ...env } });
    this.clients.add(child);
    child.once('exit', () => this.clients.delete(child));
    return child;
  }

  private networkArgs(t: TierPlan): string[] {
    return ['--network', t.namespace ? `ns:/run/netns/${t.namespace}` : 'host'];
  }

  private limitArgs(t: TierPlan, limits: boolean): string[] {
    const group = limits ? t.cgroup : this.plan.emulatorCgroup;
    const parent = group && this.plan.fidelity.cpu !== 'none' ? ['--cgroup-parent', `/${group.name}`] : [];
    if (!limits || !t.cgroup) return parent;
    const cg = t.cgroup;
    // --cpus rounds to 1/1000 of a core, and cgroup v1 refuses a child quota above its parent's: the exact quota.
    const cpus =
      cg.quotaUs > 0 ? ['--cpu-period', String(cg.periodUs), '--cpu-quota', String(cg.quotaUs)] : [];
    return [...parent, ...cpus, '--cpu-shares', String(cg.shares), '--memory', `${cg.memoryBytes}b`];
  }

  bindAddress(tier: string): string {
    return this.local.bindAddress(tier);
  }

  address(fromTier: string, toTier: string, port: number): Promise<string> {
    return this.local.address(fromTier, toTier, port);
  }

  watchHelpers(onDeath: (what: string) => void): () => void {
    // The link emulators are the local area's processes (address() above).
    return this.local.watchHelpers(onDeath);
  }

  destroy(): Promise<void> {
    return this.destroyAll();
  }
}

/** `-i` when the caller writes to stdin; fds past stderr (the IPC channel) passed on as they are. */
function stdioArgs(stdio: StdioOptions | undefined, serialization: string): string[] {
  const list: unknown[] = Array.isArray(stdio) ? stdio : [stdio, stdio, stdio];
  const args = list[0] === 'pipe' || list[0] === 'inherit' ? ['-i'] : [];
  const extra = Math.max(0, list.length - 3);
  if (extra > 0) args.push('--preserve-fds', String(extra));
  // Node tells the child where its IPC channel is through these; podman passes on only what it is told.
  const ipc = list.indexOf('ipc');
  if (ipc >= 3)
    args.push('-e', `NODE_CHANNEL_FD=${ipc}`, '-e', `NODE_CHANNEL_SERIALIZATION_MODE=${serialization}`);
  return args;
}

function envArgs(env: NodeJS.ProcessEnv | undefined): string[] {
  const all = { ...process.env, ...env };
  const names = Object.keys(all).filter((k) => PASSED_ENV.test(k) || (env && env[k] !== process.env[k]));
  return names.filter((k) => all[k] !== undefined).flatMap((k) => ['-e', `${k}=${all[k]}`]);
}

/**
 * What stages read besides the image: the temp dir (run folders, written
 * too), Couper's cache (the default video) and a checkout's .cache (models),
 * the working directory when it is not the project, and COUPER_STAGING_MOUNTS
 * (colon-separated), read-only.
 */
export function mountArgs(): string[] {
  const ro = [
    cacheDir(),
    path.join(PROJECT_ROOT, '.cache'),
    ...(process.env.COUPER_STAGING_MOUNTS ?? '').split(':'),
  ];
  const cwd = process.cwd();
  if (!PROJECT_ROOT.startsWith(cwd) && !cwd.startsWith(PROJECT_ROOT)) ro.push(cwd);
  const tmp = os.tmpdir();
  const dirs = [...new Set(ro.filter((d) => d !== '' && d !== tmp && fs.existsSync(d)))];
  return [`-v=${tmp}:${tmp}`, ...dirs.flatMap((d) => [`-v=${d}:${d}:ro`])];
}

export function assertOpen(closed: boolean, runId: string): void {
  if (closed) throw new StagingError(`staging area ${runId} is already destroyed`);
}
