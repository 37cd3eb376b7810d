/**
 * What each receiving stage computes: the transformer resizes and normalises
 * a camera frame, an evaluator runs one part of the model, the classifier
 * turns the model's outputs into a small result for the camera. Each role
 * imports what it needs when it is created (sharp, onnxruntime, the
 * post-processors): a stage process has one role and loads only its modules.
 */
import { ConfigError } from '../../core/errors.js';
import { RESULT_TENSOR, type StageConfig } from '../messages.js';
import type { Compute } from './relay-stage.js';

export interface Role {
  readonly compute: Compute;
  close(): Promise<void>;
}

export async function createRole(config: StageConfig): Promise<Role> {
  if (config.transformer) return transformerRole(config.transformer);
  if (config.evaluator) return evaluatorRole(config.evaluator);
  if (config.classifier) return classifierRole(config.classifier);
  throw new ConfigError(`stage '${config.name}' (${config.role}) has nothing to compute`);
}

async function transformerRole(spec: NonNullable<StageConfig['transformer']>): Promise<Role> {
  const { createTransformer } = await import('../transformer.js');
  const transformer = createTransformer(spec.profile.input, { width: spec.width, height: spec.height });
  return {
    async compute(tensors) {
      const frame = tensors.frame;
      if (frame?.dtype !== 'uint8' || frame.shape.length !== 3)
        throw new ConfigError('transformer: request has no frame tensor (uint8, height × width × 3)');
      const [height, width] = frame.shape as [number, number, number];
      const data = Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength);
      return { [spec.inputName]: await transformer.transform({ width, height, data }) };
    },
    close: () => Promise.resolve(),
  };
}

/** The part behind a model endpoint, the one `couper serve` answers with: its inputs are checked first. */
async function evaluatorRole(spec: NonNullable<StageConfig['evaluator']>): Promise<Role> {
  const { openModelEndpoint } = await import('../serve/model-endpoint.js');
  const endpoint = await openModelEndpoint(spec.file, {
    threads: spec.threads,
    executionProvider: spec.executionProvider,
  });
  return {
    compute: (tensors) => endpoint.infer(tensors, spec.outputs),
    close: () => endpoint.close(),
  };
}

async function classifierRole(spec: NonNullable<StageConfig['classifier']>): Promise<Role> {
  const { createClassifier } = await import('../classifier.js');
  const classifier = await createClassifier(spec.profile.output);
  return {
    async compute(tensors) {
      const summary = await classifier.classify(tensors);
      const text = JSON.stringify(summary);
      return { [RESULT_TENSOR]: { dtype: 'string', shape: [1], data: [text] } };
    },
    close: () => Promise.resolve(),
  };
}
