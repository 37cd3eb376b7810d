/**
 * A staging area created with `deferCpuLimits` (as a run creates its own):
 * the tiers' memory limits apply at once, their CPU quotas only once
 * applyCpuLimits() is called (before a run's first frame), and the area
 * leaves nothing behind. Needs root and cgroups.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { getDriver, makeStagingPlan, newRunId, probeHost } from '../../src/staging/index.js';
import { assertNoLeftovers } from '../helpers/leftovers.js';
import { skipUnless } from '../helpers/needs.js';
import { twoTierInfra } from '../helpers/infra.js';

const CGROUP_ROOT = '/sys/fs/cgroup';

/** The tier's CPU quota as the kernel holds it: microseconds per period, -1 for none. */
function quotaOf(kind: string, group: string): number {
  if (kind === 'v1')
    return Number(fs.readFileSync(path.join(CGROUP_ROOT, 'cpu', group, 'cpu.cfs_quota_us'), 'utf8'));
  const [quota] = fs
    .readFileSync(path.join(CGROUP_ROOT, group, 'cpu.max'), 'utf8')
    .trim()
    .split(' ');
  return quota === 'max' ? -1 : Number(quota);
}

test(
  'CPU quotas wait for applyCpuLimits; memory limits do not',
  { skip: skipUnless('root', 'netns', 'cgroups') },
  async () => {
    const host = probeHost();
    const infra = twoTierInfra(
      { name: 'a', cpus: 1, ghz: 1, memoryGb: 1 },
      { name: 'b', cpus: 1, ghz: 1, memoryGb: 1 },
      { rttMs: 10, jitterMs: 1, mbps: 100 },
    );
    const plan = makeStagingPlan(infra, host, newRunId(), {});
    const area = await getDriver('local').create(plan, { handleSignals: false, deferCpuLimits: true });
    try {
      const tiers = plan.tiers.filter((t) => t.cgroup);
      assert.ok(tiers.length > 0, 'the plan limits no tier');
      for (const t of tiers) {
        assert.ok(t.cgroup!.quotaUs > 0, `tier ${t.name} has no planned quota`);
        assert.equal(
          quotaOf(host.cgroup, t.cgroup!.name),
          -1,
          `tier ${t.name} is limited before applyCpuLimits`,
        );
      }
      area.applyCpuLimits?.();
      for (const t of tiers) assert.equal(quotaOf(host.cgroup, t.cgroup!.name), t.cgroup!.quotaUs);
    } finally {
      await area.destroy();
    }
    assertNoLeftovers(plan.runId);
  },
);
