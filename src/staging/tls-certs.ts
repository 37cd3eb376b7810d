/**
 * `--tls` on a staging area: a throwaway CA and one certificate per tier,
 * written into the area's temp folder (removed with the area, and by
 * `staging clean` after a killed run). A tier's certificate names every
 * address a peer reaches it by (its link ends, loopback) and the tier's name,
 * and serves both ends of a hop, so every hop is mutual TLS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createAuthority, issueCertificate } from '../core/x509.js';
import type { TierTls } from './infra.js';
import type { StagingPlan } from './plan.js';

/** The tiers' TLS files: generated into `dir` for 'generated', the infrastructure's for 'files', none for 'off'. */
export function tierTlsFiles(plan: StagingPlan, dir: string): Readonly<Record<string, TierTls>> {
  if (plan.tls === 'off') return {};
  if (plan.tls === 'files')
    return Object.fromEntries(plan.tiers.flatMap((t) => (t.tls ? [[t.name, t.tls] as const] : [])));
  return writeTierCertificates(plan, dir);
}

function writeTierCertificates(plan: StagingPlan, dir: string): Record<string, TierTls> {
  // Private keys: readable by this user only (the stages run as this user, in namespaces or containers).
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = createAuthority(`couper ${plan.runId} CA`, 2);
  const caFile = path.join(dir, 'ca.crt');
  fs.writeFileSync(caFile, ca.certPem);
  const files: Record<string, TierTls> = {};
  for (const tier of plan.tiers) {
    const credentials = issueCertificate(ca, {
      commonName: tier.name,
      dnsNames: [tier.name, 'localhost'],
      ipAddresses: tierAddresses(plan, tier.name),
      days: 2,
    });
    const cert = path.join(dir, `${tier.name}.crt`);
    const key = path.join(dir, `${tier.name}.key`);
    fs.writeFileSync(cert, credentials.certPem);
    fs.writeFileSync(key, credentials.keyPem, { mode: 0o600 });
    files[tier.name] = { cert, key, ca: caFile };
  }
  return files;
}

/** Loopback (same-tier hops, user-space proxies) and the tier's end of every kernel link. */
export function tierAddresses(plan: StagingPlan, tier: string): string[] {
  const ends = plan.links.flatMap((l) => (l.ends ?? []).filter((e) => e.tier === tier).map((e) => e.address));
  return [...new Set(['127.0.0.1', '::1', ...ends])];
}
