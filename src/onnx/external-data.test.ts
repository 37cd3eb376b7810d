/** Tests of external-data references: parsing, checking files, linking them beside written parts. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { ModelError } from '../core/errors.js';
import { model, node, tempDir, valueInfo, FLOAT } from '../../test/helpers/build-model.js';
import { throwsNamed } from '../../test/helpers/errors.js';
import { ensureModel, modelsDir } from '../../test/helpers/models.js';
import { isExternal, linkExternalFiles } from './external-data.js';
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

  describe('a location must stay inside the model folder', () => {
    /** A folder `model/` holding m.onnx whose weights are at `location`, and w.bin beside the folder. */
    function escaping(t: TestContext, location: string | ((dir: string) => string)) {
      const root = tempDir(t);
      const dir = path.join(root, 'model');
      fs.mkdirSync(dir);
      const outside = path.join(root, 'w.bin');
      fs.writeFileSync(outside, WEIGHTS);
      const loc = typeof location === 'string' ? location : location(dir);
      const file = path.join(dir, 'm.onnx');
      writeModel(file, externalModel(loc, 0));
      return { root, dir, outside, file, loc };
    }
    const WEIGHTS = Buffer.from(new Float32Array([1, 2, 3, 4]).buffer);

    test('an absolute path is refused before the file is opened', (t) => {
      const { file, outside } = escaping(t, (dir) => path.join(dir, '..', 'w.bin'));
      const before = fs.statSync(outside).atimeMs;
      throwsNamed(
        () => readModel(file),
        ModelError,
        /^tensor 'w' keeps its data in '\/.*w\.bin', an absolute path; external data must be a file inside the model's folder/,
      );
      assert.equal(fs.statSync(outside).atimeMs, before);
    });

    test("'..' out of the folder is refused, '..' that stays inside is not", (t) => {
      const { file } = escaping(t, '../w.bin');
      throwsNamed(() => readModel(file), ModelError, /'\.\.\/w\.bin', outside the model's folder /);
      const inside = escaping(t, 'sub/../w.bin');
      fs.mkdirSync(path.join(inside.dir, 'sub'));
      fs.writeFileSync(path.join(inside.dir, 'w.bin'), WEIGHTS);
      const w = readModel(inside.file).proto.graph!.initializer![0]!;
      assert.deepEqual([...(tensorValues(w, inside.dir).data as Float32Array)], [1, 2, 3, 4]);
    });

    test('a symbolic link that points out of the folder is refused, one that stays inside is not', (t) => {
      const { dir, file, outside } = escaping(t, 'link.bin');
      fs.symlinkSync(outside, path.join(dir, 'link.bin'));
      throwsNamed(
        () => readModel(file),
        ModelError,
        /'link\.bin', which leads to \/.*\/w\.bin, outside the model's folder /,
      );
      fs.rmSync(path.join(dir, 'link.bin'));
      fs.writeFileSync(path.join(dir, 'real.bin'), WEIGHTS);
      fs.symlinkSync('real.bin', path.join(dir, 'link.bin'));
      assert.equal(readModel(file).dir, dir);
    });

    test("a link to a folder followed by '..' is read as the kernel reads it", (t) => {
      // Lexically 'up/../w.bin' is 'w.bin', inside; the kernel follows 'up' first and lands outside.
      const { root, dir, file } = escaping(t, 'up/../w.bin');
      fs.mkdirSync(path.join(root, 'elsewhere'));
      fs.symlinkSync(path.join(root, 'elsewhere'), path.join(dir, 'up'));
      fs.writeFileSync(path.join(dir, 'w.bin'), WEIGHTS);
      throwsNamed(() => readModel(file), ModelError, /'up\/\.\.\/w\.bin', which leads to .*, outside /);
    });

    test('tensor values and linking refuse an escaping location even without readModel', (t) => {
      const { dir } = escaping(t, '../w.bin');
      const w = externalModel('../w.bin', 0).graph!.initializer![0]!;
      throwsNamed(() => tensorValues(w, dir), ModelError, /outside the model's folder/);
      const out = tempDir(t);
      throwsNamed(() => linkExternalFiles(dir, ['../w.bin'], out), ModelError, /outside the model's folder/);
      assert.deepEqual(fs.readdirSync(out), []);
    });

    test('a folder or a FIFO is not a weights file', (t) => {
      const { dir, file } = escaping(t, 'sub');
      fs.mkdirSync(path.join(dir, 'sub'));
      throwsNamed(() => readModel(file), ModelError, /'sub', which is not a regular file/);
      // A FIFO would block the first read forever; stat'ing it does not open it.
      const fifo = escaping(t, 'pipe');
      execFileSync('mkfifo', [path.join(fifo.dir, 'pipe')]);
      throwsNamed(() => readModel(fifo.file), ModelError, /'pipe', which is not a regular file/);
    });

    test('a hard link inside the folder is accepted, as onnxruntime accepts it, and slicing links it again', (t) => {
      // By path it is inside; only someone who could read the file could have made it (docs: external-data.ts).
      const { dir, file, outside } = escaping(t, 'hard.bin');
      fs.linkSync(outside, path.join(dir, 'hard.bin'));
      const loaded = readModel(file);
      const w = loaded.proto.graph!.initializer![0]!;
      assert.deepEqual([...(tensorValues(w, loaded.dir).data as Float32Array)], [1, 2, 3, 4]);
      const out = tempDir(t);
      const { renamed } = linkExternalFiles(dir, ['hard.bin'], out);
      assert.equal(renamed.get('hard.bin'), 'hard.bin');
      assert.equal(fs.statSync(path.join(out, 'hard.bin')).ino, fs.statSync(outside).ino);
      assert.equal(fs.statSync(outside).nlink, 3);
    });
  });
});
