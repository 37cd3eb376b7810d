/**
 * Where Couper's own files live: its package.json, bundled assets (profiles,
 * labels, presets) and the cache (generated video). Found from this module's
 * location so that the same code works from a checkout (tests via tsc output
 * in dist/src/) and from an installed package, whatever the working directory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The fields of Couper's package.json that the code reads. */
export interface PackageManifest {
  readonly name: 'couper';
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
}

let found: { root: string; manifest: PackageManifest } | undefined;

function findPackage(): { root: string; manifest: PackageManifest } {
  if (found !== undefined) return found;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = readCouperManifest(path.join(dir, 'package.json'));
    if (manifest) return (found = { root: dir, manifest });
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no Couper package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

function readCouperManifest(file: string): PackageManifest | undefined {
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown };
    return json.name === 'couper' ? (json as PackageManifest) : undefined;
  } catch {
    return undefined;
  }
}

/** The folder holding Couper's package.json. */
export function packageRoot(): string {
  return findPackage().root;
}

/** Couper's package.json. */
export function packageManifest(): PackageManifest {
  return findPackage().manifest;
}

/** Couper's version, as its package.json gives it. */
export function packageVersion(): string {
  return packageManifest().version;
}

/** A bundled file under assets/. */
export function assetPath(...parts: string[]): string {
  return path.join(packageRoot(), 'assets', ...parts);
}

/** A path under the cache folder (see cacheDir; created on demand by the caller). */
export function cachePath(...parts: string[]): string {
  return path.join(cacheDir(), ...parts);
}

/**
 * The cache folder: $COUPER_CACHE_DIR when set; .cache/ in the package root
 * when that is a checkout of the sources (it has src/ beside package.json,
 * which the published package does not ship); otherwise $XDG_CACHE_HOME/couper
 * or ~/.cache/couper, because an installed package's folder (a global install
 * under /usr/lib, say) may not be writable.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env, root: string = packageRoot()): string {
  if (env.COUPER_CACHE_DIR) return path.resolve(env.COUPER_CACHE_DIR);
  if (isCheckout(root)) return path.join(root, '.cache');
  // The XDG spec says to ignore a relative XDG_CACHE_HOME.
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'couper');
}

function isCheckout(root: string): boolean {
  try {
    return fs.statSync(path.join(root, 'src')).isDirectory();
  } catch {
    return false;
  }
}
