/**
 * `couper evaluate`: stage the candidates a selection method picks and the
 * baselines, with the progress line on stderr, and print the decision.
 */
import { stderrLogger } from '../../core/log.js';
import { runJob, type EvaluationJob, type JobResult } from '../../evaluate/job.js';
import { stderrProgress } from '../render/progress.js';
import { flag, printJson, requiredString } from '../args.js';
import type { Command } from '../command.js';
import { EVALUATION_ABOUT, EVALUATION_OPTIONS, evaluationJob, renderDecision } from './evaluate-options.js';

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'stage the candidates a selection method picks and choose the best split',
  synopsis: ['--model MODEL --infra PRESET|FILE --out DIR [options]'],
  about: [
    'Stages the candidates the selection method (--method) picks, and the baselines, on the',
    'infrastructure, and chooses the split that best meets the objective.',
    '',
    EVALUATION_ABOUT,
  ].join('\n'),
  options: { model: { value: 'MODEL', help: 'the ONNX model' }, ...EVALUATION_OPTIONS },
  async run(options) {
    const job = evaluationJob(options, requiredString(options, 'model'));
    const result = await runWithProgress(job);
    if (flag(options, 'json')) printJson(result.decision);
    else process.stdout.write(renderDecision(result.decision, result.files));
  },
};

/** Run the job with the progress line on stderr; SIGINT stops it between runs, keeping the journal. */
export async function runWithProgress(job: EvaluationJob): Promise<JobResult> {
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await runJob(job, {
      log: stderrLogger,
      onProgress: stderrProgress(job.objective),
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (process.stderr.isTTY) process.stderr.write('\n');
  }
}
