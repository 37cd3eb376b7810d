/**
 * The schema check for infrastructure files: walks the parsed YAML once and
 * collects every problem with its path (`infra.links[1].mbps: must be > 0`),
 * so that a user fixes a file in one go.
 */
import { ConfigError } from '../core/errors.js';
import type { Infra, Link, Tier } from './infra.js';

const TIER_NAME = /^[a-z][a-z0-9_-]{0,15}$/;

type Obj = Record<string, unknown>;

class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v);
  // A whole wrong file can arrive here: quote enough to recognise it.
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function unknownKeys(o: Obj, allowed: readonly string[], path: string, p: Problems): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) p.add(`${path}.${k}`, 'unknown field');
}

/** A number field; `min`/`exclusive` bound it below, `max` above. */
function num(o: Obj, key: string, path: string, p: Problems, opts: NumOpts): number {
  const v = o[key] ?? opts.fallback;
  const at = `${path}.${key}`;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    p.add(at, `must be a number, not ${show(o[key])}`);
    return NaN;
  }
  if (opts.above !== undefined && !(v > opts.above)) p.add(at, `must be > ${opts.above}, not ${v}`);
  if (opts.atLeast !== undefined && v < opts.atLeast) p.add(at, `must be >= ${opts.atLeast}, not ${v}`);
  if (opts.below !== undefined && !(v < opts.below)) p.add(at, `must be < ${opts.below}, not ${v}`);
  return v;
}

interface NumOpts {
  readonly above?: number;
  readonly atLeast?: number;
  readonly below?: number;
  readonly fallback?: number;
}

function tier(v: unknown, path: string, p: Problems): Tier | undefined {
  if (!isObj(v)) return void p.add(path, `must be a mapping, not ${show(v)}`);
  unknownKeys(v, ['name', 'cpus', 'ghz', 'memoryGb', 'accelerators'], path, p);
  const name = v.name;
  if (typeof name !== 'string' || !TIER_NAME.test(name))
    p.add(`${path}.name`, `must match ${TIER_NAME.source}, not ${show(name)}`);
  const cpus = num(v, 'cpus', path, p, { above: 0 });
  const ghz = num(v, 'ghz', path, p, { above: 0 });
  const memoryGb = num(v, 'memoryGb', path, p, { above: 0 });
  const acc = v.accelerators ?? [];
  let accelerators: string[] = [];
  if (!Array.isArray(acc) || !acc.every((a) => typeof a === 'string' && a !== ''))
    p.add(`${path}.accelerators`, `must be a list of names, not ${show(acc)}`);
  else accelerators = acc as string[];
  return { name: String(name), cpus, ghz, memoryGb, accelerators };
}

function link(v: unknown, path: string, tiers: ReadonlySet<string>, p: Problems): Link | undefined {
  if (!isObj(v)) return void p.add(path, `must be a mapping, not ${show(v)}`);
  unknownKeys(v, ['between', 'rttMs', 'jitterMs', 'mbps', 'loss'], path, p);
  const b = v.between;
  let between: [string, string] = ['', ''];
  if (!Array.isArray(b) || b.length !== 2 || !b.every((t) => typeof t === 'string'))
    p.add(`${path}.between`, `must be two tier names, not ${show(b)}`);
  else {
    between = [String(b[0]), String(b[1])];
    between.forEach((t, i) => {
      if (!tiers.has(t)) p.add(`${path}.between[${i}]`, `no tier named '${t}'`);
    });
    if (between[0] === between[1]) p.add(`${path}.between`, `joins '${between[0]}' to itself`);
  }
  const rttMs = num(v, 'rttMs', path, p, { atLeast: 0 });
  const jitterMs = num(v, 'jitterMs', path, p, { atLeast: 0, fallback: 0 });
  const mbps = num(v, 'mbps', path, p, { above: 0 });
  const loss = num(v, 'loss', path, p, { atLeast: 0, below: 1, fallback: 0 });
  return { between, rttMs, jitterMs, mbps, loss };
}

function list(o: Obj, key: string, p: Problems): unknown[] {
  const v = o[key];
  if (Array.isArray(v)) return v;
  p.add(`infra.${key}`, `must be a list, not ${show(v)}`);
  return [];
}

function checkLinks(links: readonly Link[], p: Problems): void {
  const seen = new Map<string, number>();
  links.forEach((l, i) => {
    const key = [...l.between].sort().join('|');
    const first = seen.get(key);
    if (first !== undefined && l.between[0] !== '')
      p.add(`infra.links[${i}].between`, `same tiers as infra.links[${first}]`);
    else seen.set(key, i);
  });
}

function placementOf(v: unknown, tiers: ReadonlySet<string>, p: Problems): Record<string, string> {
  if (v === undefined) return {};
  if (!isObj(v)) return (void p.add('infra.placement', `must be a mapping stage: tier, not ${show(v)}`), {});
  const out: Record<string, string> = {};
  for (const [stage, t] of Object.entries(v)) {
    if (typeof t !== 'string' || !tiers.has(t)) p.add(`infra.placement.${stage}`, `no tier named ${show(t)}`);
    else out[stage] = t;
  }
  return out;
}

/** Check a parsed YAML document; throws one ConfigError listing every problem. */
export function validateInfra(doc: unknown, source: string, fallbackName: string): Infra {
  const p = new Problems();
  const o: Obj = isObj(doc) ? doc : {};
  if (!isObj(doc)) p.add('infra', `must be a mapping with tiers and links, not ${show(doc)}`);
  else unknownKeys(o, ['name', 'tiers', 'links', 'placement'], 'infra', p);
  if (o.name !== undefined && typeof o.name !== 'string')
    p.add('infra.name', `must be a string, not ${show(o.name)}`);
  const tiers = list(o, 'tiers', p).map((t, i) => tier(t, `infra.tiers[${i}]`, p));
  const names = new Set<string>();
  tiers.forEach((t, i) => {
    if (t && names.has(t.name)) p.add(`infra.tiers[${i}].name`, `duplicate tier '${t.name}'`);
    if (t) names.add(t.name);
  });
  if (isObj(doc) && tiers.length === 0) p.add('infra.tiers', 'must name at least one tier');
  const links = list(o, 'links', p).map((l, i) => link(l, `infra.links[${i}]`, names, p));
  const okLinks = links.filter((l): l is Link => l !== undefined);
  checkLinks(okLinks, p);
  const placement = placementOf(o.placement, names, p);
  if (p.list.length > 0) {
    const n = p.list.length;
    throw new ConfigError(
      `${source}: ${n} problem${n > 1 ? 's' : ''} in the infrastructure\n  ${p.list.join('\n  ')}`,
    );
  }
  return {
    name: typeof o.name === 'string' ? o.name : fallbackName,
    source,
    tiers: tiers.filter((t): t is Tier => t !== undefined),
    links: okLinks,
    placement,
  };
}
