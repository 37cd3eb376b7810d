/** Tests of the run's owner of stage processes and its folder. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { RunResources } from './processes.js';

it('an orchestrator writes its pid into its run folder (for `staging clean`), and removes the folder', async () => {
  const resources = new RunResources();
  assert.equal(fs.readFileSync(path.join(resources.dir, 'owner'), 'utf8'), String(process.pid));
  await resources.close();
  assert.equal(fs.existsSync(resources.dir), false);
});
