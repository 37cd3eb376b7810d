/**
 * `couper candidates MODEL`: list where a model can be cut, with each cut's
 * tensors, bytes, operators and FLOPs on each side (a table, or --json).
 */
import { stderrLogger } from '../../core/log.js';
import { DEFAULT_ALGORITHM, getAlgorithm, listAlgorithms } from '../../slice/algorithms/registry.js';
import { findCandidates, type Candidate } from '../../slice/candidates.js';
import { loadForCutting } from '../../slice/load.js';
import { flag, printJson, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { formatBytes, formatFlops, table } from '../format.js';
import { SHAPES_OPTION, shapeSource } from '../shapes-option.js';
import { INPUT_SHAPE_OPTION, inputShapesFrom, MAX_TENSORS_OPTION, maxTensorsFrom } from './model-options.js';

export const candidatesCommand: Command = {
  name: 'candidates',
  summary: 'list where a model can be cut',
  synopsis: ['MODEL [options]'],
  about: [
    'Lists the cuts that split the model in two, each with a stable id (a hash of its cut tensors), the',
    'cut tensors and their bytes, and the operators and FLOPs on each side. Shapes are inferred from the',
    'graph on --input-shape (see --shapes). A path given to --algorithm is loaded as an ES module',
    '(see the README, "Writing your own candidate algorithm").',
  ].join('\n'),
  options: {
    algorithm: {
      value: 'NAME|FILE',
      help: `how to find cuts: ${listAlgorithms()
        .map((a) => a.name)
        .join(', ')}, or an ES module`,
      default: DEFAULT_ALGORITHM,
    },
    'max-tensors': MAX_TENSORS_OPTION,
    'input-shape': INPUT_SHAPE_OPTION,
    ...SHAPES_OPTION,
    json: { help: 'print the candidates and timings as JSON' },
  },
  positionals: { min: 1, max: 1 },
  async run(options, [file]) {
    const algorithm = await getAlgorithm(stringOption(options, 'algorithm') ?? DEFAULT_ALGORITHM);
    const maxTensors = maxTensorsFrom(options);
    const inputShapes = inputShapesFrom(options);
    const { analysed, timing } = await loadForCutting(file!, { inputShapes, source: shapeSource(options) });
    const t0 = performance.now();
    const rejected: string[] = [];
    const candidates = await findCandidates(analysed, algorithm, maxTensors, rejected);
    const algorithmMs = performance.now() - t0;
    const report = {
      model: analysed.model.file,
      algorithm: algorithm.name,
      operators: analysed.mg.graph.ops.length,
      candidates,
      rejected: rejected.length,
      timing: {
        analysisMs: round(timing.graphMs + algorithmMs),
        algorithmMs: round(algorithmMs),
        readMs: round(timing.readMs),
        shapesMs: round(timing.shapesMs),
      },
    };
    if (rejected.length > 0) {
      stderrLogger.info(
        `${rejected.length} proposed cuts do not separate the model and were dropped (${rejected[0]})`,
      );
    }
    if (flag(options, 'json')) printJson(report);
    else
      process.stdout.write(render(report.model, algorithm.name, report.operators, candidates, report.timing));
  },
};

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function render(
  model: string,
  algorithm: string,
  operators: number,
  candidates: readonly Candidate[],
  timing: { analysisMs: number; shapesMs: number },
): string {
  const totalFlops = candidates[0] ? candidates[0].headFlops + candidates[0].tailFlops : 0;
  const rows = candidates.map((c) => [
    c.id,
    c.tensors.length === 1 ? c.tensors[0]!.name : `${c.tensors.length} tensors`,
    c.tensors.length === 1 ? c.tensors[0]!.shape.join('x') : '',
    formatBytes(c.bytes),
    `${c.headOps}/${c.tailOps}`,
    totalFlops > 0 ? `${((100 * c.headFlops) / totalFlops).toFixed(1)}%` : '-',
  ]);
  return [
    `${model}: ${operators} operators, ${candidates.length} candidates (${algorithm}), ${formatFlops(totalFlops)} in all`,
    '',
    table(['id', 'cut', 'shape', 'bytes', 'ops head/tail', 'FLOPs head'], rows),
    '',
    `analysis ${timing.analysisMs.toFixed(1)} ms, shapes ${timing.shapesMs.toFixed(1)} ms`,
    '',
  ].join('\n');
}
