/** Tests of the evaluation's progress line and how decision values are written. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatValue, progressLine } from './progress.js';

test('the progress line shows the bar, the candidate, the best so far and the time left', () => {
  const line = progressLine(
    { index: 2, total: 4, key: 'c1', best: { key: 'c0', value: 12.34 }, etaMs: 1500 },
    'latency',
  );
  assert.equal(line, '[##########..........] 2/4 c1 · best c0 12.3 ms · ~2 s left');
  const first = progressLine(
    { index: 0, total: 4, key: 'client-only', best: null, etaMs: Infinity },
    'bytes',
  );
  assert.equal(first, '[....................] 0/4 client-only · no best yet · time left unknown');
});

test('values are written in the objective’s unit', () => {
  assert.equal(formatValue(0.125, 'drop-rate'), '12.5% dropped');
  assert.equal(formatValue(1024.4, 'bytes'), '1024 B/frame');
});
