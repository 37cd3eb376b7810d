/**
 * Tests of resolveShapes: static, run and auto sources, the note on what
 * needed the run, and the run cache.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { model, node, tempDir, valueInfo } from '../../test/helpers/build-model.js';
import { rejectsNamed } from '../../test/helpers/errors.js';
import { attr } from '../../test/helpers/shape-infer.js';
import { ModelError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { readModel, writeModel, type LoadedModel } from '../onnx/model-file.js';
import { toLong } from '../onnx/proto.js';
import type { Runtime } from '../runtime/runtime.js';
import { buildModelGraph } from './model-graph.js';
import { shapeCacheKey } from './shape-cache.js';
import { resolveShapes, type ShapeOptions } from './shapes.js';

/** x[4] → NonZero → Cast(uint8) → y: the NonZero's size depends on x's values, so only a run knows it. */
function dataDependent(dir: string, name = 'nz.onnx'): LoadedModel {
  const file = path.join(dir, name);
  writeModel(
    file,
    model({
      input: [valueInfo('x', [4])],
      output: [{ name: 'y' }],
      node: [
        node('Relu', ['x'], ['r']),
        node('NonZero', ['x'], ['nz']),
        node('Cast', ['nz'], ['y'], { attribute: [attr.int('to', 2)] }),
      ],
    }),
  );
  return readModel(file);
}

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m) };
}

/** A runtime that fails the test if anything opens a model: the shapes must come from elsewhere. */
const noRuns: Runtime = {
  name: 'none',
  open: () => Promise.reject(new Error('the model was run')),
};

async function shapesOf(m: LoadedModel, options: ShapeOptions) {
  return resolveShapes(m, buildModelGraph(m.proto), options);
}

function cacheFolder(t: TestContext): string {
  return path.join(tempDir(t), 'cache');
}

test('static: one error naming the first tensor it cannot infer, and why', async (t) => {
  const m = dataDependent(tempDir(t));
  await rejectsNamed(
    shapesOf(m, { source: 'static', log: recorder(), cacheDir: null }),
    ModelError,
    /cannot infer the shape of tensor 'nz' without running the model: NonZero node 'NonZero_nz' needs the values of model input 'x'/,
  );
});

test('auto: only what inference leaves unknown comes from the run, and a note says how many', async (t) => {
  const m = dataDependent(tempDir(t));
  const log = recorder();
  const table = await shapesOf(m, { log, cacheDir: null });
  assert.deepEqual(table.get('nz')?.shape, [1, 4]);
  assert.deepEqual(table.get('y'), { name: 'y', dtype: 'uint8', shape: [1, 4], bytes: 4 });
  assert.deepEqual(table.get('r')?.shape, [4]);
  assert.equal(log.lines.length, 1);
  assert.match(
    log.lines[0]!,
    /^note: 2 of 4 tensor shapes could not be inferred statically \(first 'nz'.*learnt by running the model in onnxruntime$/,
  );
});

test('auto on a model inference covers: no run, no note, no cache entry', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'm.onnx');
  writeModel(
    file,
    model({
      input: [valueInfo('x', [2, 3])],
      output: [{ name: 'y' }],
      node: [node('Transpose', ['x'], ['y'])],
    }),
  );
  const log = recorder();
  const cacheDir = cacheFolder(t);
  const table = await shapesOf(readModel(file), { log, runtime: noRuns, cacheDir });
  assert.deepEqual(table.get('y')?.shape, [3, 2]);
  assert.deepEqual(log.lines, []);
  assert.equal(fs.existsSync(cacheDir), false);
});

test('the run is cached: a second resolve reads it back without running', async (t) => {
  const m = dataDependent(tempDir(t));
  const cacheDir = cacheFolder(t);
  const first = await shapesOf(m, { log: recorder(), cacheDir });
  assert.equal(fs.readdirSync(cacheDir).length, 1);
  const log = recorder();
  const second = await shapesOf(m, { log, runtime: noRuns, cacheDir });
  assert.deepEqual([...second], [...first]);
  assert.match(log.lines[0]!, /taken from the cache of an earlier onnxruntime run$/);
});

test('a corrupt cache entry is ignored and rewritten', async (t) => {
  const m = dataDependent(tempDir(t));
  const cacheDir = cacheFolder(t);
  await shapesOf(m, { log: recorder(), cacheDir });
  const [entry] = fs.readdirSync(cacheDir);
  fs.writeFileSync(path.join(cacheDir, entry!), '{"format":1,"key":"x","tens');
  await assert.rejects(shapesOf(m, { log: recorder(), runtime: noRuns, cacheDir }), /the model was run/);
  const log = recorder();
  const table = await shapesOf(m, { log, cacheDir });
  assert.deepEqual(table.get('nz')?.shape, [1, 4]);
  assert.doesNotThrow(() => JSON.parse(fs.readFileSync(path.join(cacheDir, entry!), 'utf8')));
  assert.match(log.lines[0]!, /learnt by running/);
});

test('run: the onnxruntime run alone, never the cache', async (t) => {
  const m = dataDependent(tempDir(t));
  const cacheDir = cacheFolder(t);
  await shapesOf(m, { log: recorder(), cacheDir });
  await assert.rejects(
    shapesOf(m, { source: 'run', log: recorder(), runtime: noRuns, cacheDir }),
    /the model was run/,
  );
});

test('the cache key changes with the model file, the input shapes and the external data', (t) => {
  const dir = tempDir(t);
  const m = dataDependent(dir);
  const specs = [{ name: 'x', dtype: 'float32' as const, shape: [4], defaulted: [] }];
  const key = shapeCacheKey(m, specs);
  assert.equal(shapeCacheKey(m, specs), key);
  assert.notEqual(shapeCacheKey(m, [{ ...specs[0]!, shape: [5] }]), key);
  fs.appendFileSync(m.file, Buffer.from([0]));
  assert.notEqual(shapeCacheKey(m, specs), key);
});

test('a tensor past 1 TiB (constants that Expand to 2^52 rows) is a ModelError naming it, not a plan', async (t) => {
  const file = path.join(tempDir(t), 'expand.onnx');
  const INT64 = 7;
  const expandTo = (rows: number) =>
    model({
      input: [valueInfo('x', [1, 4])],
      output: [{ name: 'z' }],
      initializer: [{ name: 's', dataType: INT64, dims: [toLong(2)], int64Data: [toLong(rows), toLong(4)] }],
      node: [node('Relu', ['x'], ['a']), node('Expand', ['a', 's'], ['y']), node('Relu', ['y'], ['z'])],
    });
  writeModel(file, expandTo(2 ** 52));
  await rejectsNamed(
    shapesOf(readModel(file), { source: 'static', log: recorder(), cacheDir: null, runtime: noRuns }),
    ModelError,
    /^tensor 'y' would have the shape 4503599627370496x4 \(7\.21e\+16 bytes of float32\), above the limit of 1099511627776 bytes \(1 TiB\)/,
  );
  // 2^36 rows of 4 floats is exactly 1 TiB: allowed (nothing is allocated to plan it).
  writeModel(file, expandTo(2 ** 36));
  const table = await shapesOf(readModel(file), {
    source: 'static',
    log: recorder(),
    cacheDir: null,
    runtime: noRuns,
  });
  assert.equal(table.get('y')?.bytes, 2 ** 40);
});
