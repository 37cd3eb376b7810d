/**
 * The seam between a publish plan and a deployment system: a target turns
 * the plan into the files of its folder in the bundle (kustomize writes
 * k8s/). Targets are pure; write.ts performs the writes. A new target is one
 * object registered in registry.ts (or with registerTarget).
 */
import type { PublishPlan } from '../plan.js';

/** A file of the bundle: a path relative to the bundle's root, and its text. */
export interface BundleFile {
  readonly path: string;
  readonly text: string;
}

export interface PublishTarget {
  /** The name --target takes. */
  readonly name: string;
  /** One line for help. */
  readonly summary: string;
  render(plan: PublishPlan): readonly BundleFile[];
}
