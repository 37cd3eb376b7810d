/**
 * `couper evaluate`: stage the candidates a selection method picks and the
 * baselines, with the progress line on stderr, print the decision and write
 * report.html beside it.
 */
import path from 'node:path';
import { describeError } from '../../core/errors.js';
import { stderrLogger } from '../../core/log.js';
import { PhaseTimes } from '../../core/phases.js';
import { runJob, type EvaluationJob, type JobResult } from '../../evaluate/job.js';
import { writeEvaluationReport } from '../../report/write.js';
import { renderPhases } from '../render/phases.js';
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
    const phases = new PhaseTimes();
    const result = await runWithProgress(job, phases);
    if (flag(options, 'json')) printJson(result.decision);
    else process.stdout.write(renderDecision(result.decision, result.files));
    if (flag(options, 'timings')) printPhases(phases);
  },
};

/**
 * Run the job with the progress line on stderr, then write its report.html;
 * SIGINT stops it between runs, keeping the journal.
 */
export async function runWithProgress(
  job: EvaluationJob,
  phases = new PhaseTimes(),
): Promise<JobResult & { files: JobResult['files'] & { report?: string } }> {
  const controller = new AbortController();
  // The reason is the signal's name: the exit status follows it (130 or 143).
  const onSignal = (signal: NodeJS.Signals): void => controller.abort(signal);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await runJob(job, {
      log: stderrLogger,
      onProgress: stderrProgress(job.objective),
      signal: controller.signal,
      phases,
    });
    const report = await phases.time('report.html', () => writeReportBeside(result.files.decision));
    return { ...result, files: { ...result.files, ...(report !== null && { report }) } };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (process.stderr.isTTY) process.stderr.write('\n');
  }
}

/** The `--timings` table on stderr; the whole is the time since the process started. */
export function printPhases(phases: PhaseTimes): void {
  process.stderr.write(`\nwhere the time went:\n${renderPhases(phases.rows(), performance.now())}\n`);
}

/**
 * report.html beside decision.json, from the files just written (the page
 * `couper report DIR` would rebuild). The decision is on disk by now: a page
 * that cannot be drawn is a warning, not the loss of a long evaluation's answer.
 */
async function writeReportBeside(decisionFile: string): Promise<string | null> {
  const dir = path.dirname(decisionFile);
  try {
    return (await writeEvaluationReport(dir)).file;
  } catch (err) {
    stderrLogger.warn(
      `report.html not written (${describeError(err)}); \`couper report ${dir}\` tries again`,
    );
    return null;
  }
}
