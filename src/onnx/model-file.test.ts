/** Tests of reading ONNX files: decoding, truncation, missing external data. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import protobuf from 'protobufjs/minimal.js';
import { ModelError } from '../core/errors.js';
import { chainModel, tempDir } from '../../test/helpers/build-model.js';
import { throwsNamed } from '../../test/helpers/errors.js';
import { ensureModel, ocrModel } from '../../test/helpers/models.js';
import { checkModelPath, decodeModel, encodeModel, readModel, writeModel } from './model-file.js';

// 'JFIF' header of a JPEG file.
const JPEG = Uint8Array.of(
  0xff,
  0xd8,
  0xff,
  0xe0,
  0x00,
  0x10,
  0x4a,
  0x46,
  0x49,
  0x46,
  0x00,
  0x01,
  0x01,
  0x00,
);

function seededBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

describe('readModel', () => {
  test('reads a model it wrote', (t) => {
    const file = path.join(tempDir(t), 'chain.onnx');
    const bytes = writeModel(file, chainModel());
    const loaded = readModel(file);
    assert.equal(loaded.fileBytes, bytes);
    assert.deepEqual(
      loaded.proto.graph?.node?.map((n) => n.opType),
      ['Relu', 'Neg'],
    );
  });

  const notModels: Array<[string, Uint8Array | string, RegExp]> = [
    ['an empty file', new Uint8Array(0), /is empty, not an ONNX model/],
    ['random bytes', seededBytes(4096), /not an ONNX model|truncated or corrupt/],
    ['a JPEG header', JPEG, /not an ONNX model/],
    ['a text file', 'name: resnet50\nlayers: 50\n', /not an ONNX model/],
  ];
  for (const [what, content, pattern] of notModels) {
    test(`rejects ${what} with a ModelError naming the file`, (t) => {
      const file = path.join(tempDir(t), 'model.onnx');
      fs.writeFileSync(file, content);
      const message = throwsNamed(() => readModel(file), ModelError, pattern);
      assert.ok(message.includes(file), message);
    });
  }

  test('rejects a missing path', (t) => {
    const file = path.join(tempDir(t), 'nope.onnx');
    throwsNamed(() => readModel(file), ModelError, /model file '.*nope\.onnx' does not exist/);
  });

  test('rejects a folder', (t) => {
    const dir = tempDir(t);
    throwsNamed(() => readModel(dir), ModelError, /is a folder, not an \.onnx file/);
  });

  test('checkModelPath: the same errors without reading the model; a real file passes', (t) => {
    const dir = tempDir(t);
    throwsNamed(
      () => checkModelPath(path.join(dir, 'nope.onnx')),
      ModelError,
      /model file '.*nope\.onnx' does not exist/,
    );
    throwsNamed(() => checkModelPath(dir), ModelError, /is a folder, not an \.onnx file/);
    const file = path.join(dir, 'any.onnx');
    fs.writeFileSync(file, 'x');
    checkModelPath(file);
  });
});

describe('decodeModel on truncated files', () => {
  for (const [name, file] of [
    ['resnet50', () => ensureModel('resnet50')],
    ['PaddleOCR cls', () => ocrModel('ch_ppocr_mobile_v2.0_cls_infer')],
  ] as const) {
    test(`every cut of ${name} is a ModelError`, () => {
      const bytes = new Uint8Array(fs.readFileSync(file()));
      assert.ok(decodeModel(bytes, name).graph, 'the whole file decodes');
      const cuts = cutPoints(bytes);
      assert.ok(cuts.length >= 20);
      for (const cut of cuts) {
        throwsNamed(
          () => decodeModel(bytes.subarray(0, cut), `${name}[:${cut}]`),
          ModelError,
          /truncated or corrupt|not an ONNX model/,
        );
      }
    });
  }

  test('a cut between the graph and opset_import is called truncated', () => {
    const bytes = encodeModel(chainModel());
    const graphEnd = fieldBoundaries(bytes).find((b) => b.field === 7)?.end ?? 0;
    assert.ok(graphEnd > 0 && graphEnd < bytes.length);
    throwsNamed(
      () => decodeModel(bytes.subarray(0, graphEnd), 'm'),
      ModelError,
      /m is truncated or corrupt \(IR version 8 but no opset_import\)/,
    );
  });
});

/** 20 evenly spread cuts, plus every top-level field boundary short of the end. */
function cutPoints(bytes: Uint8Array): number[] {
  const even = Array.from({ length: 20 }, (_, i) => 1 + Math.floor(((bytes.length - 2) * i) / 19));
  const boundaries = fieldBoundaries(bytes).map((b) => b.end);
  return [...new Set([...even, ...boundaries])]
    .filter((c) => c > 0 && c < bytes.length)
    .sort((a, b) => a - b);
}

/** Where each top-level protobuf field of a message ends. */
function fieldBoundaries(bytes: Uint8Array): Array<{ field: number; end: number }> {
  const reader = protobuf.Reader.create(bytes);
  const out: Array<{ field: number; end: number }> = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    reader.skipType(tag & 7);
    out.push({ field: tag >>> 3, end: reader.pos });
  }
  return out;
}
