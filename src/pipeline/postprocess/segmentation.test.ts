/** Tests of the segmentation post-processor. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argmaxMask, classHistogram, segmentation } from './segmentation.js';

// 3 classes over a 2x2 image, NCHW: the argmax is [[2, 0], [1, 2]].
const scores = new Float32Array([
  /* class 0 */ 0.1, 0.9, 0.2, 0.0, /* class 1 */ 0.2, 0.05, 0.7, 0.1, /* class 2 */ 0.7, 0.05, 0.1, 0.9,
]);
const tensor = { dtype: 'float32' as const, shape: [1, 3, 2, 2], data: scores };

describe('segmentation', () => {
  it('takes the per-pixel argmax', () => {
    const mask = argmaxMask(tensor, 'x');
    assert.deepEqual([mask.width, mask.height, mask.classes], [2, 2, 3]);
    assert.deepEqual([...mask.mask], [2, 0, 1, 2]);
  });

  it('summarises the mask as a class histogram, most pixels first', async () => {
    const histogram = classHistogram(argmaxMask(tensor, 'x'), ['bg', 'cat']);
    assert.deepEqual(histogram, [
      { index: 2, label: 'class 2', pixels: 2, fraction: 0.5 },
      { index: 0, label: 'bg', pixels: 1, fraction: 0.25 },
      { index: 1, label: 'cat', pixels: 1, fraction: 0.25 },
    ]);
    const summary = await segmentation
      .create({ output: null, labels: null, options: {} })
      .process({ out: tensor });
    assert.deepEqual([summary.width, summary.height], [2, 2]);
  });

  it('takes no options', () => {
    assert.throws(() => segmentation.create({ output: null, labels: null, options: { topK: 5 } }), {
      message:
        "post-processor 'segmentation': 1 problem in its options\n  profile.output.options.topK: unknown field",
    });
  });

  it('rejects a map that is not [1, C, H, W]', () => {
    assert.throws(
      () => argmaxMask({ ...tensor, shape: [3, 2, 2] }, 'seg'),
      /seg: expected a \[1, classes, height, width\] score map, got \[3, 2, 2\]/,
    );
  });
});
