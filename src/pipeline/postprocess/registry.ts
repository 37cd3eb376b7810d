/**
 * Post-processors by kind: the built-ins, any registered in code, and
 * plug-ins loaded from a file path (see plugin.ts for the module contract).
 */
import { ConfigError, PluginError } from '../../core/errors.js';
import { classification } from './classification.js';
import { detectionMap } from './detection-map.js';
import { loadPostProcessorPlugin, looksLikePath } from './plugin.js';
import type { PostProcessConfig, PostProcessor, PostProcessorFactory } from './postprocessor.js';
import { segmentation } from './segmentation.js';

/** Fixed, unlike what is registered: the published profile schema describes these. */
export const BUILT_IN_POST_PROCESSORS: readonly PostProcessorFactory[] = [
  classification,
  segmentation,
  detectionMap,
];

const registered = new Map<string, PostProcessorFactory>(
  BUILT_IN_POST_PROCESSORS.map((f) => [f.kind, f] as const),
);

/** A post-processor for a built-in or registered kind, or from a plug-in module by path. */
export async function getPostProcessor(
  kindOrPath: string,
  config: PostProcessConfig,
): Promise<PostProcessor> {
  const factory = registered.get(kindOrPath);
  if (factory) return factory.create(config);
  if (looksLikePath(kindOrPath)) return loadPostProcessorPlugin(kindOrPath, config);
  throw new ConfigError(
    `unknown post-processor '${kindOrPath}' (known: ${[...registered.keys()].join(', ')}; or a path to a .js plug-in)`,
  );
}

/** The options schema of a built-in or registered kind; undefined for plug-in files and kinds without one. */
export function postProcessorOptions(kind: string): PostProcessorFactory['options'] {
  return registered.get(kind)?.options;
}

export function listPostProcessors(): { kind: string; description: string }[] {
  return [...registered.values()].map(({ kind, description }) => ({ kind, description }));
}

/** Make a post-processor available by kind; kinds must be unique and must not look like paths. */
export function registerPostProcessor(factory: PostProcessorFactory): void {
  if (registered.has(factory.kind))
    throw new PluginError(`post-processor '${factory.kind}' is already registered`);
  if (factory.kind === '' || looksLikePath(factory.kind)) {
    throw new PluginError(
      `post-processor kind '${factory.kind}' is not usable (empty or looks like a file path)`,
    );
  }
  registered.set(factory.kind, factory);
}
