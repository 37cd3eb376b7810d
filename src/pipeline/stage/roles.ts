/**
 * What each receiving stage computes: the transformer resizes and normalises
 * a camera frame, an evaluator runs one part of the model, the classifier
 * turns the model's outputs into a small result for the camera.
 */
import { ConfigError, RuntimeError } from '../../core/errors.js';
import { getRuntime } from '../../runtime/registry.js';
import type { Session, TensorMap } from '../../runtime/runtime.js';
import { createClassifier } from '../classifier.js';
import type { StageConfig } from '../messages.js';
import { createTransformer } from '../transformer.js';
import type { Compute } from './relay-stage.js';
import { RESULT_TENSOR } from './camera-stage.js';

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

function transformerRole(spec: NonNullable<StageConfig['transformer']>): Role {
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

async function evaluatorRole(spec: NonNullable<StageConfig['evaluator']>): Promise<Role> {
  const session: Session = await getRuntime().open(spec.file, {
    intraOpThreads: spec.threads,
    interOpThreads: 1,
    executionProvider: spec.executionProvider,
  });
  return {
    async compute(tensors) {
      const feeds: TensorMap = {};
      for (const name of spec.inputs) {
        const tensor = tensors[name];
        if (!tensor) throw new RuntimeError(`evaluator: input '${name}' is missing from the request`);
        feeds[name] = tensor;
      }
      return session.run(feeds, spec.outputs);
    },
    close: () => session.release(),
  };
}

async function classifierRole(spec: NonNullable<StageConfig['classifier']>): Promise<Role> {
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
