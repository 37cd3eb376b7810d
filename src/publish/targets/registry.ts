/**
 * The publish targets: kustomize (a Kubernetes base) is built in; others
 * register here under the house's one registry policy.
 */
import { Registry } from '../../core/registry.js';
import { kustomizeTarget } from './kustomize.js';
import type { PublishTarget } from './target.js';

export const DEFAULT_TARGET = 'kustomize';

const targets = new Registry<PublishTarget>(
  {
    noun: 'publish target',
    nameOf: (t) => t.name,
    problem: (t) => (typeof t.render !== 'function' ? 'has no render(plan) function' : undefined),
  },
  [kustomizeTarget],
);

export function registerTarget(target: PublishTarget): void {
  targets.register(target);
}

/** The target registered as `name`; a ConfigError listing the targets otherwise. */
export function getTarget(name: string): PublishTarget {
  return targets.require(name);
}

export function listTargets(): PublishTarget[] {
  return targets.values();
}
