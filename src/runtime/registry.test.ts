/** Tests of the runtime registry (with the shared registry contract). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registryContract } from '../../test/helpers/registry-contract.js';
import { getRuntime, registerRuntime, RUNTIMES } from './registry.js';
import type { Runtime } from './runtime.js';

const fake = (name: string): Runtime => ({
  name,
  open: () => Promise.reject(new Error(`${name} opens nothing`)),
});

test('onnxruntime is the default runtime; another registers by name', () => {
  assert.equal(getRuntime().name, 'onnxruntime');
  const mine = fake('mine');
  registerRuntime(mine);
  registerRuntime(mine);
  assert.equal(getRuntime('mine'), mine);
});

registryContract({ spec: RUNTIMES, make: fake, malformed: (name) => ({ name }) });
