/** Tests of the post-processor registry and its plug-ins (with the shared registry contract). */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PluginError } from '../../core/errors.js';
import { registryContract } from '../../../test/helpers/registry-contract.js';
import type { PostProcessorFactory } from './postprocessor.js';
import { getPostProcessor, listPostProcessors, POST_PROCESSORS, registerPostProcessor } from './registry.js';

const config = { output: null, labels: null, options: { scale: 10 } };
const outputs = { y: { dtype: 'float32' as const, shape: [2], data: new Float32Array([1, 2]) } };
let dir: string;
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-postprocess-'))));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('post-processor registry', () => {
  it('lists the built-ins and rejects unknown kinds', async () => {
    assert.deepEqual(
      listPostProcessors().map((p) => p.kind),
      ['classification', 'segmentation', 'detection-map'],
    );
    await assert.rejects(
      getPostProcessor('ocr', config),
      /unknown post-processor 'ocr' \(known: classification, segmentation, detection-map/,
    );
  });

  it('registers a kind in code, once', async () => {
    const count: PostProcessorFactory = {
      kind: 'count',
      description: 'n',
      create: () => ({ kind: 'count', process: (o) => ({ n: Object.keys(o).length }) }),
    };
    registerPostProcessor(count);
    registerPostProcessor(count);
    assert.deepEqual(await (await getPostProcessor('count', config)).process(outputs), { n: 1 });
    assert.throws(() => registerPostProcessor({ ...count }), PluginError);
  });

  it('loads plug-ins exporting a function, an object with process, or create', async () => {
    const fn = write(
      'fn.mjs',
      'export default (o, c) => ({ sum: o.y.data[0] + o.y.data[1], scale: c.options.scale });\n',
    );
    assert.deepEqual(await (await getPostProcessor(fn, config)).process(outputs), { sum: 3, scale: 10 });
    const obj = write('obj.mjs', 'export default { process(o) { return { first: o.y.data[0] }; } };\n');
    assert.deepEqual(await (await getPostProcessor(obj, config)).process(outputs), { first: 1 });
    const made = write(
      'made.mjs',
      'export function create(c) { return { process: (o) => ({ scaled: o.y.data[1] * c.options.scale }) }; }\n',
    );
    assert.deepEqual(await (await getPostProcessor(made, config)).process(outputs), { scaled: 20 });
  });

  it('turns every plug-in failure into one PluginError naming the file', async () => {
    const cases: [string, string, RegExp][] = [
      ['none.mjs', 'export const x = 1;\n', /exports no post-processor/],
      ['syntax.mjs', 'export default (;\n', /does not load/],
    ];
    for (const [name, text, message] of cases) {
      await assert.rejects(
        getPostProcessor(write(name, text), config),
        (err: unknown) =>
          err instanceof PluginError && message.test(err.message) && err.message.includes(name),
      );
    }
    await assert.rejects(getPostProcessor(path.join(dir, 'missing.js'), config), /does not exist/);
    const throws = await getPostProcessor(
      write('throws.mjs', 'export default () => { throw new Error("boom"); };\n'),
      config,
    );
    await assert.rejects(async () => throws.process(outputs), /plug-in '.*throws.mjs' failed: boom/);
    const number = await getPostProcessor(write('number.mjs', 'export default () => 42;\n'), config);
    await assert.rejects(async () => number.process(outputs), /returned number 42; expected an object/);
  });
});

registryContract({
  spec: POST_PROCESSORS,
  make: (kind) => ({ kind, description: kind, create: () => ({ kind, process: () => ({}) }) }),
  malformed: (kind) => ({ kind, description: 'no create' }),
  plugins: {
    asDefault: 'export default (o, c) => ({ first: o.y.data[0], scale: c.options.scale });\n',
    asNamed: 'export function process(o, c) { return { first: o.y.data[0], scale: c.options.scale }; }\n',
    async check(factory) {
      const made = await factory.create(config);
      assert.deepEqual(await made.process(outputs), { first: 1, scale: 10 });
    },
  },
});
