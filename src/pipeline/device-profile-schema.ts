/**
 * The schema of device profiles (`couper profile --out`): what one model
 * costs on one machine, per operator and per candidate, with where and how
 * it was measured. Profiles are read back on other machines (paced tiers,
 * the predictive method), so every field is checked and bounded here, each
 * problem reported with its path; schema/device-profile.schema.json is
 * generated from the same definitions.
 */
import { z } from 'zod';
import { jsonSchemaOf, typeError } from '../core/config-schema.js';

export const DEVICE_PROFILE_FORMAT = 'couper-device-profile/1';

// Far above any real model (the largest zoo models have ~10⁴ operators) yet
// small enough that a hostile file cannot make us hold millions of entries.
const MAX_OPERATORS = 200_000;
const MAX_CANDIDATES = 10_000;
const ms = z.number().min(0).max(3.6e6);
const text = (max: number): z.ZodString => z.string().max(max);

const Input = z.strictObject({
  name: text(1000),
  dtype: text(32),
  shape: z.array(z.number().int().min(0).max(1e9)).max(64),
});

const Provenance = z
  .strictObject({
    cpu: text(200).describe('CPU model, as the OS names it.'),
    cores: z.number().int().min(1).max(100_000).describe('Logical cores of the machine.'),
    threads: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .describe('onnxruntime intra-op threads (0: its own choice).'),
    executionProvider: text(32).describe('The onnxruntime execution provider the model ran on.'),
    device: text(200).describe('The device that computed: the CPU model, or the accelerator.'),
    onnxruntime: text(64).describe('onnxruntime version.'),
    node: text(64).describe('Node.js version.'),
    platform: text(64).describe('OS and architecture.'),
    date: z.iso.datetime().describe('When it was measured (UTC).'),
    couper: text(64).describe('Couper version that measured it.'),
  })
  .describe('Where and how the profile was measured.');

const Latency = z.strictObject({
  medianMs: ms.describe('Median latency of the whole model, one run.'),
  p10Ms: ms,
  p90Ms: ms,
  runs: z.number().int().min(1).max(1e6).describe('Timed runs after the warm-up.'),
  warmup: z.number().int().min(0).max(1e6),
});

const Operator = z.strictObject({
  name: text(1000).describe('The ONNX node name.'),
  opType: text(200),
  ms: ms.describe("This operator's share of the median latency (kernel time scaled to the whole model's)."),
  kernelMs: ms.describe("Mean kernel time in onnxruntime's profiler (graph optimisation off)."),
});

const CandidateTimes = z.strictObject({
  id: text(64),
  tensors: z.array(text(1000)).min(1).max(64),
  headMs: ms,
  tailMs: ms,
});

const Sample = z.strictObject({
  id: text(64),
  predictedHeadMs: ms,
  measuredHeadMs: ms,
  predictedTailMs: ms,
  measuredTailMs: ms,
});

const Check = z
  .strictObject({
    samples: z.array(Sample).max(1000),
    meanAbsErrorPct: z.number().min(0).max(1e6).nullable(),
    maxAbsErrorPct: z.number().min(0).max(1e6).nullable(),
  })
  .describe(
    'Head and tail times summed from operators, against running those parts on a sample of candidates.',
  );

const Synthetic = z
  .strictObject({
    speedup: z.number().gt(0).max(1e6).describe('Every time of the source divided by this.'),
    label: text(200).min(1).describe('What the what-if stands for (say "P100 guess").'),
    source: z.strictObject({
      file: text(4096),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      provenance: Provenance,
    }),
  })
  .describe(
    'Present on a what-if derived from a measured profile (couper profile --derive): not a measurement.',
  );

export const DeviceProfileFile = z
  .strictObject(
    {
      $schema: z.string().optional().describe('The JSON Schema this file follows, for editors; ignored.'),
      format: z.literal(DEVICE_PROFILE_FORMAT),
      model: z.strictObject({
        file: text(4096).describe('The model file as given when measured.'),
        sha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .describe('SHA-256 of the model file and its external data: a profile fits only this model.'),
        inputs: z.array(Input).min(1).max(64).describe('The input shapes it was measured with.'),
      }),
      provenance: Provenance,
      latency: Latency,
      operators: z.array(Operator).max(MAX_OPERATORS),
      candidates: z.array(CandidateTimes).max(MAX_CANDIDATES),
      algorithm: text(200).describe('The candidate algorithm that listed the candidates.'),
      check: Check,
      synthetic: Synthetic.nullable(),
    },
    typeError('a mapping with format, model, provenance, latency, operators and candidates'),
  )
  .describe('What one model costs on one machine: see docs/DEVICE-PROFILES.md.');

export type DeviceProfile = Omit<z.output<typeof DeviceProfileFile>, '$schema'>;
export type Provenance = z.output<typeof Provenance>;

/** schema/device-profile.schema.json. */
export function deviceProfileJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(DeviceProfileFile, {
    id: 'device-profile.schema.json',
    title: 'Couper device profile',
    description:
      'What one model costs on one machine (couper profile): per-operator and per-candidate times and their provenance. See docs/DEVICE-PROFILES.md.',
  });
}
