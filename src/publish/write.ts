/**
 * Applying a publish plan: the bundle is written into a temporary sibling of
 * the out folder and renamed into place, so an interrupted or failed publish
 * leaves nothing half-written; an out folder that holds anything but an
 * earlier bundle is refused before anything is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, describeError } from '../core/errors.js';
import { makeDir } from '../core/dirs.js';
import { silentLogger, type Logger } from '../core/log.js';
import { externalLocations, linkExternalFiles } from '../onnx/external-data.js';
import type { LoadedModel } from '../onnx/model-file.js';
import type { SlicePlan } from '../slice/plan.js';
import { writeSlices } from '../slice/write.js';
import { APP_CONTEXT } from './containerfiles.js';
import type { BundleFile } from './targets/target.js';

/** The bundle's own plan; its presence marks a folder as a bundle that may be replaced. */
export const PLAN_FILE = 'plan.json';
export const PARTS_DIR = 'parts';

/** What goes under parts/: the slices of a split model, or the whole model. */
export type PartsSource =
  | { readonly kind: 'slices'; readonly plan: SlicePlan; readonly model: LoadedModel }
  | { readonly kind: 'whole'; readonly model: LoadedModel };

export interface BundleContents {
  readonly files: readonly BundleFile[];
  readonly parts: PartsSource;
  /** Couper's package root, whose production files go to app/. */
  readonly packageRoot: string;
}

/** Refuse an out folder that holds something other than an earlier bundle (checked before any work). */
export function checkOut(out: string): void {
  if (!fs.existsSync(out)) return;
  if (!fs.statSync(out).isDirectory())
    throw new ConfigError(`--out '${out}' is a file; name a folder for the bundle`);
  const entries = fs.readdirSync(out);
  if (entries.length > 0 && !isBundle(out))
    throw new ConfigError(
      `--out '${out}' holds other files (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); name an empty or new folder, or an earlier bundle to replace`,
    );
}

function isBundle(dir: string): boolean {
  try {
    const plan = JSON.parse(fs.readFileSync(path.join(dir, PLAN_FILE), 'utf8')) as {
      formatVersion?: unknown;
    };
    return typeof plan.formatVersion === 'number' && fs.existsSync(path.join(dir, 'k8s'));
  } catch {
    return false;
  }
}

export function writeBundle(out: string, contents: BundleContents, log: Logger = silentLogger): string {
  checkOut(out);
  const abs = path.resolve(out);
  makeDir(path.dirname(abs), '--out');
  const tmp = `${abs}.couper-tmp-${process.pid}`;
  const old = `${abs}.couper-old-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    fs.mkdirSync(tmp);
    writeParts(path.join(tmp, PARTS_DIR), contents.parts, log);
    for (const f of contents.files) {
      fs.mkdirSync(path.dirname(path.join(tmp, f.path)), { recursive: true });
      fs.writeFileSync(path.join(tmp, f.path), f.text);
    }
    copyApp(contents.packageRoot, path.join(tmp, APP_CONTEXT));
    if (fs.existsSync(abs)) fs.renameSync(abs, old);
    fs.renameSync(tmp, abs);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (fs.existsSync(old) && !fs.existsSync(abs)) fs.renameSync(old, abs);
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`cannot write the bundle to '${out}': ${describeError(err)}`);
  }
  fs.rmSync(old, { recursive: true, force: true });
  return abs;
}

function writeParts(dir: string, parts: PartsSource, log: Logger): void {
  if (parts.kind === 'slices') {
    writeSlices(parts.plan, parts.model, dir, log);
    return;
  }
  // The whole model: its file and its external data, linked as `couper slice` links them.
  fs.mkdirSync(dir);
  const graph = parts.model.proto.graph;
  const tensors = [
    ...(graph?.initializer ?? []),
    ...(graph?.sparseInitializer ?? []).flatMap((s) => (s.values ? [s.values] : [])),
  ];
  const { renamed } = linkExternalFiles(parts.model.dir, externalLocations(tensors), dir);
  for (const [from, to] of renamed)
    if (from !== to)
      throw new ConfigError(
        `external data '${from}' of '${parts.model.file}' would be renamed '${to}' in parts/; publish a split of this model instead`,
      );
  fs.copyFileSync(parts.model.file, path.join(dir, path.basename(parts.model.file)));
}

/**
 * Couper's production files for the runtime image's build context: the
 * compiled product (no tests, no source maps), the entry point, the bundled
 * assets, and the manifest and lock file npm installs production
 * dependencies from.
 */
function copyApp(root: string, dest: string): void {
  const keep = (src: string): boolean => !/\.test\.js$|\.map$|\.d\.ts$/.test(src);
  for (const entry of ['dist/src', 'bin', 'assets', 'package.json', 'package-lock.json']) {
    const from = path.join(root, entry);
    if (!fs.existsSync(from))
      throw new ConfigError(`Couper's own '${entry}' is missing from '${root}'; run npm run build`);
    fs.cpSync(from, path.join(dest, entry), { recursive: true, filter: keep });
  }
}
