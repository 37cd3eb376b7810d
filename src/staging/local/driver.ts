/**
 * The `local` driver: applies a StagingPlan on this host. Every step that
 * creates something registers its removal with the area's Owner first-thing
 * after, so a failure half way through still leaves nothing behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StagingError } from '../../core/errors.js';
import type { CreateOptions, StagingArea, StagingDriver } from '../driver.js';
import { Owner } from '../owner.js';
import type { StagingPlan } from '../plan.js';
import { LocalArea } from './area.js';
import { cgroupDirs, createCgroup, removeCgroupDir } from './cgroups.js';
import { addNetwork, removeNamespace } from './netns.js';

function cgroupKind(plan: StagingPlan): 'v1' | 'v2' | 'none' {
  const c = plan.fidelity.cpu;
  return c === 'cgroup-v1' ? 'v1' : c === 'cgroup-v2' ? 'v2' : 'none';
}

function makeTempDir(plan: StagingPlan, owner: Owner): void {
  fs.mkdirSync(plan.tempDir, { recursive: true });
  owner.add(`temp dir ${plan.tempDir}`, () => fs.rmSync(plan.tempDir, { recursive: true, force: true }));
  // `staging clean` leaves a run alone while its owner lives.
  fs.writeFileSync(path.join(plan.tempDir, 'owner'), String(process.pid));
  fs.writeFileSync(path.join(plan.tempDir, 'plan.json'), JSON.stringify(plan, null, 2));
}

function apply(plan: StagingPlan, owner: Owner, cpuQuota: boolean): void {
  makeTempDir(plan, owner);
  const kind = cgroupKind(plan);
  const namespaces: string[] = [];
  for (const t of plan.tiers) {
    if (t.namespace) {
      const ns = t.namespace;
      owner.add(`namespace ${ns}`, () => removeNamespace(ns));
      namespaces.push(ns);
    }
    if (t.cgroup) {
      for (const dir of cgroupDirs(kind, t.cgroup.name))
        owner.add(`cgroup ${dir}`, () => removeCgroupDir(dir));
      createCgroup(kind, t.cgroup, cpuQuota);
    }
  }
  const net = plan.emulatorCgroup;
  if (net) {
    for (const dir of cgroupDirs(kind, net.name)) owner.add(`cgroup ${dir}`, () => removeCgroupDir(dir));
    createCgroup(kind, net);
  }
  const nsOf = (tier: string): string => {
    const ns = plan.tiers.find((t) => t.name === tier)?.namespace;
    if (!ns) throw new StagingError(`tier '${tier}' has no namespace`);
    return ns;
  };
  // veths and qdiscs live inside the namespaces and go with them.
  addNetwork(namespaces, plan.links, nsOf);
}

export const localDriver: StagingDriver = {
  name: 'local',
  unavailable: () => null,
  async create(plan: StagingPlan, opts: CreateOptions = {}): Promise<StagingArea> {
    const owner = new Owner();
    if (opts.handleSignals !== false) owner.handleSignals();
    const area = new LocalArea(plan, owner);
    try {
      apply(plan, owner, opts.deferCpuLimits !== true);
      // Registered last so it runs first: processes leave before their namespaces and cgroups go.
      owner.add('processes', () => area.endChildren());
    } catch (err) {
      await owner.close();
      throw err instanceof StagingError ? err : new StagingError(`cannot build staging area: ${String(err)}`);
    }
    return area;
  },
};
