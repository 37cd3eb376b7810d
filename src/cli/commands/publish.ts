/**
 * `couper publish`: turn a decision (or a model, a split and an
 * infrastructure) into a deployable bundle: the parts, one runtime
 * Containerfile for every stage, a Kubernetes kustomize base and a README.
 */
import { packageRoot } from '../../core/assets.js';
import { ConfigError, UsageError } from '../../core/errors.js';
import { buildBundle, buildUnavailable, type BuildResult } from '../../publish/build.js';
import { DEFAULT_BASE_IMAGE } from '../../publish/containerfiles.js';
import { stderrLogger } from '../../core/log.js';
import { publish, type PublishRequest, type PublishSource } from '../../publish/publish.js';
import { DEFAULT_TARGET, listTargets } from '../../publish/targets/registry.js';
import type { PublishPlan } from '../../publish/plan.js';
import { flag, positiveNumber, printJson, requiredString, stringList, stringOption } from '../args.js';
import type { Command, OptionDefs, OptionValues } from '../command.js';

export const DEFAULT_TIER_LABEL = 'couper.io/tier';

/** The options `couper auto --publish` shares. */
export const BUNDLE_OPTIONS: OptionDefs = {
  name: { value: 'NAME', help: 'prefix of every Kubernetes object', default: "the model file's name" },
  namespace: { value: 'NS', help: 'Kubernetes namespace', default: 'the name' },
  'tier-label': {
    value: 'KEY',
    help: "node label whose value is the tier's name",
    default: DEFAULT_TIER_LABEL,
  },
  tolerations: { help: 'tolerate the taint KEY=TIER:NoSchedule (nodes dedicated to a tier)' },
  image: { value: 'IMAGE', help: 'the runtime image', default: 'localhost/couper-runtime:NAME' },
  'parts-image': {
    value: 'IMAGE',
    help: 'the image carrying the parts',
    default: 'localhost/couper-parts:NAME',
  },
  tls: { help: 'mutual TLS on every hop, from one Secret per tier (couper-tls-TIER)' },
  target: {
    value: 'NAME',
    help: `what the bundle deploys with: ${listTargets()
      .map((t) => t.name)
      .join(', ')}`,
    default: DEFAULT_TARGET,
  },
};

/** --build and its base image (`couper auto --publish` takes them too). */
export const BUILD_OPTIONS: OptionDefs = {
  build: { help: 'build both images with podman and report their sizes' },
  'base-image': {
    value: 'IMAGE',
    help: "the images' base for --build",
    default: `${DEFAULT_BASE_IMAGE} if present, else one made from this machine's node`,
  },
};

/** The build --build asks for, checked before anything is published (podman missing is one line). */
export function buildWanted(options: OptionValues): { baseImage?: string } | null {
  if (!flag(options, 'build')) {
    if (stringOption(options, 'base-image') !== undefined)
      throw new UsageError('--base-image goes with --build');
    return null;
  }
  const missing = buildUnavailable();
  if (missing !== null) throw new ConfigError(missing);
  const baseImage = stringOption(options, 'base-image');
  return baseImage === undefined ? {} : { baseImage };
}

export function renderBuilt(built: BuildResult): string {
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
  return [
    `built from ${built.base}:`,
    `  ${built.runtime.image.padEnd(48)} ${mb(built.runtime.bytes)}`,
    `  ${built.parts.image.padEnd(48)} ${mb(built.parts.bytes)}`,
    '',
  ].join('\n');
}

export const publishCommand: Command = {
  name: 'publish',
  summary: 'write a deployable bundle (images, Kubernetes manifests) for a decision or a split',
  synopsis: [
    '--decision DIR/decision.json --out BUNDLE [options]',
    '--model MODEL --split ID [--at ID2 …] --infra PRESET|FILE --out BUNDLE [options]',
  ],
  about: [
    'Writes BUNDLE/: parts/ (as couper slice writes them), Containerfile (one runtime image for every',
    'stage; the role is the command), Containerfile.parts (the parts, copied into each evaluator pod),',
    'app/ (the runtime build context), k8s/ (a kustomize base: `kubectl apply -k BUNDLE/k8s`), plan.json',
    'and README.md. A decision is refused when its model changed since (SHA-256). The bundle is written',
    'beside --out and renamed into place; --out must be new, empty, or an earlier bundle.',
  ].join('\n'),
  options: {
    decision: { value: 'FILE', help: 'the decision.json couper evaluate or auto wrote' },
    model: { value: 'MODEL', help: 'the ONNX model (without --decision)' },
    split: { value: 'ID|none', help: 'cut the model here (without --decision)' },
    at: { value: 'ID2', help: 'cut again, after --split', multiple: true },
    infra: {
      value: 'PRESET|FILE',
      help: 'the infrastructure whose tiers the stages go to (without --decision)',
    },
    profile: { value: 'NAME|FILE', help: "the model's pre- and post-processing", default: 'imagenet' },
    out: { value: 'BUNDLE', help: 'folder for the bundle' },
    fps: { value: 'N', help: 'camera frame rate of the published pipeline', default: '24' },
    ...BUNDLE_OPTIONS,
    ...BUILD_OPTIONS,
    json: { help: 'print the publish plan as JSON' },
  },
  async run(options) {
    const request = publishRequest(options, sourceFrom(options), requiredString(options, 'out'));
    const build = buildWanted(options);
    const { dir, plan } = await publish(request, stderrLogger);
    const built = build ? buildBundle(dir, plan, packageRoot(), { ...build, log: stderrLogger }) : null;
    if (flag(options, 'json')) printJson({ dir, plan, ...(built && { built }) });
    else process.stdout.write(renderPublished(dir, plan) + (built ? renderBuilt(built) : ''));
  },
};

function sourceFrom(options: OptionValues): PublishSource {
  const decision = stringOption(options, 'decision');
  const own = ['model', 'split', 'infra', 'profile'].filter((o) => stringOption(options, o) !== undefined);
  if (decision !== undefined) {
    if (own.length > 0 || stringList(options, 'at').length > 0)
      throw new UsageError(`--decision gives the model, split and infrastructure; drop --${own[0] ?? 'at'}`);
    return { kind: 'decision', file: decision };
  }
  const profile = stringOption(options, 'profile');
  return {
    kind: 'split',
    model: requiredString(options, 'model'),
    split: [requiredString(options, 'split'), ...stringList(options, 'at')],
    infra: requiredString(options, 'infra'),
    ...(profile !== undefined && { profile }),
  };
}

export function publishRequest(options: OptionValues, source: PublishSource, out: string): PublishRequest {
  const opt = (name: string): string | undefined => stringOption(options, name);
  const [name, namespace, image, partsImage] = ['name', 'namespace', 'image', 'parts-image'].map(opt);
  return {
    source,
    out,
    target: opt('target') ?? DEFAULT_TARGET,
    tierLabel: opt('tier-label') ?? DEFAULT_TIER_LABEL,
    tolerations: flag(options, 'tolerations'),
    tls: flag(options, 'tls'),
    ...(opt('fps') !== undefined && { fps: positiveNumber(options, 'fps', 24, 1000) }),
    ...(name !== undefined && { name }),
    ...(namespace !== undefined && { namespace }),
    ...(image !== undefined && { image }),
    ...(partsImage !== undefined && { partsImage }),
  };
}

export function renderPublished(dir: string, plan: PublishPlan): string {
  const rows = plan.stages.map(
    (s) =>
      `  ${s.name.padEnd(12)} on ${s.tier.padEnd(8)} ${String(s.cpuMillis).padStart(6)}m CPU ${String(s.memoryMi).padStart(7)}Mi${s.gpus > 0 ? ` ${s.gpus} GPU` : ''}`,
  );
  return [
    `bundle ${plan.name} (split ${plan.cutId} of ${plan.model.file} on ${plan.infra}) in ${dir}`,
    ...rows,
    `next: podman build -t ${plan.image} -f ${dir}/Containerfile ${dir}; kubectl apply -k ${dir}/k8s`,
    '',
  ].join('\n');
}
