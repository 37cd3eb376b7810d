/**
 * Kubernetes names for a bundle. Object names are DNS-1123 labels (lower-case
 * letters, digits and '-', at most 63 characters, starting and ending
 * alphanumeric); the bundle's name is derived from the model file's name so
 * `ResNet50_v1.5.onnx` gives `resnet50-v1-5`, leaving room for the longest
 * stage suffix ('-evaluator99' and the Service's own).
 */
import path from 'node:path';
import { ConfigError } from '../core/errors.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_LABEL = 63;
/** The bundle name plus '-' plus the longest stage name must stay a label. */
export const MAX_BUNDLE_NAME = MAX_LABEL - '-evaluator99'.length;

/** Whether Kubernetes takes `name` as an object name (DNS-1123 label). */
export function isDns1123Label(name: string): boolean {
  return name.length <= MAX_LABEL && DNS1123_LABEL.test(name);
}

/** A valid bundle name from a model file's name; a ConfigError when nothing usable is left. */
export function nameFromModel(file: string): string {
  const stem = path.basename(file).replace(/\.onnx$/i, '');
  const name = stem
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_BUNDLE_NAME)
    .replace(/^-+|-+$/g, '');
  if (name === '' || !/^[a-z0-9]/.test(name))
    throw new ConfigError(
      `model file name '${path.basename(file)}' gives no Kubernetes name (it needs a letter or digit); give one with --name`,
    );
  return name;
}

/** `name` as the user gave it (--name, --namespace), refused unless Kubernetes would take it. */
export function checkName(name: string, what: string, max = MAX_LABEL): string {
  if (name.length > max || !DNS1123_LABEL.test(name))
    throw new ConfigError(
      `${what} '${name}' is not a Kubernetes name: use lower-case letters, digits and '-', start and end with a letter or digit, at most ${max} characters`,
    );
  return name;
}

/** A tier's placement label value must be a label value too (same rule, '.' and '_' allowed). */
export function checkLabelValue(value: string, what: string): string {
  if (value.length > MAX_LABEL || !/^[a-z0-9A-Z]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/.test(value))
    throw new ConfigError(`${what} '${value}' is not a Kubernetes label value`);
  return value;
}

/** A label key (`couper.io/tier`): optional DNS prefix and '/', then a name of at most 63 characters. */
export function checkLabelKey(key: string, what: string): string {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const name = key.slice(slash + 1);
  const prefixOk = slash < 0 || (prefix.length <= 253 && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(prefix));
  if (!prefixOk || name.length > MAX_LABEL || !/^[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/.test(name))
    throw new ConfigError(`${what} '${key}' is not a Kubernetes label key (like couper.io/tier)`);
  return key;
}
