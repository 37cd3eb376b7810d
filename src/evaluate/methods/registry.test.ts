/** Tests of the selection-method registry and its plug-ins (with the shared registry contract). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PluginError } from '../../core/errors.js';
import { registryContract } from '../../../test/helpers/registry-contract.js';
import type { MethodContext } from './method.js';
import { getMethod, listMethods, METHODS, registerMethod } from './registry.js';

test('built-ins are found by name and listed', async () => {
  assert.equal((await getMethod('hybrid')).name, 'hybrid');
  assert.deepEqual(
    listMethods().map((m) => m.name),
    ['strongman', 'comm-slim', 'early-stop', 'hybrid', 'predictive'],
  );
});

test('registerMethod adds a name once', async () => {
  const mine = { name: 'never-stop', description: 'stages everything', stop: () => null };
  registerMethod(mine);
  registerMethod(mine);
  assert.equal(await getMethod('never-stop'), mine);
  assert.throws(() => registerMethod({ ...mine }), PluginError);
});

/** A context no hook below reads. */
const ctx = {} as MethodContext;

registryContract({
  spec: METHODS,
  make: (name) => ({ name, description: `${name} method`, stop: () => 'at once' }),
  malformed: (name) => ({ name, description: 'stop is no function', stop: 'soon' }),
  plugins: {
    asDefault:
      'export default { name: "mine", stop: () => "done", next: () => { throw new Error("boom"); } };\n',
    asNamed:
      'export const name = "mine";\nexport function stop() { return "done"; }\nexport function next() { throw new Error("boom"); }\n',
    check(method) {
      assert.equal(method.name, 'mine');
      assert.equal(method.stop?.(ctx, { kept: [], history: [] }), 'done');
      assert.throws(
        () => method.next?.(ctx, { kept: [], history: [] }),
        (err: unknown) =>
          err instanceof PluginError && /plug-in '.*' failed in next: boom$/.test(err.message),
      );
    },
  },
});
