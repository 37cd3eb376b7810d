/**
 * Post-processors as plug-ins: what the one loader (core/plugins.ts) makes of
 * a module's export, a function `(outputs, config) => summary`, or an object
 * with `process(outputs, config)` or `create(config)` (which returns an
 * object with `process`). A throw, or a summary that is not an object,
 * becomes one PluginError line naming the file.
 */
import { describeValue, hasFunction, type PluginFile, type PluginKind } from '../../core/plugins.js';
import type { TensorMap } from '../../runtime/runtime.js';
import type { PostProcessConfig, PostProcessor, PostProcessorFactory, Summary } from './postprocessor.js';

type Process = (outputs: TensorMap, config: PostProcessConfig) => unknown;

export const POST_PROCESSOR_PLUGINS: PluginKind<PostProcessorFactory> = {
  expected: 'a function (outputs, config) => result, or an object with process or create',
  accept(value, file) {
    const factory = (create: PostProcessorFactory['create']): PostProcessorFactory => ({
      kind: file.basename,
      description: `plug-in ${file.file}`,
      create,
    });
    if (typeof value === 'function') {
      const process = file.guard(value as Process, undefined);
      return factory((config) => processor(process, config, file));
    }
    if (hasFunction(value, 'process')) {
      const process = file.guard(value.process, value);
      return factory((config) => processor(process, config, file));
    }
    if (hasFunction(value, 'create')) {
      const create = file.guard(value.create, value, 'create()');
      return factory(async (config) => {
        const made = await create(config);
        if (!hasFunction(made, 'process'))
          throw file.error(`create() returned ${describeValue(made)}, not an object with process`);
        return processor(file.guard(made.process, made), config, file);
      });
    }
    return undefined;
  },
};

function processor(process: Process, config: PostProcessConfig, file: PluginFile): PostProcessor {
  return {
    kind: file.basename,
    async process(outputs) {
      const summary = await process(outputs, config);
      if (typeof summary !== 'object' || summary === null || Array.isArray(summary))
        throw file.error(`returned ${describeValue(summary)}; expected an object`);
      // A plain object, as checked: JSON-able is the plug-in's promise (it goes into results as it is).
      return summary as Summary;
    },
  };
}
