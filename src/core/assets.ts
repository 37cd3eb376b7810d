/**
 * Where Couper's own files live: bundled assets (profiles, labels) and the
 * git-ignored cache (generated video). Found from this module's location so
 * that the same code works from src/ (tests via tsc output in dist/src/) and
 * from an installed package, whatever the working directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding Couper's package.json. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (isCouperPackage(path.join(dir, 'package.json'))) return (root = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no Couper package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

function isCouperPackage(file: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown }).name === 'couper';
  } catch {
    return false;
  }
}

/** A bundled file under assets/. */
export function assetPath(...parts: string[]): string {
  return path.join(packageRoot(), 'assets', ...parts);
}

/** A folder under .cache/ (created on demand by the caller). */
export function cachePath(...parts: string[]): string {
  return path.join(packageRoot(), '.cache', ...parts);
}
