/**
 * Making a folder the user named (--out), checking a file they named can be
 * written (--records). Node's own recursive mkdir never
 * returns on some paths (under /proc it spins at 100% CPU, measured with Node
 * 20.20, and a SIGTERM handler never gets to run), so the missing levels are
 * made one at a time below the nearest folder that exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, describeError } from './errors.js';

/** Make `dir` and any missing parents; a ConfigError naming `what` (e.g. "--out") when it cannot be. */
export function makeDir(dir: string, what: string): string {
  const abs = path.resolve(dir);
  const missing: string[] = [];
  let at = abs;
  while (!fs.existsSync(at)) {
    missing.unshift(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  if (fs.existsSync(at) && !fs.statSync(at).isDirectory())
    throw new ConfigError(
      at === abs
        ? `${what} '${dir}' is an existing file, not a folder; name a folder`
        : `${what} '${dir}': '${at}' is a file, not a folder; name a folder`,
    );
  for (const level of missing) {
    try {
      fs.mkdirSync(level);
    } catch (err) {
      // Another process may have made it in the meantime.
      if (fs.existsSync(level) && fs.statSync(level).isDirectory()) continue;
      throw new ConfigError(`cannot create ${what} folder '${dir}': ${describeError(err)}`);
    }
  }
  return abs;
}

/** A file the user named can be written: its folder exists and it is not itself a folder. */
export function checkWritable(file: string, what: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new ConfigError(`${what} '${file}': folder '${dir}' does not exist; make it or name another file`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory())
    throw new ConfigError(`${what} '${file}' is a folder; name a file`);
  try {
    fs.accessSync(fs.existsSync(file) ? file : dir, fs.constants.W_OK);
  } catch (err) {
    throw new ConfigError(`${what} '${file}' cannot be written: ${describeError(err)}`);
  }
}
