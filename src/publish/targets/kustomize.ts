/**
 * The kustomize target: a base under k8s/ that `kubectl apply -k k8s/`
 * deploys and an overlay can change (namespace, images, hop addresses in the
 * ConfigMap). Every object is validated against the official schemas as it
 * is rendered, so a bundle never holds a manifest the API server would refuse
 * for its shape.
 */
import { stringify } from 'yaml';
import type { PublishPlan } from '../plan.js';
import { configMapObject, deploymentObject, namespaceObject, serviceObject } from './k8s-objects.js';
import type { BundleFile, PublishTarget } from './target.js';

export const K8S_DIR = 'k8s';

interface Validated {
  validate(): void;
  toJSON(): unknown;
}

export const kustomizeTarget: PublishTarget = {
  name: 'kustomize',
  summary: 'a kustomize base: Namespace, ConfigMap, a Deployment and a Service per stage',
  render(plan) {
    return kustomizeFiles(plan);
  },
};

export function kustomizeFiles(plan: PublishPlan): BundleFile[] {
  const files: BundleFile[] = [
    manifest('namespace.yaml', [namespaceObject(plan)]),
    manifest('configmap.yaml', [configMapObject(plan)]),
    ...plan.stages.map((s) =>
      manifest(`${s.name}.yaml`, [deploymentObject(plan, s), serviceObject(plan, s)]),
    ),
  ];
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    namespace: plan.namespace,
    resources: files.map((f) => f.path.slice(K8S_DIR.length + 1)),
  };
  return [{ path: `${K8S_DIR}/kustomization.yaml`, text: stringify(kustomization) }, ...files];
}

/** One YAML file of validated objects (a ValidationError here is a bug of ours, not the user's). */
function manifest(name: string, objects: readonly Validated[]): BundleFile {
  for (const o of objects) o.validate();
  return { path: `${K8S_DIR}/${name}`, text: objects.map((o) => stringify(o.toJSON())).join('---\n') };
}
