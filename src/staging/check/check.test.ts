/** Tests of the fidelity check's link figures and its expectations for short bursts of compute. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TEST_HOST as HOST } from '../../../test/helpers/host.js';
import { twoTierInfra } from '../../../test/helpers/infra.js';
import { makeStagingPlan, newRunId } from '../plan.js';
import { burstChecks } from './check.js';
import { linkFigures } from './measure.js';

const INFRA = twoTierInfra(
  { name: 'small', cpus: 1, ghz: 1, memoryGb: 1 },
  { name: 'big', cpus: 8, ghz: 2.5, memoryGb: 1 },
  { rttMs: 10, jitterMs: 1, mbps: 50 },
);

describe('burstChecks', () => {
  const plan = makeStagingPlan(INFRA, HOST, newRunId(), {});
  const [small, big] = plan.tiers;

  it("expects one thread to take hostMs / the tier's host cores, at most one core's worth", () => {
    assert.ok(small!.hostCores < 1 && big!.hostCores > 1, `${small!.hostCores} ${big!.hostCores}`);
    const [s, b] = burstChecks(plan, [
      { tier: 'small', hostMs: 2, wallMs: 3 },
      { tier: 'big', hostMs: 2, wallMs: 2 },
    ]);
    assert.equal(s!.idealMs, 2 / small!.hostCores);
    assert.equal(s!.ratio, 3 / (2 / small!.hostCores));
    // A tier of more than one host core runs one thread at the host's speed.
    assert.equal(b!.idealMs, 2);
    assert.equal(b!.ratio, 1);
  });

  it('expects host speed when the CPU is not limited', () => {
    const free = { ...plan, fidelity: { ...plan.fidelity, cpu: 'none' as const } };
    const [s] = burstChecks(free, [{ tier: 'small', hostMs: 2, wallMs: 2 }]);
    assert.equal(s!.idealMs, 2);
    assert.equal(s!.ratio, 1);
  });
});

describe('linkFigures', () => {
  const plan = makeStagingPlan(INFRA, HOST, newRunId(), {});
  const link = plan.links[0]!;

  it("takes the probe's own round trip off the link's median and undoes the dilation", () => {
    // Pings through a link dilated 2×: a 20 ms median, with one 60 ms stall that must not count.
    const through = [18, 19, 20, 20, 21, 22, 60];
    const base = [0.3, 0.5, 0.4];
    const m = linkFigures(link, { link: through, base }, 25, 2);
    assert.equal(m.baseRttMs, 0.4);
    assert.equal(m.rttMs, (20 - 0.4) / 2);
    // MAD of the link's pings is 1 (|18−20|, |19−20|, 0, 0, 1, 2, 40 → median 1).
    assert.equal(m.jitterMs, 1.4826 / 2);
    assert.equal(m.mbps, 50);
    assert.equal(m.samples, 7);
  });
});
