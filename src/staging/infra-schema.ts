/**
 * The schema of infrastructure files: field types and bounds, then the
 * checks across fields (tier names unique, links joining known tiers once,
 * placement on known tiers). Every problem is reported at once with its path
 * (`infra.links[1].mbps: must be > 0, not 0`); schema/infra.schema.json is
 * generated from the same definitions.
 */
import path from 'node:path';
import { z } from 'zod';
import {
  always,
  isRecord,
  jsonSchemaOf,
  parseConfig,
  shapeError,
  show,
  typeError,
} from '../core/config-schema.js';
import type { Infra } from './infra.js';

/** Also part of namespace, cgroup and container names. */
const TIER_NAME = /^[a-z][a-z0-9_-]{0,15}$/;

// Bounds on values that parse but describe no machine or network we could
// emulate: a hostile or mistyped file stops here, not in a cgroup write.
const MAX_TIERS = 64;
const tierName = z.string(typeError('a tier name')).regex(TIER_NAME);

const pemPath = (what: string): z.ZodString =>
  z
    .string(typeError('a file path'))
    .min(1)
    .max(4096)
    .describe(`${what} (PEM), relative to the infrastructure file.`);

const TierTlsFiles = z
  .strictObject(
    {
      cert: pemPath("The tier's certificate"),
      key: pemPath("The certificate's private key"),
      ca: pemPath("The CA that signed every tier's certificate; peers without one it signed are refused"),
    },
    typeError('a mapping with cert, key and ca'),
  )
  .describe('Mutual TLS on every hop to and from this tier; give it on every tier or none.');

const Tier = z
  .strictObject(
    {
      name: tierName.describe('Lower-case tier name, also used in namespace and cgroup names.'),
      cpus: z.number().gt(0).max(4096).describe('Cores of the production machine.'),
      ghz: z.number().gt(0).max(10).describe('Clock of one production core in GHz.'),
      memoryGb: z.number().gt(0).max(65536).describe('Memory of the production machine in GB.'),
      accelerators: z
        .array(z.string().min(1).max(64), typeError('a list of names'))
        .max(64)
        .default([])
        .describe("Accelerators the production machine has ('P100', …); empty for CPU-only tiers."),
      tls: TierTlsFiles.optional(),
      executionProvider: z
        .string()
        .regex(/^[a-z][a-z0-9_-]{0,31}$/)
        .optional()
        .describe(
          "The onnxruntime execution provider this tier's evaluators run on (cpu, cuda, tensorrt, openvino, coreml, dml …); default: the run's --execution-provider.",
        ),
      profile: z
        .string()
        .min(1)
        .max(4096)
        .optional()
        .describe(
          "A device profile (couper profile) measured on this tier's machine, relative to this file: the tier's evaluators compute for real but take the profile's time for their part (docs/STAGING.md, paced tiers).",
        ),
    },
    typeError('a mapping with name, cpus, ghz and memoryGb'),
  )
  .describe('A machine: client device, edge server or cloud server.');

const Link = z
  .strictObject(
    {
      between: z
        .tuple([z.string(), z.string()], shapeError('two tier names'))
        .describe('The two tiers the link joins; links are symmetric.'),
      rttMs: z.number().min(0).max(60000).describe('Round-trip time in milliseconds.'),
      jitterMs: z
        .number()
        .min(0)
        .max(60000)
        .default(0)
        .describe('Standard deviation of the round-trip time in milliseconds.'),
      mbps: z.number().gt(0).max(1e6).describe('TCP payload throughput in Mbit/s (what iperf reports).'),
      loss: z.number().min(0).lt(1).default(0).describe('Fraction of packets each end drops, 0 ≤ loss < 1.'),
    },
    typeError('a mapping with between, rttMs and mbps'),
  )
  .describe('The network between two tiers.');

export const InfraFile = z
  .strictObject(
    {
      $schema: z.string().optional().describe('The JSON Schema this file follows, for editors; ignored.'),
      name: z
        .string()
        .min(1)
        .max(100)
        .optional()
        .describe('Shown in plans and reports; defaults to the file name.'),
      tiers: z
        .array(Tier, typeError('a list'))
        .min(1, 'must name at least one tier')
        .max(MAX_TIERS)
        .describe('The machines, each emulated with its CPU share and memory limit.'),
      links: z
        .array(Link, typeError('a list'))
        .describe('One link per pair of tiers that talk to each other.'),
      placement: z
        .record(z.string(), z.string(), typeError('a mapping stage: tier'))
        .optional()
        .describe('Stage name → tier name; stages not listed run where the orchestrator defaults them.'),
    },
    typeError('a mapping with tiers and links'),
  )
  .superRefine(crossChecks, always);

type Ctx = z.RefinementCtx;

/**
 * Duplicate tiers, links to unknown tiers or to themselves, duplicate links, placement on unknown
 * tiers, TLS on some tiers only.
 */
function crossChecks(doc: unknown, ctx: Ctx): void {
  if (!isRecord(doc)) return;
  const names = tierNames(doc.tiers, ctx);
  if (Array.isArray(doc.tiers)) checkTlsEverywhere(doc.tiers, ctx);
  if (Array.isArray(doc.links)) checkLinks(doc.links, names, ctx);
  if (isRecord(doc.placement)) {
    for (const [stage, tier] of Object.entries(doc.placement))
      if (typeof tier === 'string' && !names.has(tier))
        ctx.addIssue({ code: 'custom', path: ['placement', stage], message: `no tier named ${show(tier)}` });
  }
}

function tierNames(tiers: unknown, ctx: Ctx): Set<string> {
  const names = new Set<string>();
  if (!Array.isArray(tiers)) return names;
  tiers.forEach((t: unknown, i) => {
    const name = isRecord(t) ? t.name : undefined;
    if (typeof name !== 'string') return;
    if (names.has(name))
      ctx.addIssue({ code: 'custom', path: ['tiers', i, 'name'], message: `duplicate tier ${show(name)}` });
    names.add(name);
  });
  return names;
}

/** A hop's two ends both speak TLS or neither does, so TLS is on every tier or on none. */
function checkTlsEverywhere(tiers: readonly unknown[], ctx: Ctx): void {
  const has = tiers.map((t) => isRecord(t) && t.tls !== undefined);
  const first = has.indexOf(true);
  if (first < 0) return;
  has.forEach((on, i) => {
    if (!on)
      ctx.addIssue({
        code: 'custom',
        path: ['tiers', i, 'tls'],
        message: `missing: infra.tiers[${first}] has tls, and every hop needs it at both ends (give tls on every tier or none)`,
      });
  });
}

function checkLinks(links: readonly unknown[], names: ReadonlySet<string>, ctx: Ctx): void {
  const seen = new Map<string, number>();
  links.forEach((link: unknown, i) => {
    const between = isRecord(link) ? link.between : undefined;
    if (!Array.isArray(between) || between.length !== 2 || !between.every((t) => typeof t === 'string'))
      return;
    const [a, b] = between as [string, string];
    [a, b].forEach((t, j) => {
      if (!names.has(t))
        ctx.addIssue({
          code: 'custom',
          path: ['links', i, 'between', j],
          message: `no tier named ${show(t)}`,
        });
    });
    const at = ['links', i, 'between'];
    if (a === b) ctx.addIssue({ code: 'custom', path: at, message: `joins ${show(a)} to itself` });
    const key = [a, b].sort().join('|');
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else if (a !== b)
      ctx.addIssue({ code: 'custom', path: at, message: `same tiers as infra.links[${first}]` });
  });
}

/**
 * Check a parsed YAML document; throws one ConfigError listing every problem. The tiers' TLS
 * and profile paths are resolved against `baseDir` (the file's folder).
 */
export function validateInfra(
  doc: unknown,
  source: string,
  fallbackName: string,
  baseDir = process.cwd(),
): Infra {
  const infra = parseConfig(InfraFile, doc, { source, root: 'infra', what: 'the infrastructure' });
  return {
    name: infra.name ?? fallbackName,
    source,
    tiers: infra.tiers.map(({ tls, executionProvider, profile, ...tier }) => ({
      ...tier,
      ...(tls && {
        tls: {
          cert: path.resolve(baseDir, tls.cert),
          key: path.resolve(baseDir, tls.key),
          ca: path.resolve(baseDir, tls.ca),
        },
      }),
      ...(executionProvider !== undefined && { executionProvider }),
      ...(profile !== undefined && { profile: path.resolve(baseDir, profile) }),
    })),
    links: infra.links,
    placement: infra.placement ?? {},
  };
}

/** schema/infra.schema.json. */
export function infraJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(InfraFile, {
    id: 'infra.schema.json',
    title: 'Couper infrastructure',
    description:
      'Tiers (machines), the links between them and where each stage runs, for `couper staging` and `--infra FILE`. See docs/STAGING.md.',
  });
}
