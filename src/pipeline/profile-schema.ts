/**
 * The schema of model profile files: the input's preprocessing with its
 * defaults (IMAGENET_INPUT), the output's post-processor and, for built-in
 * kinds, their options. schema/profile.schema.json is generated from the
 * same definitions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  always,
  checkPart,
  isRecord,
  jsonSchemaOf,
  mustBe,
  shapeError,
  show,
  typeError,
} from '../core/config-schema.js';
import type { InputProfile } from './profile.js';
import { BUILT_IN_POST_PROCESSORS, postProcessorOptions } from './postprocess/registry.js';

/** What a profile leaves out: torchvision's ImageNet preprocessing. */
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

export const DEFAULT_KIND = 'classification';

const d = IMAGENET_INPUT;
/** Larger frames than any camera gives, and more than a resize should be asked to allocate. */
const MAX_SIDE = 16384;
const FRACTION = /^\s*([\d.]+)\s*\/\s*([\d.]+)\s*$/;
const SCALE = 'a positive number or a fraction like "1/255"';
/** IMAGENET_INPUT.scale as a profile writes it. */
const SCALE_DEFAULT = '1/255';

const side = (axis: string) =>
  z
    .number()
    .int()
    .gt(0)
    .max(MAX_SIDE)
    .optional()
    .describe(`Input ${axis} in pixels; give width and height together, or neither to take the model's.`);

const triple = (element: z.ZodNumber, what: string) =>
  z.tuple([element, element, element], shapeError(`3 ${what}`));

/** A number, or a fraction written as a string ("1/255") since JSON has no exact 1/255. */
const scale = z
  .union([z.number().gt(0), z.string().regex(FRACTION, shapeError(SCALE))], shapeError(SCALE))
  .transform((value, ctx) => {
    const parts = typeof value === 'string' ? FRACTION.exec(value) : null;
    const n = parts ? Number(parts[1]) / Number(parts[2]) : Number(value);
    if (!(Number.isFinite(n) && n > 0))
      ctx.issues.push({ code: 'custom', input: value, message: mustBe(SCALE, value) });
    return n;
  });

const Input = z
  .strictObject(
    {
      name: z
        .string()
        .min(1)
        .nullable()
        .optional()
        .describe('The model input fed with frames; its first input if left out.'),
      layout: z.enum(['NCHW', 'NHWC']).default(d.layout).describe('Axis order of the input tensor.'),
      width: side('width'),
      height: side('height'),
      fit: z
        .enum(['fill', 'cover'])
        .default(d.fit)
        .describe('fill: stretch the frame to the input size; cover: scale to cover it and centre-crop.'),
      channelOrder: z
        .enum(['RGB', 'BGR'])
        .default(d.channelOrder)
        .describe('Channel order the model expects; mean and std follow it.'),
      scale: scale
        .default(d.scale)
        .describe('Pixel values (0–255) are multiplied by scale, then (v - mean[c]) / std[c].'),
      mean: triple(z.number(), 'numbers')
        .default([...d.mean])
        .describe('Per-channel mean subtracted after scaling.'),
      std: triple(z.number().gt(0), 'positive numbers')
        .default([...d.std])
        .describe('Per-channel standard deviation divided by after subtracting the mean.'),
      dtype: z.enum(['float32', 'uint8']).default(d.dtype).describe('Element type of the input tensor.'),
    },
    typeError('a mapping'),
  )
  .superRefine(sizeTogether, always)
  .describe(
    "How a camera frame becomes the model's input; left-out fields take torchvision's ImageNet values.",
  );

function sizeTogether(input: unknown, ctx: z.RefinementCtx): void {
  if (!isRecord(input)) return;
  for (const [given, missing] of [
    ['width', 'height'],
    ['height', 'width'],
  ] as const)
    if (input[given] !== undefined && input[missing] === undefined)
      ctx.addIssue({ code: 'custom', path: [missing], message: `missing (give width and height together)` });
}

const Output = z
  .strictObject(
    {
      kind: z
        .string()
        .min(1)
        .nullable()
        .optional()
        .describe(
          `A built-in post-processor (${BUILT_IN_POST_PROCESSORS.map((f) => f.kind).join(', ')}) or the path of a .js plug-in; ${DEFAULT_KIND} if left out.`,
        ),
      name: z
        .string()
        .min(1)
        .nullable()
        .optional()
        .describe('The model output to read; its first output if left out.'),
      labels: z
        .string()
        .min(1)
        .nullable()
        .optional()
        .describe("A labels file (one class name per line), relative to this profile's folder."),
      options: z
        .record(z.string(), z.unknown(), typeError('a mapping'))
        .optional()
        .describe(
          `For the post-processor (topK, threshold …); ${DEFAULT_KIND} takes { "topK": 5 } if left out.`,
        ),
    },
    typeError('a mapping'),
  )
  .superRefine(kindOptions, always)
  .describe("How the model's output becomes a result.");

/** The options of a built-in (or registered) kind, by that kind's schema; plug-in files check their own. */
function kindOptions(output: unknown, ctx: z.RefinementCtx): void {
  if (!isRecord(output)) return;
  const kind = output.kind ?? DEFAULT_KIND;
  const schema = typeof kind === 'string' ? postProcessorOptions(kind) : undefined;
  if (schema && (output.options === undefined || isRecord(output.options)))
    checkPart(schema, output.options ?? {}, ['options'], ctx);
}

export const ProfileFile = z.strictObject(
  {
    $schema: z.string().optional().describe('The JSON Schema this file follows, for editors; ignored.'),
    input: Input.prefault({}),
    output: Output.prefault({}),
  },
  typeError('a mapping with input and output'),
);

/** The file schema plus what only a file has: labels relative to its folder, which must exist. */
export function profileFileIn(baseDir: string): z.ZodType<z.output<typeof ProfileFile>> {
  return ProfileFile.superRefine((profile, ctx) => {
    const labels = isRecord(profile) && isRecord(profile.output) ? profile.output.labels : undefined;
    if (typeof labels !== 'string' || labels === '') return;
    const file = path.resolve(baseDir, labels);
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      const where = file === labels ? '' : ` (looked for ${file})`;
      ctx.addIssue({
        code: 'custom',
        path: ['output', 'labels'],
        message: `file ${show(labels)} does not exist${where}`,
      });
    }
  }, always);
}

/** schema/profile.schema.json: the file schema, with each built-in kind's options where output.kind names it. */
export function profileJsonSchema(): Record<string, unknown> {
  const schema = jsonSchemaOf(ProfileFile, {
    id: 'profile.schema.json',
    title: 'Couper model profile',
    description:
      "How camera frames become a model's input and its output a result, for `--profile FILE`. See docs/PIPELINE.md.",
  });
  const { input, output } = schema.properties as Record<string, JsonObject>;
  // zod leaves defaults off a field whose input is transformed (scale's fraction); say it as a profile would.
  (input!.properties as Record<string, JsonObject>).scale!.default = SCALE_DEFAULT;
  output!.allOf = BUILT_IN_POST_PROCESSORS.flatMap((f) => (f.options ? [kindRule(f.kind, f.options)] : []));
  return schema;
}

type JsonObject = Record<string, unknown>;

function kindRule(kind: string, options: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(options, { io: 'input', target: 'draft-07' });
  // A left-out kind is the default one: `properties` alone also matches an object without `kind`.
  const when = {
    properties: { kind: { const: kind } },
    ...(kind === DEFAULT_KIND ? {} : { required: ['kind'] }),
  };
  return { if: when, then: { properties: { options: rest } } };
}
