/**
 * Runs a published bundle under `podman kube play` on a staging area: each
 * tier's Deployments (overlay.ts) played by a podman that runs inside that
 * tier's network namespace (the pods take its network), hops through the
 * area's emulated links; waits
 * for the camera's summary line, then `podman kube down` and removal of the
 * pods by name (an interrupted play leaves pods that kube down refuses).
 * The area itself (namespaces, cgroups, link emulators) is the caller's.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ConfigError, StagingError } from '../../core/errors.js';
import type { RunSummary } from '../../pipeline/metrics.js';
import { joinTierCgroup, podmanEnv, type StagingArea } from '../../staging/index.js';
import type { PublishPlan } from '../plan.js';
import { configMapName } from '../targets/k8s-objects.js';
import { emptyDirVolume, playDocuments, tierPorts, type KubeObject, type PlayOverlay } from './overlay.js';

export interface PlayOptions {
  readonly frames: number;
  readonly warmup: number;
  /** How long the camera may take to finish before the play is given up. */
  readonly timeoutMs: number;
}

export interface PlayResult {
  readonly summary: RunSummary;
  /** The other stages' one-line reports, by stage. */
  readonly stages: Readonly<Record<string, { processed: number; dropped: number }>>;
}

/** Pod and container names podman 4 kube play gives a Deployment's (one) replica. */
export const podName = (object: string): string => `${object}-pod-0`;
const containerName = (object: string): string => `${podName(object)}-stage`;

export function readBundle(dir: string): { plan: PublishPlan; docs: KubeObject[] } {
  const plan = JSON.parse(fs.readFileSync(path.join(dir, 'plan.json'), 'utf8')) as PublishPlan;
  const docs: KubeObject[] = [];
  for (const f of ['configmap.yaml', ...plan.stages.map((s) => `${s.name}.yaml`)])
    for (const d of parseAllDocuments(fs.readFileSync(path.join(dir, 'k8s', f), 'utf8')))
      docs.push(d.toJS() as KubeObject);
  return { plan, docs };
}

/**
 * The overlay for this area: link addresses, ports, and as each container's
 * own limits the whole tier's (the processes join the tier's cgroup, whose
 * quota binds the tier's stages together, as in a staged run).
 */
export async function areaOverlay(
  plan: PublishPlan,
  area: StagingArea,
  opts: PlayOptions,
): Promise<PlayOverlay> {
  const ports = tierPorts(plan);
  const next: Record<string, string> = {};
  const resources: Record<string, { cpuMillis: number; memoryMi: number }> = {};
  for (const s of plan.stages) {
    const to = plan.stages.find((o) => `${o.object}:${s.next.split(':')[1]}` === s.next);
    if (to === undefined)
      throw new ConfigError(`stage ${s.name} sends to '${s.next}', no stage of the bundle`);
    next[s.name] = await area.address(s.tier, to.tier, ports[to.name]!);
    const tier = area.plan.tiers.find((t) => t.name === s.tier);
    const cg = tier?.cgroup;
    resources[s.name] =
      cg && cg.quotaUs > 0
        ? {
            cpuMillis: Math.max(1, Math.floor((cg.quotaUs * 1000) / cg.periodUs)),
            memoryMi: Math.max(16, Math.floor(cg.memoryBytes / 2 ** 20)),
          }
        : { cpuMillis: s.cpuMillis, memoryMi: s.memoryMi };
  }
  return { ports, next, resources, frames: opts.frames, warmup: opts.warmup };
}

function podman(
  args: readonly string[],
  netns: string | null = null,
): { status: number | null; out: string; err: string } {
  // nsenter, not `ip netns exec`, which remounts /sys and hides the cgroup hierarchy from podman.
  const [cmd, argv] =
    netns === null ? ['podman', args] : ['nsenter', [`--net=/run/netns/${netns}`, 'podman', ...args]];
  const r = spawnSync(cmd, argv, { env: podmanEnv(), encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
}

export async function playBundle(dir: string, area: StagingArea, opts: PlayOptions): Promise<PlayResult> {
  const { plan, docs } = readBundle(dir);
  const overlay = await areaOverlay(plan, area, opts);
  const files: string[] = [];
  // A ConfigMap volume left by an earlier play would be used as it is.
  removeVolumes(plan);
  try {
    for (const [tier, objects] of playDocuments(docs, plan, overlay)) {
      const file = path.join(area.plan.tempDir, `kube-${tier}.yaml`);
      fs.writeFileSync(file, objects.map((o) => JSON.stringify(o)).join('\n---\n'));
      files.push(file);
      const ns = area.plan.tiers.find((t) => t.name === tier)?.namespace ?? null;
      const r = podman(['kube', 'play', file], ns);
      if (r.status !== 0)
        throw new StagingError(`podman kube play of tier ${tier} failed: ${lastLine(r.err || r.out)}`);
      joinTier(plan, area, tier);
    }
    const camera = plan.stages.find((s) => s.role === 'camera')!;
    await waitExit(containerName(camera.object), opts.timeoutMs);
    return collect(plan);
  } finally {
    takeDown(plan, files);
  }
}

/**
 * podman 4.3's kube play has no --cgroup-parent: its pods sit under its own
 * group. Each stage process is moved into its tier's cgroup as soon as it
 * runs (before the chain connects, so before any frame), so the tier's stages
 * share its quota as a staged run's do.
 */
function joinTier(plan: PublishPlan, area: StagingArea, tier: string): void {
  for (const s of plan.stages.filter((x) => x.tier === tier)) {
    const pid = Number(podman(['inspect', '--format', '{{.State.Pid}}', containerName(s.object)]).out.trim());
    if (!Number.isInteger(pid) || pid <= 0)
      throw new StagingError(`the container of stage ${s.name} (${containerName(s.object)}) is not running`);
    joinTierCgroup(area.plan, tier, pid);
  }
}

/** `podman wait` on the camera's container, bounded (a broken chain never lets it finish). */
function waitExit(container: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('podman', ['wait', container], { env: podmanEnv(), stdio: 'ignore' });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new StagingError(`the camera (${container}) did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new StagingError(`podman wait ${container} failed (exit ${code})`));
    });
  });
}

/** The camera's summary and, after a stop, every other stage's line, from their logs. */
function collect(plan: PublishPlan): PlayResult {
  const camera = plan.stages.find((s) => s.role === 'camera')!;
  const line = lastJson(containerName(camera.object));
  if (line === null || typeof line['summary'] !== 'object')
    throw new StagingError(
      `the camera printed no summary: ${podman(['logs', containerName(camera.object)]).err.slice(-300)}`,
    );
  // SIGTERM (podman stop) makes each relay stage print its line.
  const others = plan.stages.filter((s) => s.role !== 'camera');
  podman(['stop', '-t', '10', ...others.map((s) => containerName(s.object))]);
  const stages: Record<string, { processed: number; dropped: number }> = {};
  for (const s of others) {
    const l = lastJson(containerName(s.object));
    if (l !== null) stages[s.name] = { processed: Number(l['processed']), dropped: Number(l['dropped']) };
  }
  return { summary: line['summary'] as RunSummary, stages };
}

function lastJson(container: string): Record<string, unknown> | null {
  const out = podman(['logs', container]).out.trim().split('\n').reverse();
  for (const l of out)
    if (l.startsWith('{'))
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        // not a report line
      }
  return null;
}

/** kube down each tier's file, then the pods by name (what an interrupted play leaves, kube down refuses). */
export function takeDown(plan: PublishPlan, files: readonly string[]): void {
  for (const f of files) podman(['kube', 'down', f]);
  const pods = plan.stages.map((s) => podName(s.object));
  podman(['pod', 'rm', '-f', '-t', '0', '-i', ...pods]);
  removeVolumes(plan);
}

/**
 * The volumes podman made for the ConfigMap (named after it, and reused by a
 * later play as it is, stale) and for the evaluators' emptyDirs.
 */
function removeVolumes(plan: PublishPlan): void {
  const names = [
    configMapName(plan),
    ...plan.stages.filter((s) => s.role === 'evaluator').map((s) => emptyDirVolume(s.object, 'models')),
  ];
  for (const v of names) podman(['volume', 'rm', '-f', v]);
}

/** podman prints its error last. */
function lastLine(s: string): string {
  return s.trim().split('\n').at(-1) ?? '';
}
