/**
 * PrepareCache: an evaluation's runs read and analyse the model once — the
 * same objects whatever way the path is written, a new analysis for other
 * shape options, a seeded analysis used as is, and a failed load not kept.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadForCutting } from '../slice/load.js';
import { PrepareCache } from './prepare.js';
import { ensureModel } from '../../test/helpers/models.js';

test('one read and one analysis per model and shape options', async () => {
  const file = ensureModel('squeezenet1_1');
  const relative = path.relative(process.cwd(), file);
  const cache = new PrepareCache();
  const model = cache.model(file);
  assert.equal(cache.model(relative), model);
  const options = { inputShapes: { input: [1, 3, 224, 224] }, cacheDir: null };
  const analysed = await cache.analysed(file, options);
  assert.equal(await cache.analysed(relative, { ...options }), analysed);
  const other = await cache.analysed(file, { inputShapes: { input: [2, 3, 224, 224] }, cacheDir: null });
  assert.notEqual(other, analysed);
  assert.equal(other.shapes.get(analysed.mg.graph.inputs[0]!)?.shape[0], 2);
});

test('a seeded analysis is used as is, and a failed load is tried again', async () => {
  const file = ensureModel('squeezenet1_1');
  const options = { cacheDir: null };
  const { analysed } = await loadForCutting(file, options);
  const cache = new PrepareCache();
  cache.seed(analysed, options);
  assert.equal(await cache.analysed(file, options), analysed);
  assert.equal(cache.model(file), analysed.model);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-prepare-cache-'));
  try {
    const late = path.join(dir, 'late.onnx');
    await assert.rejects(cache.analysed(late, options), /does not exist/);
    fs.copyFileSync(file, late);
    fs.copyFileSync(file.replace(/\.onnx$/, '.weights'), path.join(dir, 'squeezenet1_1.weights'));
    assert.equal((await cache.analysed(late, options)).mg.graph.ops.length, analysed.mg.graph.ops.length);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
