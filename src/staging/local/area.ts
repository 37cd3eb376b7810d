/**
 * The local staging area: tiers as network namespaces and cgroups on this
 * host (or, at the loopback level, as labels on one loopback interface), and
 * user-space link emulators where the kernel cannot delay packets.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { endProcess } from '../../core/child.js';
import { ConfigError, StagingError } from '../../core/errors.js';
import type { StageSpawnOptions, StagingArea } from '../driver.js';
import type { LinkPlan } from '../link-plan.js';
import type { Owner } from '../owner.js';
import type { StagingPlan, TierPlan } from '../plan.js';
import { joinFiles, setCpuQuota } from './cgroups.js';
import { startProxy } from './proxy.js';

export class LocalArea implements StagingArea {
  private readonly children = new Set<ChildProcess>();
  private readonly proxies = new Map<string, Promise<string>>();
  private readonly deathListeners = new Set<(what: string) => void>();

  constructor(
    readonly plan: StagingPlan,
    private readonly owner: Owner,
  ) {}

  private tier(name: string): TierPlan {
    const t = this.plan.tiers.find((x) => x.name === name);
    if (!t)
      throw new ConfigError(`no tier '${name}' in ${this.plan.infra.source} (tiers: ${this.tierNames()})`);
    return t;
  }

  private tierNames(): string {
    return this.plan.tiers.map((t) => t.name).join(', ');
  }

  /** The shell prefix that puts a process into the tier's cgroup and namespace before it execs. */
  private wrap(t: TierPlan, limits: boolean, command: string, args: readonly string[]): [string, string[]] {
    const group = limits ? t.cgroup : this.plan.emulatorCgroup;
    const join = group ? joinFiles(this.cgroupKind(), group.name) : [];
    const enter = join.map((f) => `echo $$ > '${f}'`).join(' && ');
    const ns = t.namespace ? `ip netns exec '${t.namespace}' ` : '';
    const script = `${enter}${enter ? ' && ' : ''}exec ${ns}"$@"`;
    return ['sh', ['-c', script, 'sh', command, ...args]];
  }

  private cgroupKind(): 'v1' | 'v2' | 'none' {
    const c = this.plan.fidelity.cpu;
    return c === 'cgroup-v1' ? 'v1' : c === 'cgroup-v2' ? 'v2' : 'none';
  }

  spawn(tier: string, command: string, args: readonly string[], opts: StageSpawnOptions = {}): ChildProcess {
    if (this.owner.closed) throw new StagingError(`staging area ${this.plan.runId} is already destroyed`);
    const [cmd, argv] = this.wrap(this.tier(tier), opts.limits !== false, command, args);
    const child = spawn(cmd, argv, opts);
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  bindAddress(tier: string): string {
    return this.tier(tier).namespace ? '0.0.0.0' : '127.0.0.1';
  }

  private link(from: string, to: string): { link: LinkPlan; forward: boolean } {
    const link = this.plan.links.find((l) => l.between.includes(from) && l.between.includes(to));
    if (!link)
      throw new ConfigError(`no link between tiers '${from}' and '${to}' in ${this.plan.infra.source}`);
    return { link, forward: link.between[0] === from };
  }

  address(fromTier: string, toTier: string, port: number): Promise<string> {
    const from = this.tier(fromTier);
    this.tier(toTier);
    if (fromTier === toTier) return Promise.resolve(`127.0.0.1:${port}`);
    const { link, forward } = this.link(fromTier, toTier);
    const target = link.ends ? link.ends[forward ? 1 : 0].address : '127.0.0.1';
    if (link.emulator.kind === 'netem') return Promise.resolve(`${target}:${port}`);
    const key = `${fromTier}>${toTier}:${port}`;
    let p = this.proxies.get(key);
    if (!p) {
      p = startProxy(this, from.name, target, port, link);
      this.proxies.set(key, p);
    }
    return p;
  }

  applyCpuLimits(): void {
    const kind = this.cgroupKind();
    for (const t of this.plan.tiers) if (t.cgroup) setCpuQuota(kind, t.cgroup);
  }

  watchHelpers(onDeath: (what: string) => void): () => void {
    this.deathListeners.add(onDeath);
    return () => this.deathListeners.delete(onDeath);
  }

  /**
   * Watch a helper the area started (`what`: 'link emulator client→edge'):
   * its exit before the area is destroyed is a death the listeners hear of.
   */
  watchHelper(child: ChildProcess, what: string, tier: string): void {
    child.once('exit', (code, sig) => {
      if (this.owner.closed) return;
      const line = `${what} (pid ${child.pid ?? '?'}, on tier ${tier}) died (${sig ?? `exit code ${code}`})`;
      for (const listener of this.deathListeners) listener(line);
    });
  }

  async destroy(): Promise<void> {
    const problems = await this.owner.close();
    if (problems.length > 0)
      throw new StagingError(`staging area ${this.plan.runId} left things behind: ${problems.join('; ')}`);
  }

  /** End every process the area started (the driver registers this last, so it runs first). */
  async endChildren(): Promise<void> {
    await Promise.all([...this.children].map((c) => endProcess(c, 2000)));
  }
}
