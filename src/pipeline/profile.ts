/**
 * A model profile: how a camera frame becomes the model's input (size,
 * layout, channel order, normalisation) and how its output becomes a result
 * (post-processor kind and options). Profiles are JSON or YAML files,
 * checked once here by the schema in profile-schema.ts, every problem
 * reported by path; the stages after this trust a ModelProfile.
 */
import fs from 'node:fs';
import path from 'node:path';
import { assetPath } from '../core/assets.js';
import { parseConfigText, readConfigText } from '../core/config-file.js';
import { parseConfig } from '../core/config-schema.js';
import { ConfigError } from '../core/errors.js';
import type { InputSpec } from '../runtime/runtime.js';
import { DEFAULT_KIND, IMAGENET_INPUT, profileFileIn } from './profile-schema.js';

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

export { IMAGENET_INPUT } from './profile-schema.js';

/** The default: an ImageNet classifier (torchvision preprocessing), top-5 labels. */
export const DEFAULT_PROFILE: ModelProfile = {
  input: IMAGENET_INPUT,
  output: {
    kind: DEFAULT_KIND,
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
  if (!bundled && !fs.existsSync(file))
    throw new ConfigError(
      `profile '${nameOrFile}' is neither a readable file nor a bundled profile (${BUNDLED_PROFILES.join(', ')})`,
    );
  const source = bundled ? `profile ${nameOrFile}` : file;
  const text = readConfigText(file, 'profile');
  const value = parseConfigText(text, source, /\.ya?ml$/i.test(file) ? 'yaml' : 'json');
  return parseProfile(value, path.dirname(path.resolve(file)), source);
}

/**
 * Check a parsed profile (`source` names it in the error); relative label
 * paths are resolved against `baseDir`.
 */
export function parseProfile(value: unknown, baseDir: string, source: string): ModelProfile {
  const { input, output } = parseConfig(profileFileIn(baseDir), value, {
    source,
    root: 'profile',
    what: 'the profile',
  });
  const kind = output.kind ?? DEFAULT_KIND;
  const { width, height } = input;
  // The schema refuses one without the other.
  const size =
    width !== undefined && height !== undefined ? { width, height } : { width: null, height: null };
  return {
    input: { ...input, name: input.name ?? null, ...size },
    output: {
      kind,
      name: output.name ?? null,
      labels: output.labels ? path.resolve(baseDir, output.labels) : null,
      options: output.options ?? (kind === DEFAULT_KIND ? DEFAULT_PROFILE.output.options : {}),
    },
  };
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
