/**
 * Read an infrastructure description: a built-in preset (assets/infra/NAME.yaml)
 * or a YAML file, checked by the schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseConfigText, readConfigText } from '../core/config-file.js';
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
  const infra = parseInfra(
    readText(spec),
    spec,
    path.basename(spec).replace(/\.ya?ml$/, ''),
    path.dirname(path.resolve(spec)),
  );
  checkTlsFiles(infra);
  return infra;
}

/** Every TLS file a tier names is a readable file, before anything is staged. */
function checkTlsFiles(infra: Infra): void {
  infra.tiers.forEach((tier, i) => {
    const files: ReadonlyArray<readonly [string, string]> = tier.tls ? Object.entries(tier.tls) : [];
    for (const [kind, file] of files) {
      try {
        fs.accessSync(file, fs.constants.R_OK);
        if (fs.statSync(file).isFile()) continue;
      } catch {
        // reported below
      }
      throw new ConfigError(
        `${infra.source}: infra.tiers[${i}].tls.${kind}: cannot read ${file}; give a readable PEM file (paths are relative to the infrastructure file)`,
      );
    }
  });
}

function readText(file: string): string {
  return readConfigText(file, 'infrastructure file');
}

/** Parse YAML text (core/config-file.ts bounds it); syntax errors are reported with their line like schema problems. */
export function parseInfra(text: string, source: string, fallbackName = 'infra', baseDir?: string): Infra {
  return validateInfra(parseConfigText(text, source), source, fallbackName, baseDir);
}
