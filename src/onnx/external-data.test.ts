/** Tests of external-data references: parsing, checking files, linking them beside written parts. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ModelError } from '../core/errors.js';
import { model, node, tempDir, valueInfo, FLOAT } from '../../test/helpers/build-model.js';
import { throwsNamed } from '../../test/helpers/errors.js';
import { ensureModel, modelsDir } from '../../test/helpers/models.js';
import { isExternal } from './external-data.js';
import { allTensors, readModel, writeModel } from './model-file.js';
import { DATA_LOCATION_EXTERNAL, toLong, type GraphProto, type TensorProto } from './proto.js';
import { tensorValues } from './tensor-data.js';

/** y = x + w, with w (4 floats) kept in `location` at `offset`. */
function externalModel(location: string, offset: number, length = 16) {
  const w: TensorProto = {
    name: 'w',
    dataType: FLOAT,
    dims: [toLong(4)],
    dataLocation: DATA_LOCATION_EXTERNAL,
    externalData: [
      { key: 'location', value: location },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(length) },
    ],
  };
  return model({
    input: [valueInfo('x', [4])],
    output: [valueInfo('y', [4])],
    initializer: [w],
    node: [node('Add', ['x', 'w'], ['y'])],
  });
}

describe('external data', () => {
  test('reads the weights range a tensor names', (t) => {
    const dir = tempDir(t);
    fs.writeFileSync(
      path.join(dir, 'w.bin'),
      Buffer.concat([Buffer.alloc(8), Buffer.from(new Float32Array([1, 2, 3, 4]).buffer)]),
    );
    writeModel(path.join(dir, 'm.onnx'), externalModel('w.bin', 8));
    const loaded = readModel(path.join(dir, 'm.onnx'));
    const w = loaded.proto.graph?.initializer?.[0];
    assert.ok(w);
    assert.deepEqual([...(tensorValues(w, loaded.dir).data as Float32Array)], [1, 2, 3, 4]);
  });

  test('a missing weights file is a ModelError naming it', (t) => {
    const dir = tempDir(t);
    writeModel(path.join(dir, 'm.onnx'), externalModel('gone.bin', 0));
    throwsNamed(
      () => readModel(path.join(dir, 'm.onnx')),
      ModelError,
      /tensor 'w' keeps its data in 'gone\.bin', which is missing/,
    );
  });

  test('a weights file shorter than offset + length is a ModelError', (t) => {
    const dir = tempDir(t);
    fs.writeFileSync(path.join(dir, 'w.bin'), Buffer.alloc(20));
    writeModel(path.join(dir, 'm.onnx'), externalModel('w.bin', 8));
    throwsNamed(
      () => readModel(path.join(dir, 'm.onnx')),
      ModelError,
      /tensor 'w' needs bytes 8\.\.24 of 'w\.bin', which has only 20/,
    );
  });

  test('readModel of resnet50 holds no weight bytes', () => {
    const loaded = readModel(ensureModel('resnet50'));
    const tensors = [...allTensors(loaded.proto.graph as GraphProto)];
    const external = tensors.filter(isExternal);
    const manifest = JSON.parse(
      fs.readFileSync(path.join(modelsDir(), 'resnet50.manifest.json'), 'utf8'),
    ) as {
      tensors: unknown[];
    };
    assert.equal(external.length, manifest.tensors.length);
    assert.equal(
      external.reduce((sum, t) => sum + (t.rawData?.length ?? 0), 0),
      0,
    );
    assert.ok(loaded.fileBytes < 100_000, `${loaded.fileBytes} bytes`);
  });

  test('a 3 GB (sparse) weights file is checked without being read', (t) => {
    const dir = tempDir(t);
    const weights = path.join(dir, 'big.bin');
    const size = 3 * 1024 ** 3;
    // ftruncate makes a sparse file: 3 GB long, no blocks on disk. Reading it all would take seconds and 3 GB of memory.
    const fd = fs.openSync(weights, 'w');
    fs.ftruncateSync(fd, size);
    fs.closeSync(fd);
    writeModel(path.join(dir, 'm.onnx'), externalModel('big.bin', size - 16));
    const loaded = readModel(path.join(dir, 'm.onnx'));
    const w = loaded.proto.graph?.initializer?.[0];
    assert.ok(w && isExternal(w) && (w.rawData?.length ?? 0) === 0);
    // Only the tensor's own 16 bytes are read (all zero in a sparse file).
    assert.deepEqual([...(tensorValues(w, loaded.dir).data as Float32Array)], [0, 0, 0, 0]);
  });
});
