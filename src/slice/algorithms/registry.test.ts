/** Tests of the algorithm registry and its plug-ins (with the shared registry contract). */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, PluginError } from '../../core/errors.js';
import { registryContract } from '../../../test/helpers/registry-contract.js';
import { ALGORITHMS, getAlgorithm, listAlgorithms, registerAlgorithm } from './registry.js';
import { CHAIN, contextOf, UNET, UNET_BYTES } from '../../../test/helpers/test-graphs.js';

// dist/src/slice/algorithms -> repository root
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const plugin = (name: string): string => path.join(ROOT, 'test/fixtures/plugins', name);

test('built-ins are found by name and listed', async () => {
  assert.equal((await getAlgorithm('min-cut')).name, 'min-cut');
  assert.deepEqual(
    listAlgorithms().map((a) => a.name),
    ['all-ops', 'articulation', 'min-cut'],
  );
  assert.ok(listAlgorithms().every((a) => a.description.length > 0));
});

test('an unknown name is a ConfigError that lists the known ones', async () => {
  await assert.rejects(getAlgorithm('nope'), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /unknown algorithm 'nope' \(known: all-ops, articulation, min-cut/);
    return true;
  });
});

test('the sample plug-in loads by path and returns one-tensor cuts, widest first', async () => {
  const algorithm = await getAlgorithm(plugin('widest-first.js'));
  assert.equal(algorithm.name, 'widest-first');
  const cuts = await algorithm.findCuts(contextOf(UNET, UNET_BYTES));
  assert.deepEqual(cuts, [['e1'], ['d1'], ['d2'], ['e2'], ['d3'], ['e3'], ['p']]);
});

test('a relative path works too, and a bare function is named after its file', async () => {
  const relative = path.relative(process.cwd(), plugin('every-other.mjs'));
  const algorithm = await getAlgorithm(relative.startsWith('.') ? relative : `./${relative}`);
  assert.equal(algorithm.name, 'every-other');
  assert.deepEqual(await algorithm.findCuts(contextOf(CHAIN)), [['b'], ['y']]);
});

test('a missing file, a module without an algorithm, and a module that does not load are PluginErrors', async () => {
  await assert.rejects(
    getAlgorithm('./no/such/plugin.js'),
    /^PluginError: algorithm plug-in '\.\/no\/such\/plugin\.js' does not exist$/,
  );
  await assert.rejects(getAlgorithm(plugin('no-export.js')), (err: unknown) => {
    assert.ok(err instanceof PluginError);
    assert.match(err.message, /no-export\.js' exports no algorithm/);
    return true;
  });
  await assert.rejects(
    getAlgorithm(plugin('throws-on-import.js')),
    /throws-on-import\.js' does not load: cannot start: missing configuration$/,
  );
});

test('a plug-in that throws or returns the wrong shape fails with one line naming the file', async () => {
  const broken = await getAlgorithm(plugin('broken.js'));
  const run = (maxTensors: number): Promise<unknown> =>
    Promise.resolve(broken.findCuts(contextOf(CHAIN, {}, maxTensors)));
  await assert.rejects(run(1), (err: unknown) => {
    assert.ok(err instanceof PluginError);
    assert.match(err.message, /^algorithm plug-in '.*broken\.js' failed: boom$/);
    return true;
  });
  await assert.rejects(run(2), /returned the string 'not cuts'; expected an array of arrays of tensor names/);
  await assert.rejects(run(3), /returned number 7 as tensor 1 of cut 1;/);
});

test('registerAlgorithm adds a name once', async () => {
  const mine = { name: 'first-only', description: 'the first cut', findCuts: () => [['a']] };
  registerAlgorithm(mine);
  registerAlgorithm(mine);
  assert.equal(await getAlgorithm('first-only'), mine);
  assert.throws(() => registerAlgorithm({ ...mine }), PluginError);
  assert.throws(() => registerAlgorithm({ ...mine, name: './x.js' }), PluginError);
});

registryContract({
  spec: ALGORITHMS,
  make: (name) => ({ name, description: `${name} cuts`, findCuts: () => [['b']] }),
  malformed: (name) => ({ name, description: 'no findCuts' }),
  plugins: {
    asDefault: 'export default { name: "mine", findCuts: (ctx) => [[ctx.graph.outputs[0]]] };\n',
    asNamed:
      'export const name = "mine";\nexport function findCuts(ctx) { return [[ctx.graph.outputs[0]]]; }\n',
    async check(algorithm) {
      assert.equal(algorithm.name, 'mine');
      assert.deepEqual(await algorithm.findCuts(contextOf(CHAIN)), [['y']]);
    },
  },
});
