/**
 * A real evaluation folder for the report's tests: squeezenet1_1's
 * articulation candidates on mid-end, evaluated by the real loop with the
 * deterministic FakeProfiler, written by the evaluator's own writeResults
 * with the setup `couper evaluate` records. Fast (no pipeline) and shaped
 * exactly as the evaluator writes it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeDecision, type Decision } from '../../src/evaluate/decision.js';
import { flopsShare, type Evaluation } from '../../src/evaluate/evaluate.js';
import { inputSideOrder } from '../../src/evaluate/methods/method.js';
import { writeResults } from '../../src/evaluate/results.js';
import { candidateRows, operatorView, type EvaluationSetup } from '../../src/evaluate/setup.js';
import type { Constraints } from '../../src/evaluate/types.js';
import type { AnalysedModel } from '../../src/slice/candidates.js';
import { loadForCutting } from '../../src/slice/load.js';
import { fakeFor, runMethod, squeezenetFixture } from './evaluation.js';
import { ensureModel } from './models.js';

export interface WrittenEvaluation {
  readonly dir: string;
  readonly decision: Decision;
  readonly evaluation: Evaluation;
  readonly setup: EvaluationSetup;
}

let analysed: Promise<AnalysedModel> | undefined;

/** Write an evaluation by `method` into a new folder under `parent`, or into a temp folder of its own. */
export async function writeFixtureEvaluation(
  method: string,
  options: { parent?: string; name?: string; constraints?: Constraints; failing?: readonly string[] } = {},
): Promise<WrittenEvaluation> {
  const f = await squeezenetFixture();
  analysed ??= loadForCutting(ensureModel('squeezenet1_1')).then((l) => l.analysed);
  const constraints = options.constraints ?? {};
  const profiler = fakeFor(f, options.failing ? { failing: options.failing } : {});
  const evaluation = await runMethod(f, method, profiler, { constraints });
  const context = {
    model: ensureModel('squeezenet1_1'),
    infra: f.infra.name,
    method,
    objective: 'latency' as const,
  };
  const decision = makeDecision({ ...context, constraints, listed: f.candidates.length }, evaluation);
  const chosen = f.candidates.find((c) => c.id === decision.chosen?.key) ?? null;
  const setup: EvaluationSetup = {
    settings: { frames: 20, warmup: 2, fps: 24, minFrames: 5, algorithm: 'articulation' },
    infra: f.infra,
    staging: null,
    shareBasis: 'flops',
    candidates: candidateRows(inputSideOrder(f.candidates), flopsShare),
    operators: operatorView(await analysed, chosen),
  };
  // Without a parent, a temp folder of its own: removing `dir` leaves nothing behind.
  const dir = options.parent
    ? path.join(options.parent, options.name ?? method)
    : fs.mkdtempSync(path.join(os.tmpdir(), `couper-report-${method}-`));
  writeResults(dir, evaluation, decision, setup);
  return { dir, decision, evaluation, setup };
}
