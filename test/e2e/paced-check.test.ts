/**
 * `couper staging check --model M` for real (root and `ip` needed): a model
 * profiled here by `couper profile`, a what-if derived ×3 from it, and a
 * staging area whose edge is paced by the measured profile and whose cloud
 * (linked to the edge only) by the what-if. The check must report, per paced
 * tier, the evaluator's service time against the profile's time for the whole
 * model, say which profile was synthetic, and leave nothing behind.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { probeHost } from '../../src/staging/index.js';
import type { PacedCheck } from '../../src/run/pacing-check.js';
import { assertNoLeftovers } from '../helpers/leftovers.js';
import { ensureModel, repoRoot } from '../helpers/models.js';
import { skipUnless } from '../helpers/needs.js';

const COUPER = path.join(repoRoot(), 'bin', 'couper.js');
const FRAMES = 15;

function couper(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [COUPER, ...args], { encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The profile's time for the whole model: the sum of its operators (what a paced evaluator holds for). */
function operatorSum(file: string): number {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as { operators: { ms: number }[] };
  return p.operators.reduce((a, o) => a + o.ms, 0);
}

function infraYaml(ghz: string): string {
  return [
    'tiers:',
    `  - { name: client, cpus: 1, ghz: ${ghz}, memoryGb: 2 }`,
    `  - { name: edge, cpus: 1, ghz: ${ghz}, memoryGb: 2, profile: ./host.json }`,
    `  - { name: cloud, cpus: 1, ghz: ${ghz}, memoryGb: 4, profile: ./x3.json }`,
    'links:',
    '  - { between: [client, edge], rttMs: 2, mbps: 1000 }',
    '  - { between: [edge, cloud], rttMs: 2, mbps: 1000 }',
    '',
  ].join('\n');
}

describe('staging check --model', { skip: skipUnless('root', 'netns', 'cgroups') }, () => {
  it('reports each paced tier’s service time against its profile, measured and synthetic', (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-paced-check-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const model = ensureModel('squeezenet1_1');
    const host = path.join(dir, 'host.json');
    const x3 = path.join(dir, 'x3.json');
    const made = couper(['profile', model, '--out', host, '--check', '0', '--min-runs', '20']);
    assert.equal(made.status, 0, made.stderr);
    const derived = couper([
      'profile',
      '--derive',
      host,
      '--speedup',
      '3',
      '--label',
      'cloud ×3',
      '--out',
      x3,
    ]);
    assert.equal(derived.status, 0, derived.stderr);
    const infra = path.join(dir, 'infra.yaml');
    fs.writeFileSync(infra, infraYaml(probeHost().ghz.toFixed(2)));

    const r = couper([
      'staging',
      'check',
      '--infra',
      infra,
      '--model',
      model,
      '--json',
      '--pings',
      '5',
      '--bulk-seconds',
      '0.3',
      '--cpu-seconds',
      '0.5',
      '--frames',
      String(FRAMES),
    ]);
    assert.notEqual(r.stdout, '', `no JSON on stdout (exit ${r.status}): ${r.stderr}`);
    const out = JSON.parse(r.stdout) as {
      plan: { runId: string };
      report: { ok: boolean };
      paced?: PacedCheck[];
    };
    const paced = out.paced ?? [];
    for (const c of paced)
      process.stdout.write(
        `# ${c.tier}: service ${c.measuredMs.toFixed(2)} ms against ${c.profileMs.toFixed(2)} ms ` +
          `(${(c.error * 100).toFixed(1)}% off, host ${c.hostMs.toFixed(2)} ms, ×${c.dilation.toFixed(2)}, ${c.frames} frames; ` +
          `${JSON.stringify(c.pacing)})\n`,
      );
    // A missed target (links and tiers on a loaded host, or a paced tier) is exit 1, one line.
    const missed = !out.report.ok || paced.some((c) => c.ok === false);
    assert.equal(r.status, missed ? 1 : 0, r.stderr);
    if (missed) assert.match(r.stderr, /^couper: .*missed its (10% fidelity|5% service-time) target$/m);

    assert.deepEqual(
      paced.map((c) => [c.tier, c.profile]),
      [
        ['edge', host],
        ['cloud', x3],
      ],
    );
    const [edge, cloud] = paced as [PacedCheck, PacedCheck];
    assert.match(edge.label, /^measured on /);
    assert.match(cloud.label, /^synthetic: 'cloud ×3', ×3 of a profile measured on /);
    // The paced time is the profile's sum of operators; the what-if's is a third of the host's.
    assert.ok(Math.abs(edge.profileMs - operatorSum(host)) < 1e-6, `${edge.profileMs}`);
    assert.ok(Math.abs(cloud.profileMs - edge.profileMs / 3) < 1e-6, `${cloud.profileMs}`);
    for (const c of paced) {
      assert.ok(c.frames >= FRAMES / 2 && c.frames <= FRAMES, `${c.tier}: ${c.frames} frames`);
      assert.ok(c.hostMs > 0, `${c.tier}: host ${c.hostMs} ms`);
      // Dilated at least until this host, with its 10% margin, keeps up with the profile.
      assert.ok(
        c.dilation >= Math.max(1, (c.hostMs * 1.1) / c.profileMs) - 1e-9,
        `${c.tier}: ×${c.dilation}`,
      );
      // A held result never leaves before its time: a tier left unpaced, or paced in
      // undilated time, comes in under it. The other side (a host that lags behind a
      // dilation set before the run, as a loaded one does) is what the 5% target judges.
      assert.ok(c.measuredMs >= c.profileMs * 0.98, `${c.tier}: ${c.measuredMs} < ${c.profileMs}`);
      assert.ok(Math.abs(c.error - Math.abs(c.measuredMs - c.profileMs) / c.profileMs) < 1e-9);
      assert.equal(c.ok, c.profileMs < 2 ? null : c.error <= 0.05);
      // The evaluator's own compute came back with its frames: how many ran past the profile's time.
      const lag = c.pacing?.lags.find((l) => l.stage === 'evaluator0');
      assert.ok(lag, `${c.tier}: no lag figures in ${JSON.stringify(c.pacing)}`);
      assert.equal(lag.frames, c.frames);
      assert.ok(lag.lagged >= 0 && lag.lagged <= lag.frames && lag.ratio > 0, JSON.stringify(lag));
      // A run that lagged on more than a tenth of its frames was staged again, more dilated.
      if (c.pacing?.restagedFrom != null)
        assert.ok(c.dilation > c.pacing.restagedFrom, `${c.tier}: ×${c.dilation}`);
    }
    assertNoLeftovers(out.plan.runId);
  });
});
