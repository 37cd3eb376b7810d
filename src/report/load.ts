/**
 * Reading what a report is built from: one evaluation's results.json and
 * decision.json, or every evaluation in a folder's subfolders (a finished
 * `bench:methods` run). Each problem is one ConfigError line naming the
 * file; nothing past this file sees unchecked input.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { parseConfig } from '../core/config-schema.js';
import { ConfigError, describeError } from '../core/errors.js';
import { DECISION_FILE, RESULTS_FILE } from '../evaluate/results.js';
import { DecisionInput, ResultsInput, type DecisionData, type ResultsData } from './input-schema.js';

/** How deep below the folder given to look for evaluations (bench:methods nests two levels). */
const MAX_DEPTH = 3;
/** A results.json of a 10,000-candidate evaluation is a few MB; anything far past this is not ours. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

export interface LoadedEvaluation {
  readonly dir: string;
  readonly results: ResultsData;
  readonly decision: DecisionData;
}

export function loadEvaluation(dir: string): LoadedEvaluation {
  const results = readChecked(path.join(dir, RESULTS_FILE), ResultsInput, 'results');
  const decision = readChecked(path.join(dir, DECISION_FILE), DecisionInput, 'decision');
  for (const field of ['model', 'infra', 'method', 'objective'] as const) {
    if (results[field] !== decision[field])
      throw new ConfigError(
        `'${dir}': ${RESULTS_FILE} and ${DECISION_FILE} are for different evaluations (${field} ${JSON.stringify(results[field])} against ${JSON.stringify(decision[field])})`,
      );
  }
  const chosen = decision.chosen?.key;
  if (chosen !== undefined && !results.runs.some((r) => r.key === chosen))
    throw new ConfigError(
      `'${dir}': ${DECISION_FILE} chose '${chosen}', which ${RESULTS_FILE} has no run of`,
    );
  return { dir, results, decision };
}

/** The folder itself when it holds an evaluation, else every subfolder that does, sorted by path. */
export function findEvaluations(dir: string): string[] {
  if (!isDirectory(dir)) throw new ConfigError(`'${dir}' is not a folder`);
  if (fs.existsSync(path.join(dir, DECISION_FILE))) return [dir];
  const found: string[] = [];
  const walk = (at: string, depth: number): void => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const sub = path.join(at, entry.name);
      if (fs.existsSync(path.join(sub, DECISION_FILE))) found.push(sub);
      else if (depth < MAX_DEPTH) walk(sub, depth + 1);
    }
  };
  walk(dir, 1);
  if (found.length === 0)
    throw new ConfigError(
      `'${dir}' holds no evaluation: no ${DECISION_FILE} in it or its subfolders (run \`couper evaluate --out ${dir}\` first)`,
    );
  return found.sort();
}

function readChecked<T extends z.ZodType>(file: string, schema: T, what: string): z.output<T> {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_FILE_BYTES) throw new Error(`${size} bytes, more than an evaluation writes`);
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`'${file}' cannot be read: ${firstLine(describeError(err))}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`'${file}' is not JSON (${firstLine(describeError(err))})`);
  }
  try {
    return parseConfig(schema, value, { source: file, root: what, what: `the ${what}` });
  } catch (err) {
    // parseConfig lists every problem; a report names the first and the count, on one line.
    if (!(err instanceof ConfigError)) throw err;
    const [head, first] = err.message.split('\n');
    throw new ConfigError(`${head} (not an evaluation couper wrote?); first: ${first?.trim() ?? ''}`);
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}
