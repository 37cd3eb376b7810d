/**
 * The one reader of the YAML and JSON files users write (infrastructures,
 * model profiles), before their schema sees them. These files can come from
 * anyone, so reading is bounded: at most MAX_CONFIG_BYTES read from a regular
 * file (a 100 MB file once exhausted the heap, and /dev/zero never ends), at
 * most MAX_ALIASES alias expansions (a "billion laughs" bomb is a few lines),
 * no structure that contains itself (an anchor aliased inside its own node),
 * and no nesting deeper than the parser's stack. Each is one ConfigError
 * line naming the file, the limit and what to do.
 */
import fs from 'node:fs';
import { parseDocument } from 'yaml';
import { ConfigError, describeError } from './errors.js';

/** Infrastructures and profiles are a few hundred bytes; a megabyte leaves room for comments. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Anchors let a tier or link be reused; a hundred expansions is far past any honest file. */
export const MAX_ALIASES = 100;
/** Infrastructures and profiles are four levels deep; flow brackets nested past this are refused unparsed. */
export const MAX_FLOW_DEPTH = 64;

/** The text of a config file, read without ever holding more than MAX_CONFIG_BYTES + 1. */
export function readConfigText(file: string, what: string): string {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    throw new ConfigError(`cannot read ${what} '${file}': ${describeError(err)}`);
  }
  try {
    if (!fs.fstatSync(fd).isFile()) throw new ConfigError(`${what} '${file}' is not a regular file`);
    // Not the stat'ed size alone: the file may grow between the stat and the read.
    const buf = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let got = 0;
    for (let n = 1; n > 0 && got < buf.length; got += n)
      n = fs.readSync(fd, buf, got, buf.length - got, null);
    if (got > MAX_CONFIG_BYTES)
      throw new ConfigError(
        `${what} '${file}' is larger than ${MAX_CONFIG_BYTES} bytes (1 MiB), the most we read; is it the right file?`,
      );
    return buf.toString('utf8', 0, got);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`cannot read ${what} '${file}': ${describeError(err)}`);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Parse YAML, or JSON when `format` says so, into plain values; `source`
 * names the file. Syntax errors are listed with their lines like schema problems.
 */
export function parseConfigText(text: string, source: string, format: 'yaml' | 'json' = 'yaml'): unknown {
  if (format === 'json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new ConfigError(`${source}: not valid JSON\n  ${describeError(err).split('\n')[0]}`);
    }
  }
  // The parser recurses per level: thousands of '[' overflow its stack, and
  // repeated overflows once exhausted V8's memory, so deep flow nesting is refused before parsing.
  if (flowDepth(text) > MAX_FLOW_DEPTH)
    throw new ConfigError(`${source}: nested too deeply to read; a config file is a few levels deep`);
  let value: unknown;
  try {
    const doc = parseDocument(text);
    // The parser catches its own stack overflow and reports it as a syntax error.
    if (doc.errors.some((e) => /call stack/i.test(e.message))) throw new RangeError('nested');
    if (doc.errors.length > 0) {
      const lines = doc.errors.map((e) => `line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`);
      throw new ConfigError(`${source}: not valid YAML\n  ${lines.join('\n  ')}`);
    }
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    if (err instanceof RangeError && /nested|call stack/i.test(err.message))
      throw new ConfigError(`${source}: nested too deeply to read; a config file is a few levels deep`);
    // yaml's own words for an alias bomb; ours name the limit.
    if (/alias/i.test(describeError(err)))
      throw new ConfigError(
        `${source}: more than ${MAX_ALIASES} alias expansions (*name), the most we allow; write the values out`,
      );
    throw new ConfigError(`${source}: not valid YAML: ${describeError(err).split('\n')[0]}`);
  }
  const loop = cyclePath(value, [], new Set());
  if (loop !== null)
    throw new ConfigError(`${source}: ${loop} contains itself (an anchor aliased inside its own node)`);
  return value;
}

/** The path of the first value that contains itself, or null. */
function cyclePath(value: unknown, at: string[], open: Set<object>): string | null {
  if (typeof value !== 'object' || value === null) return null;
  if (open.has(value)) return at.join('.') || 'the document';
  open.add(value);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  for (const [key, child] of entries) {
    const found = cyclePath(child, [...at, String(key)], open);
    if (found !== null) return found;
  }
  open.delete(value);
  return null;
}

/** The deepest nesting of flow brackets ([ and {) outside quotes and comments. */
function flowDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let quote: string | null = null;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (comment) comment = c !== '\n';
    else if (quote !== null) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) comment = true;
    else if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return deepest;
}
