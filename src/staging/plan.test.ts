/** Tests of planning a staging area: scaling, dilation, quotas, links, fidelity. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TEST_HOST as HOST } from '../../test/helpers/host.js';
import { twoTierInfra } from '../../test/helpers/infra.js';
import { loadInfra } from './load.js';
import { makeStagingPlan, newRunId, RUN_ID } from './plan.js';

const SMALL = twoTierInfra(
  { name: 'a', cpus: 1, ghz: 1, memoryGb: 1 },
  { name: 'b', cpus: 2, ghz: 1, memoryGb: 32 },
  { rttMs: 10, jitterMs: 2, mbps: 50 },
  'small.yaml',
);

describe('StagingPlan', () => {
  it('--cpu-quota-ms fixes the quota and derives each period from the share (at least 1 ms)', () => {
    const periods = (q: number) =>
      makeStagingPlan(SMALL, HOST, 'ab12', { cpuQuotaMs: q }).tiers.map((t) => [
        t.cgroup?.quotaUs,
        t.cgroup?.periodUs,
      ]);
    // Shares 0.4 and 0.8 host cores.
    assert.deepEqual(periods(1), [
      [1000, 2500],
      [1000, 1250],
    ]);
    assert.deepEqual(periods(2), [
      [2000, 5000],
      [2000, 2500],
    ]);
    // Under the kernel's least quota (1 ms), the least is used.
    assert.deepEqual(periods(0.5), periods(1));
    const wide = makeStagingPlan(SMALL, { ...HOST, cores: 8 }, 'ab12', { cpuQuotaMs: 1 });
    // A tier of more than a core keeps the 1 ms least period, with the quota its share of it.
    assert.deepEqual(
      wide.tiers.map((t) => [t.hostCores > 1, t.cgroup?.periodUs, t.cgroup?.quotaUs]),
      wide.tiers.map((t) => [
        t.hostCores > 1,
        t.hostCores > 1 ? 1000 : Math.ceil(1000 / t.hostCores),
        t.hostCores > 1 ? Math.round(t.hostCores * 1000) : 1000,
      ]),
    );
  });

  it('maps a small infrastructure in real time, quotas proportional to cores × GHz', () => {
    const plan = makeStagingPlan(SMALL, HOST, 'ab12');
    assert.equal(plan.scaling.dilation, 1);
    // 2 cores less the default reserve, half a core (scale.ts says why).
    assert.equal(plan.scaling.usableCores, 1.5);
    assert.deepEqual(
      plan.tiers.map((t) => [t.namespace, t.cgroup?.quotaUs, t.cgroup?.periodUs]),
      [
        ['couper-ab12-a', 4000, 10000],
        ['couper-ab12-b', 8000, 10000],
      ],
    );
    assert.equal(plan.tiers[1]!.cgroup?.memoryCapped, true);
    assert.equal(plan.tiers[1]!.cgroup?.memoryBytes, 16 * 2 ** 30);
    const link = plan.links[0]!;
    assert.deepEqual(link.ends, [
      { tier: 'a', veth: 'couper-ab12-0a', address: '10.213.0.1' },
      { tier: 'b', veth: 'couper-ab12-0b', address: '10.213.0.2' },
    ]);
    assert.ok(link.ends.every((e) => e.veth.length <= 15));
    assert.equal(link.emulator.kind, 'userspace-proxy');
    assert.equal(link.emulator.oneWayJitterMs, 2 / Math.SQRT2);
    assert.equal(link.qdiscs.length, 2);
    assert.deepEqual(plan.fidelity, {
      network: 'kernel-netns',
      delay: 'userspace-proxy',
      bandwidth: 'tbf',
      cpu: 'cgroup-v1',
      notes: ['no netem: delay and jitter come from a user-space proxy on each link'],
    });
    assert.deepEqual(JSON.parse(JSON.stringify(plan)), plan);
  });

  it('dilates time when the tiers need more than the host has', () => {
    const plan = makeStagingPlan(loadInfra('mid-end'), HOST, 'ab12', { gpuSubstitute: 'cpu' });
    const demand = 2 * 2 + 8 * 3.1 + 48 * 3.1;
    assert.ok(Math.abs(plan.scaling.demandGhzCores - demand) < 1e-9);
    const d = demand / (1.5 * 2.5);
    assert.ok(Math.abs(plan.scaling.dilation - d) < 1e-9);
    assert.ok(Math.abs(plan.frameRateFactor - 1 / d) < 1e-12);
    const sum = plan.tiers.reduce((a, t) => a + t.hostCores, 0);
    assert.ok(Math.abs(sum - 1.5) < 1e-9, `quotas add up to the usable cores, not ${sum}`);
    const l = plan.links[1]!;
    assert.ok(Math.abs(l.emulated.rttMs - 50 * d) < 1e-9);
    assert.ok(Math.abs(l.emulated.mbps - 50.22 / d) < 1e-9);
    assert.ok(plan.notes.some((n) => n.includes('cloud: P100, P100 replaced by its CPU share')));
  });

  it('caps cores per tier when asked, which lowers the dilation', () => {
    const plan = makeStagingPlan(loadInfra('testbed'), HOST, 'ab12', {
      gpuSubstitute: 'cpu',
      maxTierCores: 2,
    });
    assert.deepEqual(
      plan.tiers.map((t) => t.emulatedCpus),
      [2, 2, 2],
    );
    assert.ok(Math.abs(plan.scaling.dilation - (4 + 6.2 + 6.2) / 3.75) < 1e-9);
  });

  it('refuses a GPU tier the host cannot emulate unless a substitute is accepted', () => {
    assert.throws(
      () => makeStagingPlan(loadInfra('super-high-end'), HOST, 'ab12'),
      /cannot emulate the accelerators of tier edge \(P100\), cloud \(P100, P100\); pass --gpu-substitute cpu/,
    );
    assert.equal(
      makeStagingPlan(loadInfra('super-high-end'), HOST, 'ab12', { gpuSubstitute: 'cpu' }).gpuSubstitute,
      'cpu',
    );
  });

  it('falls back to loopback and no limits without root, and says so', () => {
    const plan = makeStagingPlan(SMALL, { ...HOST, root: false, netns: false, cgroup: 'none' }, 'ab12');
    assert.equal(plan.fidelity.network, 'userspace-loopback');
    assert.equal(plan.fidelity.cpu, 'none');
    assert.equal(plan.tiers[0]!.namespace, null);
    assert.equal(plan.links[0]!.ends, null);
    const e = plan.links[0]!.emulator;
    assert.ok(e.kind === 'userspace-proxy' && e.rateBits === 50e6);
    assert.equal(plan.fidelity.notes.length, 3);
  });

  it('uses netem where the kernel has it', () => {
    const plan = makeStagingPlan(SMALL, { ...HOST, netem: true }, 'ab12');
    assert.equal(plan.fidelity.delay, 'netem');
    assert.equal(plan.links[0]!.emulator.kind, 'netem');
  });

  it('makes 4-character run ids', () => {
    for (let i = 0; i < 20; i++) assert.match(newRunId(), RUN_ID);
  });
});
