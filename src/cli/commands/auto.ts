/**
 * `couper auto MODEL`: list the candidates and evaluate them with hybrid in one
 * command; the options and the printed decision are evaluate's.
 */
import { flag, printJson } from '../args.js';
import type { Command } from '../command.js';
import { PhaseTimes } from '../../core/phases.js';
import { printPhases, runWithProgress } from './evaluate.js';
import { EVALUATION_ABOUT, EVALUATION_OPTIONS, evaluationJob, renderDecision } from './evaluate-options.js';

export const autoCommand: Command = {
  name: 'auto',
  summary: 'candidates → evaluate (hybrid) → decision, in one go',
  synopsis: ['MODEL --infra PRESET|FILE --out DIR [options]'],
  about: [
    'Lists the candidates (articulation, or min-cut when articulation finds fewer than 3), evaluates',
    'them with the hybrid method unless --method says otherwise, and prints the decision.',
    '',
    EVALUATION_ABOUT,
  ].join('\n'),
  options: EVALUATION_OPTIONS,
  positionals: { min: 1, max: 1 },
  async run(options, [model]) {
    const phases = new PhaseTimes();
    const result = await runWithProgress(evaluationJob(options, model!), phases);
    if (flag(options, 'json')) printJson({ algorithm: result.algorithm, decision: result.decision });
    else
      process.stdout.write(
        `candidates by ${result.algorithm}\n${renderDecision(result.decision, result.files)}`,
      );
    if (flag(options, 'timings')) printPhases(phases);
  },
};
