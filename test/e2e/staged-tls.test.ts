/**
 * TLS on a staged run (root and `ip` needed): `couper run --infra … --tls`
 * runs every hop over mutual TLS with generated certificates and leaves
 * nothing behind (the certificates go with the area's temp folder); with the
 * infrastructure's own tier files, a tier whose certificate another CA signed
 * is refused by its peers, so the run fails naming the stage that could not
 * reach it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAuthority, issueCertificate } from '../../src/core/x509.js';
import { prepareRun } from '../../src/run/prepare.js';
import { applyRun } from '../../src/run/run.js';
import { stagedSite } from '../../src/run/sites/staged.js';
import { loadInfra, makeStagingPlan, newRunId, probeHost } from '../../src/staging/index.js';
import { assertNoLeftovers } from '../helpers/leftovers.js';
import { ensureModel, repoRoot } from '../helpers/models.js';
import { skipUnless } from '../helpers/needs.js';
import { runSettings } from '../helpers/run-settings.js';

const COUPER = path.join(repoRoot(), 'bin', 'couper.js');
const SPLIT = 'c2177880'; // an articulation candidate of squeezenet1_1
const TIERS = ['client', 'edge', 'cloud'] as const;

function infraText(tls: boolean): string {
  const tier = (name: string): string =>
    `  - { name: ${name}, cpus: 1, ghz: 0.5, memoryGb: 1${tls ? `, tls: { cert: ${name}.crt, key: ${name}.key, ca: ca.crt }` : ''} }`;
  return [
    'name: tiny-tls',
    'tiers:',
    ...TIERS.map(tier),
    'links:',
    '  - { between: [client, edge], rttMs: 4, mbps: 200 }',
    '  - { between: [edge, cloud], rttMs: 4, mbps: 200 }',
    '  - { between: [client, cloud], rttMs: 4, mbps: 200 }',
    '',
  ].join('\n');
}

describe('TLS on every hop of a staged run', { skip: skipUnless('root', 'netns', 'cgroups') }, () => {
  let model = '';
  let dir = '';
  before(() => {
    model = ensureModel('squeezenet1_1');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-staged-tls-test-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('`couper run --tls` serves every frame over mutual TLS and leaves nothing behind', () => {
    const infra = path.join(dir, 'plain.yaml');
    fs.writeFileSync(infra, infraText(false));
    const args = [COUPER, 'run', '--model', model, '--split', SPLIT, '--infra', infra, '--tls'];
    const opts = ['--synthetic', '--camera-size', '160x120', '--fps', '4', '--frames', '8', '--warmup', '2'];
    const r = spawnSync(process.execPath, [...args, ...opts, '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { summary: { framesProduced: number; framesProcessed: number } };
    assert.equal(out.summary.framesProduced, 8);
    assert.ok(out.summary.framesProcessed > 0, 'no frame came back over TLS');
    const id = /couper-([a-z0-9]{4})/.exec(r.stderr)?.[1];
    assert.ok(id, r.stderr);
    assertNoLeftovers(id);
  });

  it("a tier whose certificate the tiers' CA did not sign is refused by its peer", async () => {
    const infraFile = path.join(dir, 'files.yaml');
    fs.writeFileSync(infraFile, infraText(true));
    // The plan first (it names the tiers' addresses), with placeholders where the files will be.
    for (const f of ['ca.crt', ...TIERS.flatMap((n) => [`${n}.crt`, `${n}.key`])])
      fs.writeFileSync(path.join(dir, f), '');
    const plan = makeStagingPlan(loadInfra(infraFile), probeHost(), newRunId());
    const ca = createAuthority('site CA');
    const stranger = createAuthority('stranger CA');
    fs.writeFileSync(path.join(dir, 'ca.crt'), ca.certPem);
    for (const name of TIERS) {
      const ends = plan.links.flatMap((l) =>
        (l.ends ?? []).filter((e) => e.tier === name).map((e) => e.address),
      );
      // The cloud trusts the site's CA, but its own certificate comes from elsewhere.
      const credentials = issueCertificate(name === 'cloud' ? stranger : ca, {
        commonName: name,
        dnsNames: [name, 'localhost'],
        ipAddresses: ['127.0.0.1', ...ends],
      });
      fs.writeFileSync(path.join(dir, `${name}.crt`), credentials.certPem);
      fs.writeFileSync(path.join(dir, `${name}.key`), credentials.keyPem);
    }
    assert.equal(plan.tls, 'files');
    const prepared = await prepareRun({
      model,
      split: [SPLIT],
      source: { kind: 'synthetic', width: 160, height: 120 },
      settings: runSettings({
        fps: 4,
        frames: 4,
        staged: { tiers: plan.tiers.map((t) => t.name), placement: plan.placement },
      }),
    });
    await assert.rejects(
      applyRun(prepared, { site: () => stagedSite(plan, prepared.plan) }),
      (err: Error) => {
        // Both hops that reach the cloud are refused (edge → cloud, and the cloud's classifier back
        // to the client's sink); whichever gives up first names itself.
        assert.match(err.message, /(evaluator0|classifier): next stage at \S+ did not answer/);
        return true;
      },
    );
    assertNoLeftovers(plan.runId);
  });
});
