/**
 * `couper auto MODEL`: list the candidates and evaluate them with hybrid in one
 * command; the options and the printed decision are evaluate's.
 */
import path from 'node:path';
import { publish } from '../../publish/publish.js';
import { stderrLogger } from '../../core/log.js';
import { checkOut } from '../../publish/write.js';
import { buildBundle } from '../../publish/build.js';
import { packageRoot } from '../../core/assets.js';
import { UsageError } from '../../core/errors.js';
import { flag, printJson, requiredString, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { PhaseTimes } from '../../core/phases.js';
import { printPhases, runWithProgress } from './evaluate.js';
import { EVALUATION_ABOUT, EVALUATION_OPTIONS, evaluationJob, renderDecision } from './evaluate-options.js';
import {
  BUILD_OPTIONS,
  BUNDLE_OPTIONS,
  buildWanted,
  publishRequest,
  renderBuilt,
  renderPublished,
} from './publish.js';

export const autoCommand: Command = {
  name: 'auto',
  summary: 'candidates → evaluate (hybrid) → decision, in one go',
  synopsis: ['MODEL --infra PRESET|FILE --out DIR [options]'],
  about: [
    'Lists the candidates (articulation, or min-cut when articulation finds fewer than 3), evaluates',
    'them with the hybrid method unless --method says otherwise, and prints the decision.',
    '',
    EVALUATION_ABOUT,
    '',
    'With --publish BUNDLE, then publishes the chosen split from its decision.json as `couper publish`',
    'does (the bundle options apply).',
  ].join('\n'),
  options: {
    ...EVALUATION_OPTIONS,
    publish: { value: 'BUNDLE', help: 'publish the chosen split into this folder (see couper publish)' },
    ...BUNDLE_OPTIONS,
    ...BUILD_OPTIONS,
  },
  positionals: { min: 1, max: 1 },
  async run(options, [model]) {
    const bundle = stringOption(options, 'publish');
    // Refused now, not after a long evaluation: the bundle options and the out folder.
    const decision = path.join(requiredString(options, 'out'), 'decision.json');
    const request =
      bundle === undefined ? null : publishRequest(options, { kind: 'decision', file: decision }, bundle);
    if (bundle !== undefined) checkOut(bundle);
    const build = buildWanted(options);
    if (build && bundle === undefined) throw new UsageError('--build goes with --publish BUNDLE');
    const phases = new PhaseTimes();
    const result = await runWithProgress(evaluationJob(options, model!), phases);
    const published = request && (await publish(request, stderrLogger));
    const built =
      published &&
      build &&
      buildBundle(published.dir, published.plan, packageRoot(), { ...build, log: stderrLogger });
    if (flag(options, 'json'))
      printJson({
        algorithm: result.algorithm,
        decision: result.decision,
        ...(published && { published }),
        ...(built && { built }),
      });
    else
      process.stdout.write(
        `candidates by ${result.algorithm}\n${renderDecision(result.decision, result.files)}${published ? renderPublished(published.dir, published.plan) : ''}${built ? renderBuilt(built) : ''}`,
      );
    if (flag(options, 'timings')) printPhases(phases);
  },
};
