/**
 * The one image every stage role runs from, built without a registry: a
 * tarball of this host's node binary and the shared libraries it and the
 * native addons load (ldd), plus the project's dist/, node_modules, assets
 * and package.json at their host paths (so `process.execPath` and absolute
 * script paths work unchanged inside), `podman import`ed. Named by a hash of
 * its content, so it is built once and rebuilt when dist/ changes.
 */
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { packageManifest, packageRoot } from '../../core/assets.js';
import { StagingError } from '../../core/errors.js';
import { podmanEnv, tryPodman } from './engine.js';

export const IMAGE_REPO = 'localhost/couper-stage';
/** The package root: a checkout, or an installed package (`npm install -g` puts its node_modules inside). */
export const PROJECT_ROOT = packageRoot();
const PARTS = ['dist', 'node_modules', 'assets', 'bin', 'package.json'];
/** Other platforms' onnxruntime binaries: a third of node_modules, never loaded here. */
const EXCLUDES = ['darwin', 'win32', 'linux/arm64'].map(
  (p) => `--exclude=${PROJECT_ROOT}/node_modules/onnxruntime-node/bin/napi-v6/${p}`,
);

function walk(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/** Hash of what can change between builds: dist/ and assets/ contents, the lock file, node. */
export function contentHash(): string {
  const h = createHash('sha256').update(`${process.execPath} ${process.version}\n`);
  const files: string[] = [];
  for (const d of ['dist', 'assets', 'bin']) {
    const dir = path.join(PROJECT_ROOT, d);
    if (fs.existsSync(dir)) walk(dir, files);
  }
  for (const f of ['package.json', 'package-lock.json']) files.push(path.join(PROJECT_ROOT, f));
  for (const f of files.sort()) if (fs.existsSync(f)) h.update(f).update('\0').update(fs.readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

/** The shared libraries node and the project's native addons load (absolute host paths). */
function sharedLibraries(): string[] {
  const objects = [process.execPath];
  const nm = path.join(PROJECT_ROOT, 'node_modules');
  for (const rel of ['onnxruntime-node/bin/napi-v6/linux/x64', '@img/sharp-linux-x64/lib']) {
    const dir = path.join(nm, rel);
    if (fs.existsSync(dir))
      for (const f of fs.readdirSync(dir)) if (f.endsWith('.node')) objects.push(path.join(dir, f));
  }
  const libs = new Set<string>();
  for (const o of objects) {
    const out = spawnSync('ldd', [o], { encoding: 'utf8' }).stdout ?? '';
    for (const m of out.matchAll(/(\/\S+)/g)) if (!m[1]!.startsWith(PROJECT_ROOT)) libs.add(m[1]!);
  }
  return [...libs].sort();
}

function buildImage(tag: string): Promise<void> {
  const parts = PARTS.map((p) => path.join(PROJECT_ROOT, p)).filter((p) => fs.existsSync(p));
  // The CA bundle only quiets onnxruntime's telemetry warning ("No readable CA bundle").
  const ca = ['/etc/ssl/certs/ca-certificates.crt'].filter((f) => fs.existsSync(f));
  const files = [process.execPath, ...sharedLibraries(), ...ca, ...parts];
  return new Promise((resolve, reject) => {
    // -h: copy what symlinks point to (libstdc++.so.6 → …); -P: keep absolute paths.
    const tar = spawn('tar', ['-c', '-h', '-P', ...EXCLUDES, '-f', '-', ...files], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const imp = spawn('podman', ['import', '-q', '-', tag], {
      env: podmanEnv(),
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    tar.stdout.pipe(imp.stdin);
    let err = '';
    imp.stderr.on('data', (d: Buffer) => (err += d.toString()));
    imp.once('error', (e) => reject(new StagingError(`podman import could not run: ${e.message}`)));
    imp.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new StagingError(`cannot build image ${tag}: ${err.trim().split('\n')[0] ?? code}`)),
    );
  });
}

/**
 * Why the image cannot be made from this installation, or null. It packs the
 * package's own node_modules, so the dependencies must be installed there: a
 * checkout and `npm install -g` do that, but `npm install couper` inside
 * another project hoists them into that project's node_modules.
 */
export function imageUnavailable(): string | null {
  const missing = Object.keys(packageManifest().dependencies ?? {}).find(
    (d) => !fs.existsSync(path.join(PROJECT_ROOT, 'node_modules', d, 'package.json')),
  );
  if (missing === undefined) return null;
  return `its image packs ${path.join(PROJECT_ROOT, 'node_modules')}, which lacks ${missing} (dependencies hoisted elsewhere?); install couper with npm install -g, or use a checkout`;
}

let building: Promise<string> | null = null;

/** The image's tag, built now if this content has no image yet (older couper-stage images are removed). */
export function ensureImage(): Promise<string> {
  building ??= (async () => {
    const tag = `${IMAGE_REPO}:${contentHash()}`;
    if (tryPodman(['image', 'exists', tag]) !== null) return tag;
    await buildImage(tag);
    const old = (tryPodman(['images', '--format', '{{.Repository}}:{{.Tag}}', IMAGE_REPO]) ?? '')
      .split('\n')
      .filter((t) => t.startsWith(`${IMAGE_REPO}:`) && t !== tag);
    for (const t of old) tryPodman(['rmi', t]);
    return tag;
  })();
  const p = building;
  p.catch(() => (building = null));
  return p;
}
