/**
 * Writing an evaluation's results: results.json (every run with its
 * metrics, and what the evaluation was run on) and decision.json, beside the
 * journal in the --out folder. `couper report` rebuilds its page from these
 * two files alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeDir } from '../core/dirs.js';
import type { Decision } from './decision.js';
import type { Evaluation } from './evaluate.js';
import type { EvaluationSetup } from './setup.js';
import type { Objective, RunRecord } from './types.js';

export const RESULTS_FILE = 'results.json';
export const DECISION_FILE = 'decision.json';

export interface ResultsFile {
  readonly model: string;
  /** The infrastructure's name (setup.infra has all of it). */
  readonly infra: string;
  readonly method: string;
  readonly objective: Objective;
  /**
   * Baselines first, then candidate runs in the order they were staged; a
   * split the referee re-staged appears once, its runs pooled (`runs`), and
   * every figure carries its 95% interval.
   */
  readonly runs: readonly RunRecord[];
  /** The referee's re-stages, each as measured (`repeat` counts from 1). */
  readonly repeats?: readonly RunRecord[];
  /** Absent in files written before reports existed. */
  readonly setup?: EvaluationSetup;
}

export function writeResults(
  dir: string,
  ev: Evaluation,
  decision: Decision,
  setup?: EvaluationSetup,
): { results: string; decision: string } {
  makeDir(dir, '--out');
  const results = path.join(dir, RESULTS_FILE);
  const decisionFile = path.join(dir, DECISION_FILE);
  const body: ResultsFile = {
    model: decision.model,
    infra: decision.infra,
    method: decision.method,
    objective: decision.objective,
    runs: ev.settled,
    repeats: ev.repeats,
    ...(setup && { setup }),
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
