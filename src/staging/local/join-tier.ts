/**
 * Moving a process that something else started (a container podman kube
 * play created under its own group) into a tier's cgroup, so that it shares
 * the tier's CPU quota and memory limit with the tier's other processes, as
 * a staged run's stages do.
 */
import fs from 'node:fs';
import { StagingError, describeError } from '../../core/errors.js';
import type { StagingPlan } from '../plan.js';
import { joinFiles } from './cgroups.js';

/** No-op where the plan has no cgroups (no root, or no usable hierarchy). */
export function joinTierCgroup(plan: StagingPlan, tier: string, pid: number): void {
  const t = plan.tiers.find((x) => x.name === tier);
  if (t === undefined) throw new StagingError(`no tier '${tier}' in ${plan.infra.source}`);
  if (t.cgroup === null || plan.fidelity.cpu === 'none') return;
  const kind = plan.fidelity.cpu === 'cgroup-v1' ? 'v1' : 'v2';
  for (const file of joinFiles(kind, t.cgroup.name))
    try {
      // cgroup.procs moves the whole process, every thread of it.
      fs.writeFileSync(file, String(pid));
    } catch (err) {
      throw new StagingError(
        `cannot move process ${pid} into tier ${tier}'s cgroup (${file}): ${describeError(err)}`,
      );
    }
}
