/** Tests of the classifier stage's post-processing: labels, top-k, plug-ins. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClassifier, readLabels } from './classifier.js';
import { DEFAULT_PROFILE, loadProfile } from './profile.js';

const scores = (values: number[]) => ({
  out: { dtype: 'float32' as const, shape: [1, values.length], data: new Float32Array(values) },
});
let dir: string;

before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-classifier-'))));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('classifier', () => {
  it('reads one label per line', () => {
    const file = path.join(dir, 'labels.txt');
    fs.writeFileSync(file, 'tench\r\ngoldfish\n\n');
    assert.deepEqual(readLabels(file), ['tench', 'goldfish']);
    fs.writeFileSync(file, '');
    assert.throws(() => readLabels(file), /is empty/);
    assert.throws(() => readLabels(path.join(dir, 'none.txt')), /cannot be read/);
  });

  it('gives top-5 with "class N" labels when there is no labels file', async () => {
    const classifier = await createClassifier({ ...DEFAULT_PROFILE.output, labels: null });
    const result = (await classifier.classify(scores([0.1, 0.2, 0.05, 0.3, 0.15, 0.2]))) as {
      top: { index: number; label: string }[];
    };
    assert.deepEqual(
      result.top.map((p) => [p.index, p.label]),
      [
        [3, 'class 3'],
        [1, 'class 1'],
        [5, 'class 5'],
        [4, 'class 4'],
        [0, 'class 0'],
      ],
    );
  });

  it('names ImageNet classes by default', async () => {
    const classifier = await createClassifier(DEFAULT_PROFILE.output);
    const logits = new Array<number>(1000).fill(0);
    logits[1] = 5;
    logits[999] = 4;
    const result = (await classifier.classify(scores(logits))) as { top: { index: number; label: string }[] };
    assert.deepEqual(
      result.top.slice(0, 2).map((p) => [p.index, p.label]),
      [
        [1, 'goldfish'],
        [999, 'toilet tissue'],
      ],
    );
  });

  it('uses the labels file and post-processor a profile names', async () => {
    const classifier = await createClassifier(loadProfile('deeplabv3-voc').output);
    const map = new Float32Array(21 * 2).fill(0);
    map[15 * 2] = 1; // pixel 0: person
    map[7 * 2 + 1] = 1; // pixel 1: car
    const result = await classifier.classify({ out: { dtype: 'float32', shape: [1, 21, 1, 2], data: map } });
    assert.deepEqual(
      (result.classes as { label: string }[]).map((c) => c.label),
      ['car', 'person'],
    );
  });

  it('loads a plug-in post-processor from a file', async () => {
    const file = path.join(dir, 'max.mjs');
    fs.writeFileSync(
      file,
      'export default (outputs, config) => ({ max: Math.max(...outputs.out.data), k: config.options.k });\n',
    );
    const classifier = await createClassifier({ kind: file, name: null, labels: null, options: { k: 2 } });
    assert.equal(classifier.kind, 'max');
    assert.deepEqual(await classifier.classify(scores([1, 5, 3])), { max: 5, k: 2 });
  });
});
