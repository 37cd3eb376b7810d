/**
 * Post-processors by kind: the built-ins, any registered in code, and
 * plug-ins loaded from a file path (see plugin.ts for the module contract).
 */
import { Registry, type RegistrySpec } from '../../core/registry.js';
import { classification } from './classification.js';
import { detectionMap } from './detection-map.js';
import { POST_PROCESSOR_PLUGINS } from './plugin.js';
import type { PostProcessConfig, PostProcessor, PostProcessorFactory } from './postprocessor.js';
import { segmentation } from './segmentation.js';

/** Fixed, unlike what is registered: the published profile schema describes these. */
export const BUILT_IN_POST_PROCESSORS: readonly PostProcessorFactory[] = [
  classification,
  segmentation,
  detectionMap,
];

export const POST_PROCESSORS: RegistrySpec<PostProcessorFactory> = {
  noun: 'post-processor',
  nameOf: (f) => f.kind,
  problem: (f) => (typeof f.create === 'function' ? undefined : 'has no create function'),
  plugin: POST_PROCESSOR_PLUGINS,
};

const postProcessors = new Registry(POST_PROCESSORS, BUILT_IN_POST_PROCESSORS);

/** A post-processor for a built-in or registered kind, or from a plug-in module by path. */
export async function getPostProcessor(
  kindOrPath: string,
  config: PostProcessConfig,
): Promise<PostProcessor> {
  return (await postProcessors.resolve(kindOrPath)).create(config);
}

/** The options schema of a built-in or registered kind; undefined for plug-in files and kinds without one. */
export function postProcessorOptions(kind: string): PostProcessorFactory['options'] {
  return postProcessors.get(kind)?.options;
}

export function listPostProcessors(): { kind: string; description: string }[] {
  return postProcessors.values().map(({ kind, description }) => ({ kind, description }));
}

/** Make a post-processor available by kind (the registry policy: core/registry.ts). */
export function registerPostProcessor(factory: PostProcessorFactory): void {
  postProcessors.register(factory);
}

/**
 * What a built-in or registered kind expects when an output of this shape
 * cannot be what it reads; null when it can, or when the kind (a plug-in)
 * cannot say before a frame.
 */
export function postProcessorMismatch(kind: string, shape: readonly (number | null)[]): string | null {
  return postProcessors.get(kind)?.expects?.(shape) ?? null;
}
