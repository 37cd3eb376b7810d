/**
 * Read an infrastructure description: a built-in preset (assets/infra/NAME.yaml)
 * or a YAML file, checked by the schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { packageRoot } from '../core/assets.js';
import type { Infra } from './infra.js';
import { validateInfra } from './infra-schema.js';

export const PRESETS = ['testbed', 'low-end', 'mid-end', 'high-end', 'super-high-end'] as const;

export function presetFile(name: string): string {
  return path.join(packageRoot(), 'assets', 'infra', `${name}.yaml`);
}

/** `--infra mid-end` or `--infra path/to/infra.yaml`. */
export function loadInfra(spec: string): Infra {
  if ((PRESETS as readonly string[]).includes(spec))
    return parseInfra(readText(presetFile(spec)), `preset ${spec}`, spec, path.dirname(presetFile(spec)));
  if (!fs.existsSync(spec))
    throw new ConfigError(`infrastructure '${spec}' is neither a preset (${PRESETS.join(', ')}) nor a file`);
  const name = path.basename(spec).replace(/\.ya?ml$/, '');
  return parseInfra(readText(spec), spec, name, path.dirname(path.resolve(spec)));
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read infrastructure file '${file}': ${(err as Error).message}`);
  }
}

/**
 * Parse YAML text; YAML syntax errors are reported with their line like
 * schema problems. Tier profile paths are relative to `baseDir` (the file's folder).
 */
export function parseInfra(
  text: string,
  source: string,
  fallbackName = 'infra',
  baseDir = process.cwd(),
): Infra {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => `line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`);
    throw new ConfigError(`${source}: not valid YAML\n  ${lines.join('\n  ')}`);
  }
  return validateInfra(doc.toJS(), source, fallbackName, baseDir);
}
