/**
 * Before any stage starts: can the profile's post-processor read the
 * model's output, by the shape the file declares? Without this check a
 * segmentation model run with the default ImageNet profile dropped every
 * frame at the classifier ('error') and the run said only "0 processed".
 */
import { ConfigError } from '../core/errors.js';
import type { LoadedModel } from '../onnx/model-file.js';
import { int64 } from '../onnx/proto.js';
import { postProcessorMismatch } from '../pipeline/postprocess/registry.js';
import { BUNDLED_PROFILES, loadProfile, type ModelProfile } from '../pipeline/profile.js';

/** The declared dims of the output the profile reads (null: left open), or null when the file declares none. */
function declaredOutput(
  model: LoadedModel,
  name: string | null,
): { name: string; dims: (number | null)[] } | null {
  const outputs = model.proto.graph?.output ?? [];
  const output = name === null ? outputs[0] : outputs.find((o) => o.name === name);
  const dims = output?.type?.tensorType?.shape?.dim;
  if (!output || !dims) return null;
  return {
    name: output.name ?? '',
    dims: dims.map((d) =>
      d.dimValue !== undefined && d.dimValue !== null && int64(d.dimValue) > 0 ? int64(d.dimValue) : null,
    ),
  };
}

/** A ConfigError when the profile's post-processor cannot read this model's output; naming bundled profiles that can. */
export function checkProfileFits(model: LoadedModel, profile: ModelProfile, profileName: string): void {
  const output = declaredOutput(model, profile.output.name);
  if (!output) return;
  const expected = postProcessorMismatch(profile.output.kind, output.dims);
  if (expected === null) return;
  const fitting = BUNDLED_PROFILES.filter(
    (n) => n !== profileName && postProcessorMismatch(loadProfile(n).output.kind, output.dims) === null,
  );
  const shape = `[${output.dims.map((d) => d ?? '?').join(', ')}]`;
  const what =
    fitting.length > 0
      ? `pass --profile ${fitting.join(' or ')}, or a profile file whose output.kind reads it`
      : 'pass --profile with a file whose output.kind reads it (docs/PIPELINE.md, "Model profiles")';
  throw new ConfigError(
    `the model's output '${output.name}' is ${shape}, but profile '${profileName}' reads it as ${profile.output.kind}, which expects ${expected}; ${what}`,
  );
}
