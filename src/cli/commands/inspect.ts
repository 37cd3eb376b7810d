/**
 * `couper inspect MODEL`: a model's inputs, outputs, operators and weights.
 */
import { readModel } from '../../onnx/model-file.js';
import { buildModelGraph } from '../../slice/model-graph.js';
import { summarise, type ModelSummary, type ValueSummary } from '../../slice/summary.js';
import { flag, printJson } from '../args.js';
import type { Command } from '../command.js';
import { formatBytes } from '../format.js';

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'summarise a model: inputs, outputs, operators, weights',
  synopsis: ['MODEL [--json]'],
  about:
    'Prints the inputs, outputs, operators (compute operators vs constants) and weights of a model, and\nwhere the weights live.',
  options: { json: { help: 'print the summary as JSON' } },
  positionals: { min: 1, max: 1 },
  run(options, [file]) {
    const model = readModel(file!);
    const summary = summarise(model, buildModelGraph(model.proto));
    if (flag(options, 'json')) printJson(summary);
    else process.stdout.write(render(summary));
  },
};

function render(s: ModelSummary): string {
  const value = (v: ValueSummary): string => `  ${v.name}: ${v.dtype}[${v.shape.join(', ')}]`;
  const types = Object.entries(s.opTypes)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  return [
    `model      ${s.file}`,
    `format     IR ${s.irVersion}, opsets ${s.opsets.map((o) => `${o.domain} ${o.version}`).join(', ')}${s.producer ? `, from ${s.producer}` : ''}`,
    `inputs`,
    ...s.inputs.map(value),
    `outputs`,
    ...s.outputs.map(value),
    `nodes      ${s.nodes} (${s.operators} compute operators, ${s.constantNodes} constant, ${s.controlFlowNodes} control flow)`,
    `operators  ${types}`,
    `weights    ${s.weights.tensors} tensors, ${formatBytes(s.weights.inlineBytes)} inline, ${formatBytes(s.weights.externalBytes)} external${s.externalFiles.length ? ` (${s.externalFiles.join(', ')})` : ''}`,
    '',
  ].join('\n');
}
