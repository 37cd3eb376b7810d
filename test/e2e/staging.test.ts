/**
 * The staging area for real (root and `ip` needed): fidelity of emulated links
 * and tiers within the 10% target, and cleanup after success, a failing
 * stage, SIGINT, and `staging clean` after SIGKILL. Every case runs for each
 * backend: `local` (processes) and `podman` (containers; skipped with the
 * reason printed where podman or runc is missing).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BURST_SIZES_MS, runCheck } from '../../src/staging/check/check.js';
import { findLeftovers } from '../../src/staging/leftovers.js';
import {
  getDriver,
  makeStagingPlan,
  newRunId,
  parseInfra,
  probeHost,
  loadInfra,
} from '../../src/staging/index.js';
import { assertNoLeftovers } from '../helpers/leftovers.js';
import { skipUnless } from '../helpers/needs.js';
import { repoRoot } from '../helpers/models.js';
import { twoTierYaml } from '../helpers/infra.js';

const host = probeHost();
const skip = skipUnless('root', 'netns', 'cgroups');
const BACKENDS = ['local', 'podman'] as const;

function skipFor(backend: string): string | false {
  return backend === 'podman' ? skipUnless('root', 'netns', 'cgroups', 'podman') : skip;
}

const COUPER = path.join(repoRoot(), 'bin', 'couper.js');
const MEASURE = { pings: 60, bulkSeconds: 1.5, cpuSeconds: 2 };

function twoTiers(rttMs: number, mbps: number, loss?: number): string {
  return twoTierYaml(
    { name: 'a', cpus: 1, ghz: 1, memoryGb: 1 },
    { name: 'b', cpus: 2, ghz: 1, memoryGb: 1 },
    { rttMs, jitterMs: rttMs / 10, mbps, ...(loss !== undefined && { loss }) },
  );
}

const assertClean = assertNoLeftovers;

async function checkFidelity(backend: string, text: string, opts = {}): Promise<void> {
  const plan = makeStagingPlan(parseInfra(text, 'test.yaml'), host, newRunId(), opts);
  const report = await runCheck(getDriver(backend), plan, MEASURE);
  for (const l of report.links) {
    process.stdout.write(
      `# ${l.between.join('→')}: RTT ${l.configured.rttMs} → ${l.measured.rttMs.toFixed(2)} ms (probe ${l.measured.baseRttMs.toFixed(2)} taken off), ` +
        `${l.configured.mbps} → ${l.measured.mbps.toFixed(2)} Mbit/s, jitter ${l.measured.jitterMs.toFixed(2)}\n`,
    );
    assert.ok(Math.abs(l.rttError) <= 0.1, `RTT ${l.measured.rttMs} vs ${l.configured.rttMs}`);
    assert.ok(Math.abs(l.mbpsError) <= 0.1, `Mbit/s ${l.measured.mbps} vs ${l.configured.mbps}`);
  }
  for (const t of report.tiers) {
    process.stdout.write(`# ${backend} tier ${t.tier}: ratio error ${(t.ratioError * 100).toFixed(1)}%\n`);
    assert.ok(Math.abs(t.ratioError) <= 0.1, `tier ${t.tier} capacity ratio off by ${t.ratioError}`);
  }
  // Short bursts are reported, not held to a target: one row per tier and size, each a real measurement.
  assert.equal(report.bursts.length, plan.tiers.length * BURST_SIZES_MS.length);
  for (const b of report.bursts) {
    assert.ok(b.hostMs > 0 && b.wallMs > 0, JSON.stringify(b));
    assert.ok(b.idealMs >= b.hostMs, JSON.stringify(b));
  }
  assertClean(plan.runId);
}

function stderrUntil(child: ChildProcess, re: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stderr?.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = re.exec(buf);
      if (m) resolve(m);
    });
    child.once('exit', () => reject(new Error(`exited before ${re}: ${buf}`)));
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
}

/** Packets the DROP rule on `veth` in namespace `ns` has dropped so far. */
function droppedBy(ns: string, veth: string): number {
  const out = spawnSync('ip', ['netns', 'exec', ns, 'iptables', '-L', 'OUTPUT', '-v', '-x', '-n'], {
    encoding: 'utf8',
  }).stdout;
  const rule = out.split('\n').find((l) => l.includes('DROP') && l.includes(veth));
  return rule ? Number(rule.trim().split(/\s+/)[0]) : -1;
}

describe(
  'packet loss without netem',
  {
    skip:
      skipUnless('root', 'netns', 'cgroups', 'iptables') || (host.netem ? 'netem does the loss here' : false),
  },
  () => {
    it('drops the configured fraction of packets on each end of the link, in the kernel', async () => {
      const text = twoTiers(10, 50, 0.2);
      const plan = makeStagingPlan(parseInfra(text, 'loss.yaml'), host, newRunId());
      const link = plan.links[0]!;
      assert.deepEqual(link.drop, { kind: 'iptables', probability: 0.2 });
      const area = await getDriver('local').create(plan, { handleSignals: false });
      try {
        const [a, b] = link.ends!;
        const nsA = plan.tiers.find((t) => t.name === a.tier)!.namespace!;
        // 1,000 datagrams from a to b: each leaves through a's veth, where the rule sits.
        const send = `const s=require('dgram').createSocket('udp4');let n=0;const go=()=>{if(n++>=1000)return s.close();s.send('x',9,'${b.address}',go)};go();`;
        const r = spawnSync('ip', ['netns', 'exec', nsA, process.execPath, '-e', send], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        const dropped = droppedBy(nsA, a.veth);
        // Binomial(1000, 0.2): mean 200, sd 12.6; ±5 sd.
        assert.ok(dropped >= 137 && dropped <= 263, `dropped ${dropped} of 1000`);
      } finally {
        await area.destroy();
      }
      assertClean(plan.runId);
    });
  },
);

for (const backend of BACKENDS)
  describe(`staging area (${backend} backend)`, { skip: skipFor(backend) }, () => {
    it('emulates 10 ms / 50 Mbit/s within 10%', () => checkFidelity(backend, twoTiers(10, 50)));
    it('emulates 40 ms / 20 Mbit/s within 10%', () => checkFidelity(backend, twoTiers(40, 20)));
    it('emulates the testbed preset (dilated) within 10%', async () => {
      const plan = makeStagingPlan(loadInfra('testbed'), host, newRunId(), {
        gpuSubstitute: 'cpu',
        maxTierCores: 2,
      });
      assert.ok(plan.scaling.dilation > 1);
      const report = await runCheck(getDriver(backend), plan, MEASURE);
      for (const l of report.links) {
        process.stdout.write(
          `# ${backend} testbed ${l.between.join('→')}: RTT ${l.measured.rttMs.toFixed(2)} Mbit/s ${l.measured.mbps.toFixed(2)}\n`,
        );
        assert.ok(l.ok, `${l.between.join('–')}: RTT err ${l.rttError}, Mbit/s err ${l.mbpsError}`);
      }
      assert.ok(
        report.tiers.every((t) => t.ok),
        JSON.stringify(report.tiers),
      );
      assertClean(plan.runId);
    });

    it('cleans up after a stage process that fails', async () => {
      const plan = makeStagingPlan(parseInfra(twoTiers(10, 50), 't.yaml'), host, newRunId());
      const area = await getDriver(backend).create(plan, { handleSignals: false });
      const child = area.spawn('b', process.execPath, ['-e', 'process.exit(3)'], { stdio: 'ignore' });
      // node, not sleep: a container has only what the image holds.
      const sleeper = area.spawn('a', process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {
        stdio: 'ignore',
      });
      assert.equal((await exited(child)).code, 3);
      await area.address('a', 'b', 9);
      await area.destroy();
      assert.equal(sleeper.exitCode !== null || sleeper.signalCode !== null, true);
      assertClean(plan.runId);
    });

    it('cleans up when `couper staging check` gets SIGINT', async () => {
      const child = spawn(
        process.execPath,
        [COUPER, 'staging', 'check', '--infra', 'testbed', '--gpu-substitute', 'cpu', '--backend', backend],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      const [, id] = await stderrUntil(child, /couper-([a-z0-9]{4})[\s\S]*measuring RTT/);
      child.kill('SIGINT');
      const r = await exited(child);
      assert.equal(r.signal, 'SIGINT');
      assertClean(id!);
    });

    it('`couper staging clean` removes what a SIGKILLed check left', async () => {
      const child = spawn(
        process.execPath,
        [COUPER, 'staging', 'check', '--infra', 'testbed', '--gpu-substitute', 'cpu', '--backend', backend],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      const [, id] = await stderrUntil(child, /couper-([a-z0-9]{4})[\s\S]*measuring RTT/);
      // With podman, wait for the probes' containers to exist so that the kill leaves some.
      for (let i = 0; backend === 'podman' && i < 100; i++) {
        if (findLeftovers(true).containers.some((n) => n.startsWith(`couper-${id}-`))) break;
        await sleep(100);
      }
      child.kill('SIGKILL');
      await exited(child);
      assert.ok(
        findLeftovers(true).namespaces.some((n) => n.startsWith(`couper-${id}-`)),
        'SIGKILL left namespaces',
      );
      if (backend === 'podman')
        assert.ok(
          findLeftovers(true).containers.some((n) => n.startsWith(`couper-${id}-`)),
          'SIGKILL left containers',
        );
      const clean = spawnSync(process.execPath, [COUPER, 'staging', 'clean', '--json'], { encoding: 'utf8' });
      assert.equal(clean.status, 0, clean.stderr);
      assert.ok((JSON.parse(clean.stdout) as { runs: string[] }).runs.includes(id!));
      assertClean(id!);
    });
  });
