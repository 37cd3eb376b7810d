/**
 * `couper publish --build`: build the bundle's two images with podman and
 * report their sizes. Where the default base image is not on this machine
 * and none is named, a local one is made (base-image.ts); the runtime's
 * production dependencies are put in its build context for the build and
 * taken out again, so the build needs no registry and the bundle keeps no
 * node_modules.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BuildError, ConfigError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { podmanEnv } from '../staging/index.js';
import { ensureLocalBase, firstLine } from './base-image.js';
import {
  APP_CONTEXT,
  DEFAULT_BASE_IMAGE,
  PARTS_CONTAINERFILE,
  RUNTIME_CONTAINERFILE,
} from './containerfiles.js';
import type { PublishPlan } from './plan.js';

export interface BuiltImage {
  readonly image: string;
  readonly bytes: number;
}

export interface BuildResult {
  readonly base: string;
  readonly runtime: BuiltImage;
  readonly parts: BuiltImage;
}

/** Why --build cannot run here (one line with the install command), or null. */
export function buildUnavailable(): string | null {
  const onPath = (cmd: string): boolean =>
    (process.env.PATH ?? '').split(':').some((d) => d !== '' && fs.existsSync(path.join(d, cmd)));
  if (!onPath('podman')) return '--build needs podman, which is not on PATH: apt-get install podman runc';
  return null;
}

export function buildBundle(
  dir: string,
  plan: PublishPlan,
  packageRoot: string,
  options: { baseImage?: string; log: Logger },
): BuildResult {
  const missing = buildUnavailable();
  if (missing !== null) throw new ConfigError(missing);
  const base =
    options.baseImage ??
    (imageExists(DEFAULT_BASE_IMAGE) ? DEFAULT_BASE_IMAGE : ensureLocalBase(packageRoot));
  const modules = path.join(dir, APP_CONTEXT, 'node_modules');
  try {
    copyProductionModules(packageRoot, modules);
    options.log.info(`building ${plan.image} from ${base} …`);
    build(dir, RUNTIME_CONTAINERFILE, plan.image, base);
  } finally {
    fs.rmSync(modules, { recursive: true, force: true });
  }
  options.log.info(`building ${plan.partsImage} …`);
  build(dir, PARTS_CONTAINERFILE, plan.partsImage, base);
  return { base, runtime: sized(plan.image), parts: sized(plan.partsImage) };
}

function build(dir: string, file: string, tag: string, base: string): void {
  const r = spawnSync(
    'podman',
    ['build', '-q', '-t', tag, '-f', path.join(dir, file), '--build-arg', `BASE_IMAGE=${base}`, dir],
    {
      env: podmanEnv(),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (r.error) throw new BuildError(`podman build could not run: ${r.error.message}`);
  if (r.status !== 0) throw new BuildError(`podman build of ${tag} failed: ${firstLine(r.stderr)}`);
}

function sized(image: string): BuiltImage {
  const r = spawnSync('podman', ['image', 'inspect', '--format', '{{.Size}}', image], {
    env: podmanEnv(),
    encoding: 'utf8',
  });
  return { image, bytes: Number(r.stdout.trim()) || 0 };
}

function imageExists(image: string): boolean {
  return spawnSync('podman', ['image', 'exists', image], { env: podmanEnv(), stdio: 'ignore' }).status === 0;
}

/**
 * The production dependencies as npm resolved them here (`npm ls --omit=dev`),
 * copied into the build context; other platforms' onnxruntime binaries are
 * left out (never loaded on linux/x64, a third of node_modules).
 */
function copyProductionModules(packageRoot: string, dest: string): void {
  const r = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    cwd: packageRoot,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const root = path.join(packageRoot, 'node_modules');
  const dirs = (r.stdout ?? '').split('\n').filter((d) => d.startsWith(`${root}/`));
  if (dirs.length === 0)
    throw new BuildError(`cannot list the production dependencies in ${packageRoot}: ${firstLine(r.stderr)}`);
  const skip = /onnxruntime-node\/bin\/napi-v\d+\/(darwin|win32|linux\/arm64)/;
  for (const d of dirs) {
    const rel = path.relative(root, d);
    // Nested packages come inside their parent's copy.
    if (dirs.some((p) => p !== d && d.startsWith(`${p}/node_modules/`))) continue;
    fs.cpSync(d, path.join(dest, rel), { recursive: true, filter: (src) => !skip.test(src) });
  }
}
