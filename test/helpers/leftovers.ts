/** Test helper: assert that a staging run left nothing behind. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { findLeftovers } from '../../src/staging/leftovers.js';

/** Nothing of staging run `id` left: namespaces, host links, cgroups, containers, processes, temp dirs. */
export function assertNoLeftovers(id: string): void {
  const left = findLeftovers(true);
  const mine = (s: string): boolean => s.includes(`couper-${id}`) || s.includes(`couper-staging-${id}`);
  assert.deepEqual(left.namespaces.filter(mine), [], 'namespaces left');
  assert.deepEqual(left.links.filter(mine), [], 'links left');
  assert.deepEqual(left.cgroups.filter(mine), [], 'cgroups left');
  assert.deepEqual(left.tempDirs.filter(mine), [], 'temp dirs left');
  assert.deepEqual(left.containers.filter(mine), [], 'containers left');
  assert.equal(left.runs.includes(id), false, `processes of ${id} left`);
  const ipNetns = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
  assert.equal(ipNetns.includes(`couper-${id}`), false, 'ip netns still lists the run');
}

/** Whether a process with this pid still exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
