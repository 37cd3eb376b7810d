/**
 * Every TypeScript source file opens with a comment saying what it is for
 * (docs/ARCHITECTURE.md, "Where things are"); generated code is left out.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// dist/test -> the repository root
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'gen' ? [] : sources(relative);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}

test('every source file in src/, test/ and bench/ opens with a /** … */ comment', () => {
  const files = ['src', 'test', 'bench'].flatMap(sources);
  assert.ok(files.length > 200, `found only ${files.length} files under ${ROOT}`);
  const bare = files.filter((f) => !/^\/\*\*\s*\S/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
  assert.deepEqual(bare, [], 'files without an opening comment');
});
