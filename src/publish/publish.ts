/**
 * One publish end to end: what to publish (a decision, or a model, a split
 * and an infrastructure), the run plan `couper run --infra` would use for
 * it, the publish plan (pure), the target's files, then the bundle written
 * in one rename.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, describeError } from '../core/errors.js';
import { packageRoot } from '../core/assets.js';
import { sha256File } from '../core/file-hash.js';
import { silentLogger, type Logger } from '../core/log.js';
import { readModel } from '../onnx/model-file.js';
import { DEFAULT_FPS } from '../pipeline/camera.js';
import type { SourceSpec } from '../pipeline/frame-source.js';
import { prepareRun, type PreparedRun } from '../run/prepare.js';
import type { RunSettings } from '../run/run-plan.js';
import { loadInfra } from '../staging/index.js';
import { bundleReadme } from './bundle-readme.js';
import { containerfiles } from './containerfiles.js';
import { readDecision, type PublishSubject } from './decision-file.js';
import { checkName, checkLabelKey, nameFromModel, MAX_BUNDLE_NAME } from './names.js';
import { planPublish, type PublishOptions, type PublishPlan } from './plan.js';
import { getTarget } from './targets/registry.js';
import { checkOut, PLAN_FILE, writeBundle, type PartsSource } from './write.js';

export type PublishSource =
  | { readonly kind: 'decision'; readonly file: string }
  | {
      readonly kind: 'split';
      readonly model: string;
      readonly split: readonly string[];
      readonly infra: string;
      readonly profile?: string;
    };

export interface PublishRequest {
  readonly source: PublishSource;
  readonly out: string;
  readonly target: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly tierLabel: string;
  readonly tolerations: boolean;
  readonly image?: string;
  readonly partsImage?: string;
  readonly tls: boolean;
  /** Camera frame rate in the published pipeline. */
  readonly fps?: number;
}

export interface Published {
  readonly dir: string;
  readonly plan: PublishPlan;
}

/** Frames a published camera sends: a synthetic scene of this size until a video is mounted. */
const CAMERA_SIZE = { width: 640, height: 480 };

export async function publish(request: PublishRequest, log: Logger = silentLogger): Promise<Published> {
  // Cheap checks first: a wrong out folder or name is found before any model is read.
  checkOut(request.out);
  checkLabelKey(request.tierLabel, '--tier-label');
  const target = getTarget(request.target);
  const subject = resolveSubject(request.source);
  const name =
    request.name !== undefined
      ? checkName(request.name, '--name', MAX_BUNDLE_NAME)
      : nameFromModel(subject.model);
  const namespace = checkName(request.namespace ?? name, '--namespace');
  const prepared = await prepareRun({
    model: subject.model,
    split: subject.split,
    profile: subject.profile,
    source: { kind: 'synthetic', ...CAMERA_SIZE } satisfies SourceSpec,
    settings: runSettings(subject, request.fps ?? DEFAULT_FPS),
  });
  const parts = partsOf(prepared);
  const options: PublishOptions = {
    name,
    namespace,
    tierLabel: request.tierLabel,
    tolerations: request.tolerations,
    image: request.image ?? `localhost/couper-runtime:${name}`,
    partsImage: request.partsImage ?? `localhost/couper-parts:${name}`,
    tls: request.tls,
  };
  const plan = planPublish(
    {
      run: prepared.plan,
      labels: readLabels(prepared.plan.profile.output.labels),
      infra: subject.infra,
      modelSha256: subject.modelSha256,
      parts:
        parts.kind === 'slices' ? parts.plan.parts.map((p) => p.file) : [path.basename(parts.model.file)],
    },
    options,
  );
  const files = [
    {
      path: PLAN_FILE,
      text: `${JSON.stringify({ ...plan, labels: plan.labels === null ? null : 'labels.txt' }, null, 2)}\n`,
    },
    ...containerfiles(),
    bundleReadme(plan),
    ...target.render(plan),
  ];
  const dir = writeBundle(request.out, { files, parts, packageRoot: packageRoot() }, log);
  return { dir, plan };
}

function readLabels(file: string | null): string | null {
  if (file === null) return null;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`labels file '${file}' of the profile cannot be read: ${describeError(err)}`);
  }
}

function resolveSubject(source: PublishSource): PublishSubject {
  if (source.kind === 'decision') return readDecision(source.file);
  return {
    model: path.resolve(source.model),
    modelSha256: sha256File(source.model, '--model'),
    split: source.split,
    infra: loadInfra(source.infra),
    profile: source.profile ?? 'imagenet',
    placement: {},
  };
}

/** The settings `couper run --infra` uses by default, with the decision's placement. */
function runSettings(subject: PublishSubject, fps: number): RunSettings {
  return {
    fps,
    warmup: 0,
    queue: 1,
    threads: 1,
    encoding: 'raw',
    placement: subject.placement,
    staged: { tiers: subject.infra.tiers.map((t) => t.name), placement: subject.infra.placement },
    stageDelay: {},
    maxInFlight: 1,
    deadlineMs: 10_000,
    drainMs: 5000,
  };
}

function partsOf(prepared: PreparedRun): PartsSource {
  if (prepared.slice) return { kind: 'slices', plan: prepared.slice.plan, model: prepared.slice.model };
  return { kind: 'whole', model: readModel(prepared.plan.model) };
}
