/**
 * The overlay that lets `podman kube play` run a bundle on a staging area,
 * as pure functions over the bundle's own manifests: podman ignores
 * Services and node placement, so each tier gets one YAML of its own stages'
 * Deployments (played inside that tier's namespace), the ConfigMap points
 * every hop at the address of the emulated link to the next stage's tier,
 * stages sharing a tier's namespace get distinct ports, resources follow
 * what the staging area gives the tier (it may scale tiers to this
 * machine), and the camera plays a finite number of frames.
 */
import { ConfigError } from '../../core/errors.js';
import type { PublishPlan } from '../plan.js';
import { STAGE_PORT } from '../plan.js';
import { configMapName, nextKey } from '../targets/k8s-objects.js';

/** podman's annotation for how an init container runs (kube play makes them `once`). */
export const INIT_TYPE = 'io.podman.annotations.init.container.type';

/** A Kubernetes object as parsed from YAML: only what the overlay reads and writes is typed. */
export type KubeObject = Record<string, unknown> & {
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown };
};

export interface PlayOverlay {
  /** Port each stage listens on (distinct among the stages of one tier). */
  readonly ports: Readonly<Record<string, number>>;
  /** Address each stage sends to (the link from its tier to the next stage's). */
  readonly next: Readonly<Record<string, string>>;
  /** Each stage's CPU (millicores) and memory (MiB) on this staging area. */
  readonly resources: Readonly<Record<string, { readonly cpuMillis: number; readonly memoryMi: number }>>;
  /** Frames the camera plays, warm-up included, and how many of them are warm-up. */
  readonly frames: number;
  readonly warmup: number;
}

/** Ports per stage: STAGE_PORT, STAGE_PORT+1, … among the stages of each tier. */
export function tierPorts(plan: PublishPlan): Record<string, number> {
  const ports: Record<string, number> = {};
  for (const t of plan.tiers) t.stages.forEach((s, k) => (ports[s] = STAGE_PORT + k));
  return ports;
}

/** Per tier, the objects to play there: the overlaid ConfigMap, then that tier's Deployments. */
export function playDocuments(
  docs: readonly KubeObject[],
  plan: PublishPlan,
  overlay: PlayOverlay,
): Map<string, KubeObject[]> {
  const configMap = docs.find((d) => d.kind === 'ConfigMap' && d.metadata?.name === configMapName(plan));
  if (configMap === undefined)
    throw new ConfigError(`the bundle's manifests hold no ConfigMap '${configMapName(plan)}'`);
  const overlaid = overlayConfigMap(configMap, plan, overlay);
  const byTier = new Map<string, KubeObject[]>();
  for (const t of plan.tiers) {
    const deployments = plan.stages
      .filter((s) => s.tier === t.name)
      .map((s) => {
        const d = docs.find((o) => o.kind === 'Deployment' && o.metadata?.name === s.object);
        if (d === undefined) throw new ConfigError(`the bundle's manifests hold no Deployment '${s.object}'`);
        return overlayDeployment(d, s.name, overlay);
      });
    byTier.set(t.name, [overlaid, ...deployments]);
  }
  return byTier;
}

function overlayConfigMap(cm: KubeObject, plan: PublishPlan, overlay: PlayOverlay): KubeObject {
  const data = { ...(cm['data'] as Record<string, string>) };
  for (const s of plan.stages) {
    const next = overlay.next[s.name];
    if (next === undefined) throw new ConfigError(`no hop address for stage ${s.name}`);
    data[nextKey(s.name)] = next;
    if (s.role === 'camera') {
      const config = JSON.parse(data[`${s.name}.json`] ?? '{}') as { camera?: Record<string, unknown> };
      config.camera = { ...config.camera, frames: overlay.frames, warmup: overlay.warmup };
      data[`${s.name}.json`] = `${JSON.stringify(config, null, 2)}\n`;
    }
  }
  return { ...cm, data };
}

type Container = Record<string, unknown> & { volumeMounts?: { name: string }[] };

/**
 * podman 4.3 makes an emptyDir a named volume called after the pod's volume,
 * shared by every pod that names one alike: the evaluators' init containers
 * would copy their parts into one volume while another evaluator reads it.
 * Each pod's own name keeps them apart (and is what takeDown removes).
 */
function renameEmptyDirs(
  pod: {
    containers: Container[];
    initContainers?: Container[];
    volumes?: { name: string; emptyDir?: unknown }[];
  },
  object: unknown,
): void {
  for (const v of pod.volumes ?? []) {
    if (v.emptyDir === undefined) continue;
    const old = v.name;
    v.name = emptyDirVolume(String(object), old);
    for (const c of [...pod.containers, ...(pod.initContainers ?? [])])
      for (const m of c.volumeMounts ?? []) if (m.name === old) m.name = v.name;
  }
}

/** The podman volume an overlaid pod's emptyDir becomes. */
export const emptyDirVolume = (object: string, volume: string): string => `${object}-${volume}`;

/** A deep copy with the stage container's port and resources set; probes and ports go (podman ignores them). */
function overlayDeployment(d: KubeObject, stage: string, overlay: PlayOverlay): KubeObject {
  const copy = structuredClone(d) as KubeObject & {
    metadata: { annotations?: Record<string, string> };
    spec: {
      template: {
        spec: {
          containers: Container[];
          initContainers?: Container[];
          volumes?: { name: string; emptyDir?: unknown }[];
          nodeSelector?: unknown;
          hostNetwork?: boolean;
          restartPolicy?: string;
        };
      };
    };
  };
  const pod = copy.spec.template.spec;
  // Placement is the tier's namespace here, not a node label: podman 4 refuses `--network ns:PATH` for
  // pods, so the pod takes the network of the podman that plays it, which runs inside the tier's namespace.
  delete pod.nodeSelector;
  pod.hostNetwork = true;
  // podman removes a run-once init container right after it exits, and under load finds it still
  // running and fails the whole play; kept ("always"), it goes with its pod. podman 4.3 reads a
  // Deployment's pod annotations from the Deployment's own metadata, not from its template's.
  copy.metadata.annotations = { ...copy.metadata.annotations, [INIT_TYPE]: 'always' };
  // A stage that ends stays ended (the camera ends when its frames are done; Always would replay them).
  pod.restartPolicy = 'Never';
  renameEmptyDirs(pod, d.metadata?.name);
  const container = pod.containers.find((c) => c['name'] === 'stage');
  const port = overlay.ports[stage];
  const res = overlay.resources[stage];
  if (container === undefined || port === undefined || res === undefined)
    throw new ConfigError(`the Deployment of stage ${stage} has no container 'stage' or the overlay no port`);
  const args = [...(container['args'] as string[])];
  const at = args.indexOf('--port');
  if (at < 0) throw new ConfigError(`the Deployment of stage ${stage} gives no --port`);
  args[at + 1] = String(port);
  container['args'] = args;
  const limits = { cpu: `${res.cpuMillis}m`, memory: `${res.memoryMi}Mi` };
  container['resources'] = { requests: limits, limits };
  // podman maps `ports` to the host and runs liveness checks through systemd timers: neither applies inside a tier's namespace.
  delete container['ports'];
  delete container['readinessProbe'];
  delete container['livenessProbe'];
  return copy;
}
