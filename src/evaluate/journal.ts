/**
 * The evaluation journal: append-only JSON lines, a header saying what is
 * being evaluated and then one line per finished run. `--resume` replays it
 * so finished runs are not staged again; a last line cut short by an
 * interruption is ignored (that run is simply staged again).
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeDir } from '../core/dirs.js';
import { ConfigError } from '../core/errors.js';
import type { RunRecord } from './types.js';

export const JOURNAL_FILE = 'journal.jsonl';

/** What must match for a journal to be resumed. */
export type JournalHeader = Readonly<Record<string, string | number | null>>;

export interface Journal {
  readonly file: string;
  /** Runs finished before this session, by key. */
  readonly done: ReadonlyMap<string, RunRecord>;
  append(record: RunRecord): void;
}

export function openJournal(dir: string, header: JournalHeader, resume: boolean): Journal {
  const file = path.join(dir, JOURNAL_FILE);
  makeDir(dir, '--out');
  const exists = fs.existsSync(file);
  if (exists && !resume)
    throw new ConfigError(
      `'${dir}' already holds an evaluation (${JOURNAL_FILE}); pass --resume to continue it or choose another --out`,
    );
  const done = new Map<string, RunRecord>();
  if (exists) for (const r of readJournal(file, header)) done.set(r.key, r);
  else fs.writeFileSync(file, `${JSON.stringify({ type: 'header', ...header })}\n`);
  return {
    file,
    done,
    append(record) {
      fs.appendFileSync(file, `${JSON.stringify({ type: 'run', record })}\n`);
    },
  };
}

function readJournal(file: string, header: JournalHeader): RunRecord[] {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const parsed = lines.map((line, i) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      if (i === lines.length - 1) return null;
      throw new ConfigError(`journal '${file}' line ${i + 1} is not JSON`);
    }
  });
  const head = parsed[0];
  if (head?.type !== 'header') throw new ConfigError(`journal '${file}' has no header line`);
  for (const [key, value] of Object.entries(header)) {
    if (head[key] !== value)
      throw new ConfigError(
        `journal '${file}' is for ${key} ${JSON.stringify(head[key])}, not ${JSON.stringify(value)}; use another --out`,
      );
  }
  return parsed.flatMap((p) => (p?.type === 'run' ? [p.record as RunRecord] : []));
}
