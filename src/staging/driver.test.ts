/** Tests of the staging-backend registry (with the shared registry contract). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registryContract } from '../../test/helpers/registry-contract.js';
import { DRIVERS, type StagingDriver } from './driver.js';
import { driverNames, getDriver } from './index.js';

const fake = (name: string): StagingDriver => ({
  name,
  unavailable: () => 'a test double',
  create: () => Promise.reject(new Error(`${name} builds nothing`)),
});

test('the local and podman backends are registered', () => {
  assert.deepEqual(driverNames(), ['local', 'podman']);
  assert.equal(getDriver('podman').name, 'podman');
});

registryContract({ spec: DRIVERS, make: fake, malformed: (name) => ({ name, create: () => null }) });
