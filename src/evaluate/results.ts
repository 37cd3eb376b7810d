/**
 * Writing an evaluation's results: results.json (every run with its
 * metrics) and decision.json, beside the journal in the --out folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeDir } from '../core/dirs.js';
import type { Decision } from './decision.js';
import type { Evaluation } from './evaluate.js';

export const RESULTS_FILE = 'results.json';
export const DECISION_FILE = 'decision.json';

export function writeResults(
  dir: string,
  ev: Evaluation,
  decision: Decision,
): { results: string; decision: string } {
  makeDir(dir, '--out');
  const results = path.join(dir, RESULTS_FILE);
  const decisionFile = path.join(dir, DECISION_FILE);
  const body = {
    model: decision.model,
    infra: decision.infra,
    method: decision.method,
    objective: decision.objective,
    runs: [...ev.baselines, ...ev.runs],
  };
  writeAtomically(results, body);
  writeAtomically(decisionFile, decision);
  return { results, decision: decisionFile };
}

/** Write then rename, so an interrupted write never leaves half a JSON file. */
function writeAtomically(file: string, value: unknown): void {
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  fs.renameSync(tmp, file);
}
