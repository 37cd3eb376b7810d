/**
 * The classifier stage: the last slice's outputs become a result, through
 * the post-processor the profile names (top-k labels by default).
 */
import fs from 'node:fs';
import { ConfigError } from '../core/errors.js';
import type { TensorMap } from '../runtime/runtime.js';
import type { OutputProfile } from './profile.js';
import type { Summary } from './postprocess/postprocessor.js';
import { getPostProcessor } from './postprocess/registry.js';

export type { Prediction } from './postprocess/classification.js';
export { topK, softmax, isProbability } from './postprocess/classification.js';

export interface Classifier {
  readonly kind: string;
  classify(outputs: TensorMap): Promise<Summary>;
}

/** One label per line; blank trailing lines are ignored, blank lines inside are kept as ''. */
export function readLabels(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`labels file '${file}' cannot be read`);
  }
  const labels = text.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  if (labels.length === 1 && labels[0] === '') throw new ConfigError(`labels file '${file}' is empty`);
  return labels.map((l) => l.trim());
}

export async function createClassifier(output: OutputProfile): Promise<Classifier> {
  const labels = output.labels === null ? null : readLabels(output.labels);
  const processor = await getPostProcessor(output.kind, {
    output: output.name,
    labels,
    options: output.options,
  });
  return {
    kind: processor.kind,
    classify: async (outputs) => processor.process(outputs),
  };
}
