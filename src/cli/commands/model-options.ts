/**
 * Options that the commands reading a model take the same way: the shapes of
 * its inputs and how many tensors a cut may cross.
 */
import { DEFAULT_MAX_TENSORS } from '../../slice/algorithm.js';
import { parseInputShapes } from '../../slice/inputs.js';
import { DEFAULT_PROVIDER, getProvider, providerNames } from '../../runtime/providers.js';
import { intOption, stringList, stringOption } from '../args.js';
import type { OptionDef, OptionValues } from '../command.js';

export const INPUT_SHAPE_OPTION: OptionDef = {
  value: 'NAME=1x3x224x224',
  help: "shape of a model input, in place of the model's own (whose dynamic dimensions become 1 and 224)",
  multiple: true,
};

export const MAX_TENSORS_OPTION: OptionDef = {
  value: 'K',
  help: 'the most tensors one cut may cross, for min-cut and plug-ins that honour it',
  default: String(DEFAULT_MAX_TENSORS),
};

export const EXECUTION_PROVIDER_OPTION: OptionDef = {
  value: 'NAME',
  help: `onnxruntime execution provider for the model's parts (${providerNames().join(', ')}); a tier's executionProvider overrides it`,
  default: DEFAULT_PROVIDER,
};

/** --execution-provider, a known name (whether this host has it is checked where a model is opened). */
export function executionProviderFrom(options: OptionValues): string {
  const name = stringOption(options, 'execution-provider') ?? DEFAULT_PROVIDER;
  return getProvider(name).name;
}

/** --input-shape NAME=DIMS, each input once. */
export function inputShapesFrom(options: OptionValues): Record<string, number[]> {
  return parseInputShapes(stringList(options, 'input-shape'));
}

export function maxTensorsFrom(options: OptionValues): number {
  return intOption(options, 'max-tensors', DEFAULT_MAX_TENSORS, 1, 64);
}
