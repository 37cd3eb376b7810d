/**
 * A model profile: how a camera frame becomes the model's input (size,
 * layout, channel order, normalisation) and how its output becomes a result
 * (post-processor kind and options). Profiles are JSON or YAML files,
 * checked once here with every problem reported by path; the stages after
 * this trust a ModelProfile.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ConfigError, describeError } from '../core/errors.js';
import type { InputSpec } from '../runtime/runtime.js';
import { assetPath } from '../core/assets.js';

export type Layout = 'NCHW' | 'NHWC';
export type ChannelOrder = 'RGB' | 'BGR';
export type InputDType = 'float32' | 'uint8';
/** How a frame is fitted to the input size: stretched, or scaled to cover it and centre-cropped. */
export type Fit = 'fill' | 'cover';
export type Triple = readonly [number, number, number];

export interface InputProfile {
  /** The model input fed with the frame; null means its first input. */
  readonly name: string | null;
  readonly layout: Layout;
  /** Null: taken from the model's input shape (resolveInputSize). */
  readonly width: number | null;
  readonly height: number | null;
  readonly fit: Fit;
  /** Order of the channels the model expects; mean and std are in this order too. */
  readonly channelOrder: ChannelOrder;
  /** Pixel values (0–255) are multiplied by scale, then (v - mean[c]) / std[c]. */
  readonly scale: number;
  readonly mean: Triple;
  readonly std: Triple;
  readonly dtype: InputDType;
}

export interface OutputProfile {
  /** A built-in post-processor (classification, segmentation, detection-map) or a path to a .js plug-in. */
  readonly kind: string;
  /** The model output to read; null means its first output. */
  readonly name: string | null;
  /** Absolute path of a labels file (one per line), or null. */
  readonly labels: string | null;
  /** Passed to the post-processor as they are (topK, threshold …). */
  readonly options: Readonly<Record<string, unknown>>;
}

export interface ModelProfile {
  readonly input: InputProfile;
  readonly output: OutputProfile;
}

export const IMAGENET_INPUT: InputProfile = {
  name: null,
  layout: 'NCHW',
  // From the model (224x224 for torchvision's classifiers, 299x299 for Inception v3).
  width: null,
  height: null,
  fit: 'fill',
  channelOrder: 'RGB',
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  dtype: 'float32',
};

/** The default: an ImageNet classifier (torchvision preprocessing), top-5 labels. */
export const DEFAULT_PROFILE: ModelProfile = {
  input: IMAGENET_INPUT,
  output: {
    kind: 'classification',
    name: null,
    labels: assetPath('imagenet-labels.txt'),
    options: { topK: 5 },
  },
};

/** Profiles shipped in assets/profiles/, by name. */
export const BUNDLED_PROFILES = ['imagenet', 'paddleocr-det', 'deeplabv3-voc'] as const;

/** A bundled profile by name, or a profile file by path. */
export function loadProfile(nameOrFile: string): ModelProfile {
  const bundled = (BUNDLED_PROFILES as readonly string[]).includes(nameOrFile);
  const file = bundled ? assetPath('profiles', `${nameOrFile}.json`) : nameOrFile;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(
      `profile '${nameOrFile}' is neither a readable file nor a bundled profile (${BUNDLED_PROFILES.join(', ')})`,
    );
  }
  let value: unknown;
  try {
    value = /\.ya?ml$/i.test(file) ? YAML.parse(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError(
      `profile '${file}' is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${describeError(err).split('\n')[0]}`,
    );
  }
  return parseProfile(value, path.dirname(path.resolve(file)));
}

/** Check a parsed profile; relative label paths are resolved against `baseDir`. */
export function parseProfile(value: unknown, baseDir: string): ModelProfile {
  const problems: string[] = [];
  const root = record(value, 'profile', problems) ?? {};
  const input = parseInput(record(root.input ?? {}, 'profile.input', problems) ?? {}, problems);
  const output = parseOutput(record(root.output ?? {}, 'profile.output', problems) ?? {}, baseDir, problems);
  for (const key of Object.keys(root))
    if (key !== 'input' && key !== 'output') problems.push(`profile.${key}: unknown key`);
  if (problems.length > 0) throw new ConfigError(problems.join('; '));
  return { input, output };
}

type Fields = Record<string, unknown>;

function parseInput(raw: Fields, problems: string[]): InputProfile {
  const at = (key: string): string => `profile.input.${key}`;
  const d = IMAGENET_INPUT;
  const known = ['name', 'layout', 'width', 'height', 'fit', 'channelOrder', 'scale', 'mean', 'std', 'dtype'];
  for (const key of Object.keys(raw)) if (!known.includes(key)) problems.push(`${at(key)}: unknown key`);
  const hasSize = raw.width !== undefined || raw.height !== undefined;
  const input: InputProfile = {
    name: optionalString(raw.name, at('name'), problems),
    layout: oneOf(raw.layout ?? d.layout, ['NCHW', 'NHWC'] as const, at('layout'), problems) ?? d.layout,
    width: hasSize ? positiveInt(raw.width, at('width'), problems) : null,
    height: hasSize ? positiveInt(raw.height, at('height'), problems) : null,
    fit: oneOf(raw.fit ?? d.fit, ['fill', 'cover'] as const, at('fit'), problems) ?? d.fit,
    channelOrder:
      oneOf(raw.channelOrder ?? d.channelOrder, ['RGB', 'BGR'] as const, at('channelOrder'), problems) ??
      d.channelOrder,
    scale: scale(raw.scale ?? d.scale, at('scale'), problems),
    mean: triple(raw.mean ?? d.mean, at('mean'), problems, false),
    std: triple(raw.std ?? d.std, at('std'), problems, true),
    dtype: oneOf(raw.dtype ?? d.dtype, ['float32', 'uint8'] as const, at('dtype'), problems) ?? d.dtype,
  };
  return input;
}

function parseOutput(raw: Fields, baseDir: string, problems: string[]): OutputProfile {
  const d = DEFAULT_PROFILE.output;
  const known = ['kind', 'name', 'labels', 'options'];
  for (const key of Object.keys(raw))
    if (!known.includes(key)) problems.push(`profile.output.${key}: unknown key`);
  const kind = optionalString(raw.kind, 'profile.output.kind', problems) ?? d.kind;
  const labels = optionalString(raw.labels, 'profile.output.labels', problems);
  const options =
    raw.options === undefined
      ? kind === d.kind
        ? d.options
        : {}
      : record(raw.options, 'profile.output.options', problems);
  if (labels !== null && !fs.existsSync(path.resolve(baseDir, labels))) {
    problems.push(`profile.output.labels: file '${labels}' does not exist`);
  }
  return {
    kind,
    name: optionalString(raw.name, 'profile.output.name', problems),
    labels: labels === null ? null : path.resolve(baseDir, labels),
    options: options ?? {},
  };
}

function record(value: unknown, where: string, problems: string[]): Fields | null {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Fields;
  problems.push(`${where}: expected an object`);
  return null;
}

function optionalString(value: unknown, where: string, problems: string[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && value !== '') return value;
  problems.push(`${where}: expected a non-empty string, got ${JSON.stringify(value)}`);
  return null;
}

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  where: string,
  problems: string[],
): T | null {
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  problems.push(`${where}: expected ${allowed.join(' or ')}, got ${JSON.stringify(value)}`);
  return null;
}

function positiveInt(value: unknown, where: string, problems: string[]): number | null {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  problems.push(
    `${where}: expected a positive integer (give width and height together), got ${JSON.stringify(value)}`,
  );
  return null;
}

/** A number, or a fraction written as a string ("1/255") since JSON has no exact 1/255. */
function scale(value: unknown, where: string, problems: string[]): number {
  const fraction = typeof value === 'string' ? /^\s*([\d.]+)\s*\/\s*([\d.]+)\s*$/.exec(value) : null;
  const n = fraction ? Number(fraction[1]) / Number(fraction[2]) : value;
  if (typeof n === 'number' && Number.isFinite(n) && n > 0) return n;
  problems.push(
    `${where}: expected a positive number or a fraction like "1/255", got ${JSON.stringify(value)}`,
  );
  return 1;
}

function triple(value: unknown, where: string, problems: string[], positive: boolean): Triple {
  const ok =
    Array.isArray(value) &&
    value.length === 3 &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v) && (!positive || v > 0));
  if (ok) return [value[0] as number, value[1] as number, value[2] as number];
  problems.push(`${where}: expected 3 ${positive ? 'positive ' : ''}numbers, got ${JSON.stringify(value)}`);
  return [0, 0, 0];
}

/**
 * The input size to resize to: the profile's, or the model's own where its
 * input shape is static. A profile size that contradicts a static shape is an error.
 */
export function resolveInputSize(
  input: InputProfile,
  spec: InputSpec | null,
): { width: number; height: number } {
  const [hAxis, wAxis] = input.layout === 'NCHW' ? [2, 3] : [1, 2];
  const dim = (axis: number): number | null => {
    const d = spec?.shape?.[axis];
    return typeof d === 'number' && d > 0 ? d : null;
  };
  const model = { width: dim(wAxis), height: dim(hAxis) };
  const name = spec?.name ?? 'input';
  for (const key of ['width', 'height'] as const) {
    const given = input[key];
    const fixed = model[key];
    if (given !== null && fixed !== null && given !== fixed) {
      throw new ConfigError(`profile.input.${key}: ${given} but model input '${name}' has ${key} ${fixed}`);
    }
  }
  const width = model.width ?? input.width;
  const height = model.height ?? input.height;
  if (width === null || height === null) {
    throw new ConfigError(
      `profile.input.width: model input '${name}' has a dynamic size; give width and height`,
    );
  }
  return { width, height };
}
