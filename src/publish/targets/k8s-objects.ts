/**
 * The Kubernetes objects of a bundle, built with kubernetes-models (typed
 * after the official OpenAPI schemas, and able to validate against them):
 * the Namespace, the ConfigMap with the plan and the hop addresses, and per
 * stage a Deployment placed on its tier's nodes and the Service its sender
 * reaches it by.
 */
import { Deployment } from 'kubernetes-models/apps/v1';
import type { IContainer, IVolume, IVolumeMount, IProbe } from 'kubernetes-models/v1';
import { ConfigMap, Namespace, Service } from 'kubernetes-models/v1';
import {
  CONFIG_DIR,
  MODELS_DIR,
  STAGE_PORT,
  TLS_DIR,
  type PublishedStage,
  type PublishPlan,
} from '../plan.js';

/** Where the runtime image holds Couper (see containerfile.ts). */
export const APP_DIR = '/app';
const PROBE = ['node', `${APP_DIR}/dist/src/pipeline/probe-main.js`];
const ADDRESS = `127.0.0.1:${STAGE_PORT}`;

/** The ConfigMap's name; also what an overlay patches to point hops elsewhere. */
export const configMapName = (plan: PublishPlan): string => `${plan.name}-plan`;
/** The ConfigMap key holding the address a stage sends to. */
export const nextKey = (stage: string): string => `${stage}.next`;

const labels = (plan: PublishPlan, stage: string): Record<string, string> => ({
  'app.kubernetes.io/name': plan.name,
  'app.kubernetes.io/component': stage,
  'app.kubernetes.io/managed-by': 'couper',
});

export function namespaceObject(plan: PublishPlan): Namespace {
  return new Namespace({ metadata: { name: plan.namespace } });
}

export function configMapObject(plan: PublishPlan): ConfigMap {
  // The labels once, as their own key, not inside plan.json as well.
  const data: Record<string, string> = {
    'plan.json': `${JSON.stringify({ ...plan, labels: plan.labels === null ? null : 'labels.txt' }, null, 2)}\n`,
    ...(plan.labels !== null && { 'labels.txt': plan.labels }),
  };
  for (const s of plan.stages) {
    data[`${s.name}.json`] = `${JSON.stringify(s.config, null, 2)}\n`;
    data[nextKey(s.name)] = s.next;
  }
  return new ConfigMap({
    metadata: { name: configMapName(plan), namespace: plan.namespace, labels: labels(plan, 'plan') },
    data,
  });
}

export function serviceObject(plan: PublishPlan, s: PublishedStage): Service {
  return new Service({
    metadata: { name: s.object, namespace: plan.namespace, labels: labels(plan, s.name) },
    spec: {
      selector: labels(plan, s.name),
      ports: [{ name: 'grpc', port: STAGE_PORT, targetPort: 'grpc', protocol: 'TCP' }],
    },
  });
}

export function deploymentObject(plan: PublishPlan, s: PublishedStage): Deployment {
  const tier = plan.tiers.find((t) => t.name === s.tier);
  const tls = tier?.tlsSecret ?? null;
  const evaluator = s.role === 'evaluator';
  const volumes: IVolume[] = [
    {
      name: 'config',
      configMap: {
        name: configMapName(plan),
        items: [
          { key: `${s.name}.json`, path: `${s.name}.json` },
          ...(plan.labels !== null ? [{ key: 'labels.txt', path: 'labels.txt' }] : []),
        ],
      },
    },
    ...(evaluator ? [{ name: 'models', emptyDir: {} }] : []),
    ...(tls !== null ? [{ name: 'tls', secret: { secretName: tls } }] : []),
  ];
  return new Deployment({
    metadata: {
      name: s.object,
      namespace: plan.namespace,
      labels: { ...labels(plan, s.name), [plan.tierLabel]: s.tier },
    },
    spec: {
      replicas: 1,
      // One frame stream through one chain of stages: never two of a stage at once.
      strategy: { type: 'Recreate' },
      selector: { matchLabels: labels(plan, s.name) },
      template: {
        metadata: { labels: { ...labels(plan, s.name), [plan.tierLabel]: s.tier } },
        spec: {
          nodeSelector: { [plan.tierLabel]: s.tier },
          ...(plan.tolerations && {
            tolerations: [{ key: plan.tierLabel, operator: 'Equal', value: s.tier, effect: 'NoSchedule' }],
          }),
          ...(evaluator && { initContainers: [partsContainer(plan)] }),
          containers: [stageContainer(plan, s, tls !== null)],
          volumes,
        },
      },
    },
  });
}

/** Copies the parts from their own image into the pod's emptyDir (see docs/PUBLISH.md). */
function partsContainer(plan: PublishPlan): IContainer {
  return {
    name: 'parts',
    image: plan.partsImage,
    command: ['cp', '-R', '/parts/.', MODELS_DIR],
    volumeMounts: [{ name: 'models', mountPath: MODELS_DIR }],
    resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  };
}

function stageContainer(plan: PublishPlan, s: PublishedStage, tls: boolean): IContainer {
  const mounts: IVolumeMount[] = [
    { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
    ...(s.role === 'evaluator' ? [{ name: 'models', mountPath: MODELS_DIR, readOnly: true }] : []),
    ...(tls ? [{ name: 'tls', mountPath: TLS_DIR, readOnly: true }] : []),
  ];
  const limits: Record<string, string> = {
    cpu: `${s.cpuMillis}m`,
    memory: `${s.memoryMi}Mi`,
    ...(s.gpus > 0 && { 'nvidia.com/gpu': String(s.gpus) }),
  };
  return {
    name: 'stage',
    image: plan.image,
    // The role is the command; the runtime image's entry point runs it (containerfile.ts).
    args: [
      s.role,
      '--config',
      `${CONFIG_DIR}/${s.name}.json`,
      '--port',
      String(STAGE_PORT),
      ...(tls ? tlsArgs() : []),
    ],
    // The next hop's address, read by the stage from its environment (not `$(…)` in args, which podman kube play leaves as it is).
    env: [
      {
        name: 'COUPER_NEXT',
        valueFrom: { configMapKeyRef: { name: configMapName(plan), key: nextKey(s.name) } },
      },
    ],
    ports: [{ name: 'grpc', containerPort: STAGE_PORT, protocol: 'TCP' }],
    resources: { requests: limits, limits },
    readinessProbe: probe([ADDRESS], 5),
    livenessProbe: probe(['--live', ADDRESS], 20),
    volumeMounts: mounts,
  };
}

/** The per-process TLS flags of the transport contract, on the Secret's files. */
export function tlsArgs(): string[] {
  return [
    '--tls-cert',
    `${TLS_DIR}/tls.crt`,
    '--tls-key',
    `${TLS_DIR}/tls.key`,
    '--tls-ca',
    `${TLS_DIR}/ca.crt`,
  ];
}

/**
 * Asks the stage's own relay server from inside its container: ServerReady
 * (true once the stages after it are up) for readiness, ServerLive for liveness.
 */
function probe(args: readonly string[], periodSeconds: number): IProbe {
  return {
    exec: { command: [...PROBE, ...args] },
    initialDelaySeconds: 2,
    periodSeconds,
    timeoutSeconds: 3,
    failureThreshold: 3,
  };
}
