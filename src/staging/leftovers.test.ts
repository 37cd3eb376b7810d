/** Tests of finding what killed runs left behind. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../../test/helpers/tiny-models.js';
import { findLeftovers } from './leftovers.js';

/** A run folder as an orchestrator leaves it, owned by `pid` (no owner file when null), `ageMs` old. */
function runDir(tmp: string, name: string, pid: number | null, ageMs = 0): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'part0.onnx'), 'x');
  if (pid !== null) fs.writeFileSync(path.join(dir, 'owner'), String(pid));
  const t = (Date.now() - ageMs) / 1000;
  fs.utimesSync(dir, t, t);
  return dir;
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('run folders of killed orchestrators', () => {
  it('lists folders whose owner is gone or that stayed ownerless, and keeps live and young ones', () => {
    const tmp = tempDir('couper-leftovers-');
    const dead = runDir(tmp, 'couper-run-Dead01', deadPid());
    const live = runDir(tmp, 'couper-run-Live01', process.ppid);
    const stale = runDir(tmp, 'couper-run-Stale1', null, 120_000);
    const young = runDir(tmp, 'couper-run-Young1', null);
    const other = runDir(tmp, 'couper-run-toolong', deadPid());
    const found = findLeftovers(false, tmp).tempDirs;
    assert.deepEqual(found.sort(), [dead, stale].sort());
    assert.deepEqual(
      findLeftovers(true, tmp)
        .tempDirs.filter((d) => d.startsWith(tmp))
        .sort(),
      [dead, live, stale, young].sort(),
    );
    assert.equal(found.includes(other), false);
  });
});
