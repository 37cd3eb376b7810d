/**
 * A Node 20 base image made on this machine, for building a bundle where no
 * registry can be reached: this host's node binary and the shared libraries
 * it and the native addons load (ldd), a shell and cp (the parts' init
 * container copies with it), and a passwd file with the `node` user the
 * runtime image runs as, `podman import`ed. The Containerfiles stay the same;
 * only their BASE_IMAGE argument names this image.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BuildError, describeError } from '../core/errors.js';
import { podmanEnv } from '../staging/index.js';

export const LOCAL_BASE_REPO = 'localhost/couper-node-base';
/** Programs besides node the images run: the Containerfile's RUN line and the init container's copy. */
const TOOLS = ['/bin/sh', '/bin/cp', '/bin/mkdir'];

/** The tag of the local base for this node, imported now unless it exists already. */
export function ensureLocalBase(packageRoot: string): string {
  const tag = `${LOCAL_BASE_REPO}:${process.version.slice(1)}`;
  if (podmanOk(['image', 'exists', tag])) return tag;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-base-'));
  try {
    const binaries = [process.execPath, ...TOOLS.map((t) => fs.realpathSync(t)), ...addons(packageRoot)];
    for (const lib of sharedLibraries(binaries)) place(root, lib, lib);
    place(root, process.execPath, '/usr/local/bin/node');
    for (const t of TOOLS) place(root, fs.realpathSync(t), t);
    fs.mkdirSync(path.join(root, 'tmp'), { mode: 0o1777 });
    fs.mkdirSync(path.join(root, 'home/node'), { recursive: true });
    fs.mkdirSync(path.join(root, 'etc'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'etc/passwd'),
      'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n',
    );
    fs.writeFileSync(path.join(root, 'etc/group'), 'root:x:0:\nnode:x:1000:\n');
    const r = spawnSync(
      'sh',
      [
        '-c',
        `tar -C '${root}' -c . | podman import --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' - ${tag}`,
      ],
      {
        env: podmanEnv(),
        encoding: 'utf8',
      },
    );
    if (r.status !== 0)
      throw new BuildError(`cannot import a local base image ${tag}: ${firstLine(r.stderr)}`);
  } catch (err) {
    if (err instanceof BuildError) throw err;
    throw new BuildError(`cannot make a local base image: ${describeError(err)}`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return tag;
}

/** Native addons of the production dependencies (onnxruntime, sharp), whose libraries the image needs. */
function addons(packageRoot: string): string[] {
  const nm = path.join(packageRoot, 'node_modules');
  const out: string[] = [];
  for (const rel of ['onnxruntime-node/bin/napi-v6/linux/x64', '@img/sharp-linux-x64/lib']) {
    const dir = path.join(nm, rel);
    if (fs.existsSync(dir))
      for (const f of fs.readdirSync(dir)) if (f.endsWith('.node')) out.push(path.join(dir, f));
  }
  return out;
}

function sharedLibraries(objects: readonly string[]): string[] {
  const libs = new Set<string>();
  for (const o of objects) {
    const out = spawnSync('ldd', [o], { encoding: 'utf8' }).stdout ?? '';
    for (const m of out.matchAll(/(\/\S+)/g)) if (!m[1]!.includes('node_modules')) libs.add(m[1]!);
  }
  return [...libs].sort();
}

/** Copy `from` (following links) to `to` inside `root`. */
function place(root: string, from: string, to: string): void {
  const dest = path.join(root, to);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.copyFileSync(fs.realpathSync(from), dest);
  fs.chmodSync(dest, fs.statSync(from).mode);
}

function podmanOk(args: readonly string[]): boolean {
  return spawnSync('podman', args, { env: podmanEnv(), stdio: 'ignore' }).status === 0;
}

export function firstLine(text: string | null | undefined): string {
  return (text ?? '').trim().split('\n').pop() ?? '';
}
