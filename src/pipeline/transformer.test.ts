/** Tests of the transformer: layout, channel order, normalisation, uint8 inputs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IMAGENET_INPUT, type InputProfile } from './profile.js';
import { createTransformer } from './transformer.js';

// A 4x2 RGB image: pixel p has channels (10p, 10p + 1, 10p + 2) + [0, 100, 200].
const W = 4;
const H = 2;
const pixels = Buffer.from(
  Array.from({ length: W * H * 3 }, (_, i) => 10 * Math.floor(i / 3) + (i % 3) * 101),
);
const frame = { width: W, height: H, data: pixels };

function expected(value: number, c: number, input: InputProfile): number {
  return Math.fround((value * input.scale - input.mean[c]!) / input.std[c]!);
}

describe('transformer', () => {
  it('normalises an RGB frame into NCHW float32 exactly', async () => {
    const t = createTransformer(IMAGENET_INPUT, { width: W, height: H });
    const tensor = await t.transform(frame);
    assert.deepEqual([tensor.dtype, tensor.shape], ['float32', [1, 3, H, W]]);
    const data = tensor.data as Float32Array;
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < W * H; p++)
        assert.equal(data[c * W * H + p], expected(pixels[p * 3 + c]!, c, IMAGENET_INPUT));
    }
    assert.equal(data[0], Math.fround((0 / 255 - 0.485) / 0.229));
  });

  it('reverses channels for BGR and interleaves them for NHWC', async () => {
    const input: InputProfile = {
      ...IMAGENET_INPUT,
      channelOrder: 'BGR',
      layout: 'NHWC',
      mean: [0.1, 0.2, 0.3],
    };
    const tensor = await createTransformer(input, { width: W, height: H }).transform(frame);
    assert.deepEqual(tensor.shape, [1, H, W, 3]);
    const data = tensor.data as Float32Array;
    for (let p = 0; p < W * H; p++) {
      for (let c = 0; c < 3; c++) assert.equal(data[p * 3 + c], expected(pixels[p * 3 + (2 - c)]!, c, input));
    }
  });

  it('rounds and clamps into uint8 inputs', async () => {
    const input: InputProfile = {
      ...IMAGENET_INPUT,
      dtype: 'uint8',
      scale: 1,
      mean: [0, 100, 0],
      std: [1, 1, 0.5],
    };
    const tensor = await createTransformer(input, { width: W, height: H }).transform(frame);
    assert.equal(tensor.dtype, 'uint8');
    const data = tensor.data;
    assert.deepEqual([data[0], data[8], data[16]], [0, 1, 255]); // 0; 101 - 100; 202 / 0.5 clamped
    assert.deepEqual([data[1], data[9]], [10, 111 - 100]);
  });

  it('resizes a 1280x720 frame with sharp to the model size, keeping a flat colour flat', async () => {
    const big = Buffer.alloc(1280 * 720 * 3);
    for (let i = 0; i < big.length; i += 3) big.set([12, 200, 31], i);
    for (const fit of ['fill', 'cover'] as const) {
      const input: InputProfile = { ...IMAGENET_INPUT, fit };
      const tensor = await createTransformer(input, { width: 224, height: 224 }).transform({
        width: 1280,
        height: 720,
        data: big,
      });
      assert.deepEqual(tensor.shape, [1, 3, 224, 224]);
      const data = tensor.data as Float32Array;
      assert.equal(data.length, 3 * 224 * 224);
      const plane = 224 * 224;
      for (const [c, v] of [
        [0, 12],
        [1, 200],
        [2, 31],
      ] as const) {
        assert.equal(data[c * plane], expected(v, c, input));
        assert.equal(data[c * plane + plane - 1], expected(v, c, input));
      }
    }
  });
});
