/** Tests of writing a split model's parts, slice.json and external weights. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../core/errors.js';
import { silentLogger } from '../core/log.js';
import { externalRef } from '../onnx/external-data.js';
import { readModel, type LoadedModel } from '../onnx/model-file.js';
import { DATA_LOCATION_EXTERNAL, type TensorProto } from '../onnx/proto.js';
import { CHAIN, saveModel, tempDir, tinyGraph, wrap } from '../../test/helpers/tiny-models.js';
import { buildModelGraph } from './model-graph.js';
import { planSlices } from './plan.js';
import { verifySlices } from './verify.js';
import { writeSlices } from './write.js';

/** CHAIN with w1 and w2 stored in `location` (relative to the model's folder). */
function externalChain(location: string): LoadedModel {
  const dir = tempDir();
  const graph = tinyGraph(CHAIN);
  const values = (graph.initializer ?? []).map((t) => Float32Array.from(t.floatData ?? []));
  fs.mkdirSync(path.dirname(path.join(dir, location)), { recursive: true });
  fs.writeFileSync(path.join(dir, location), Buffer.concat(values.map((v) => Buffer.from(v.buffer))));
  let offset = 0;
  const initializer: TensorProto[] = (graph.initializer ?? []).map(({ floatData: _values, ...t }, i) => {
    const length = values[i]!.byteLength;
    const entry = [
      { key: 'location', value: location },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(length) },
    ];
    offset += length;
    return {
      ...t,
      dataLocation: DATA_LOCATION_EXTERNAL,
      externalData: entry,
    };
  });
  return saveModel(wrap({ ...graph, initializer }), dir);
}

function sliceChain(model: LoadedModel, outDir: string) {
  const plan = planSlices(buildModelGraph(model.proto), model.proto, [['b']]);
  return { plan, written: writeSlices(plan, model, outDir, silentLogger) };
}

describe('writeSlices', () => {
  it('links external weights into the folder and keeps them external', async () => {
    const model = externalChain('weights/chain.bin');
    const out = tempDir();
    const { plan, written } = sliceChain(model, out);
    assert.deepEqual(written.externalFiles, { 'weights/chain.bin': 'chain.bin' });
    assert.deepEqual(written.copied, []);
    assert.equal(
      fs.statSync(path.join(out, 'chain.bin')).ino,
      fs.statSync(path.join(model.dir, 'weights/chain.bin')).ino,
    );
    for (const [k, name] of [
      [0, 'w1'],
      [1, 'w2'],
    ] as const) {
      const part = readModel(path.join(out, `part${k}.onnx`));
      const inits = part.proto.graph!.initializer ?? [];
      assert.deepEqual(
        inits.map((t) => t.name),
        [name],
      );
      assert.equal(externalRef(inits[0]!)?.location, 'chain.bin');
      assert.equal(inits[0]!.rawData?.length ?? 0, 0);
    }
    const result = await verifySlices(model, plan, out);
    assert.equal(result.maxAbs, 0);
  });

  it('writes slice.json with the written file names and without internal indices', () => {
    const model = externalChain('chain.bin');
    const out = tempDir();
    sliceChain(model, out);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'slice.json'), 'utf8')) as {
      parts: { file: string; externalFiles: string[]; nodeIndices?: number[] }[];
    };
    assert.deepEqual(
      json.parts.map((p) => [p.file, p.externalFiles, p.nodeIndices]),
      [
        ['part0.onnx', ['chain.bin'], undefined],
        ['part1.onnx', ['chain.bin'], undefined],
      ],
    );
  });

  it('overwrites an earlier slice in the same folder and refuses a file as the folder', () => {
    const model = externalChain('chain.bin');
    const out = tempDir();
    fs.writeFileSync(path.join(out, 'chain.bin'), 'stale');
    sliceChain(model, out);
    sliceChain(model, out);
    assert.equal(fs.statSync(path.join(out, 'chain.bin')).size, 24);
    const file = path.join(out, 'slice.json');
    assert.throws(() => sliceChain(model, file), ConfigError);
  });

  it('writes weights inline when the model has them inline', () => {
    const model = saveModel(wrap(tinyGraph(CHAIN)));
    const out = tempDir();
    const { written } = sliceChain(model, out);
    assert.deepEqual(written.externalFiles, {});
    assert.deepEqual(fs.readdirSync(out).sort(), ['part0.onnx', 'part1.onnx', 'slice.json']);
    const part = readModel(path.join(out, 'part1.onnx'));
    assert.deepEqual(part.proto.graph!.initializer![0]!.floatData, [3, 0.25, -0.5]);
  });
});
