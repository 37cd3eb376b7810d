/** Test helper: a two-tier infrastructure as users write it (YAML), for the plan, check and staging tests. */
import { parseInfra, type Infra } from '../../src/staging/index.js';

export interface TierText {
  readonly name: string;
  readonly cpus: number;
  readonly ghz: number;
  readonly memoryGb: number;
}

export interface LinkText {
  readonly rttMs: number;
  readonly jitterMs: number;
  readonly mbps: number;
  readonly loss?: number;
}

export function twoTierYaml(a: TierText, b: TierText, link: LinkText): string {
  const tier = (t: TierText): string =>
    `  - { name: ${t.name}, cpus: ${t.cpus}, ghz: ${t.ghz}, memoryGb: ${t.memoryGb} }`;
  const loss = link.loss === undefined ? '' : `, loss: ${link.loss}`;
  return [
    'tiers:',
    tier(a),
    tier(b),
    'links:',
    `  - { between: [${a.name}, ${b.name}], rttMs: ${link.rttMs}, jitterMs: ${link.jitterMs}, mbps: ${link.mbps}${loss} }`,
    '',
  ].join('\n');
}

/** The same, parsed as the loader parses a file. */
export function twoTierInfra(a: TierText, b: TierText, link: LinkText, source = 'test.yaml'): Infra {
  return parseInfra(twoTierYaml(a, b, link), source);
}
