/**
 * The `--timings` table: each phase with its count, seconds and share, the
 * unclaimed rest as "other", and a total that the rows add up to.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PhaseTimes } from '../../core/phases.js';
import { renderPhases } from './phases.js';

test('phases in first-run order, repeated ones summed and counted, the rest as other', async () => {
  const phases = new PhaseTimes();
  phases.add('read model', 250);
  phases.add('warm-up', 1000);
  phases.add('warm-up', 500);
  await assert.rejects(
    phases.time('teardown', () => Promise.reject(new Error('boom'))),
    /boom/,
  );
  assert.deepEqual(
    phases.rows().map((r) => [r.phase, r.count]),
    [
      ['read model', 1],
      ['warm-up', 2],
      ['teardown', 1],
    ],
  );
  assert.equal(phases.rows()[1]!.ms, 1500);
  const withoutTeardown = new PhaseTimes();
  withoutTeardown.add('read model', 250);
  withoutTeardown.add('warm-up', 1500);
  const lines = renderPhases(withoutTeardown.rows(), 4000).split('\n');
  assert.match(lines[2]!, /^read model\s+0\.25\s+6%$/);
  assert.match(lines[3]!, /^warm-up\s+1\.50\s+38%$/);
  assert.match(lines[4]!, /^other \(process start, modules, between phases\)\s+2\.25\s+56%$/);
  assert.match(lines[5]!, /^total\s+4\.00\s+100%$/);
});

test('a repeated phase shows how many times it ran', () => {
  const phases = new PhaseTimes();
  phases.add('measure', 100);
  phases.add('measure', 300);
  assert.match(renderPhases(phases.rows(), 400).split('\n')[2]!, /^measure\s+2\s+0\.40\s+100%$/);
});
