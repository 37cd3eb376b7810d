/**
 * The transformer stage: an RGB24 camera frame becomes the model's input
 * tensor. libvips (sharp) does the resizing; one pass over a per-channel
 * lookup table then normalises and lays the values out (CHW or HWC), since a
 * uint8 pixel has only 256 possible normalised values per channel.
 */
import sharp from 'sharp';
import type { HostTensor } from '../runtime/runtime.js';
import type { InputProfile } from './profile.js';

export interface RawImage {
  readonly width: number;
  readonly height: number;
  /** RGB24, row-major. */
  readonly data: Buffer;
}

export interface Transformer {
  readonly shape: readonly number[];
  readonly dtype: InputProfile['dtype'];
  transform(frame: RawImage): Promise<HostTensor>;
}

/** A transformer to `size` (see resolveInputSize) with the profile's normalisation and layout. */
export function createTransformer(input: InputProfile, size: { width: number; height: number }): Transformer {
  const { width, height } = size;
  const shape = input.layout === 'NCHW' ? [1, 3, height, width] : [1, height, width, 3];
  const table = normaliseTable(input);
  return {
    shape,
    dtype: input.dtype,
    async transform(frame) {
      const pixels = await resize(frame, width, height, input.fit);
      const n = width * height * 3;
      const tensor: HostTensor<'uint8' | 'float32'> =
        input.dtype === 'uint8'
          ? { dtype: 'uint8', shape, data: new Uint8Array(n) }
          : { dtype: 'float32', shape, data: new Float32Array(n) };
      layOut(pixels, tensor.data, table, input, width * height);
      return tensor;
    },
  };
}

/** RGB24 at the model's size; frames already that size are passed through untouched. */
async function resize(
  frame: RawImage,
  width: number,
  height: number,
  fit: InputProfile['fit'],
): Promise<Buffer> {
  if (frame.width === width && frame.height === height) return frame.data;
  const raw = { width: frame.width, height: frame.height, channels: 3 as const };
  return sharp(frame.data, { raw })
    .resize(width, height, { fit, position: 'centre' })
    .removeAlpha()
    .raw()
    .toBuffer();
}

/**
 * table[c * 256 + v]: the model's value for pixel value v in model channel c,
 * (v * scale - mean[c]) / std[c]; for uint8 inputs rounded and clamped to 0–255.
 */
export function normaliseTable(input: InputProfile): Float32Array | Uint8Array {
  const table = input.dtype === 'uint8' ? new Uint8Array(3 * 256) : new Float32Array(3 * 256);
  for (let c = 0; c < 3; c++) {
    for (let v = 0; v < 256; v++) {
      const x = (v * input.scale - input.mean[c]!) / input.std[c]!;
      table[c * 256 + v] = input.dtype === 'uint8' ? Math.min(255, Math.max(0, Math.round(x))) : x;
    }
  }
  return table;
}

/** Normalise HWC RGB pixels into `out` in the profile's channel order and layout. */
function layOut(
  pixels: Buffer,
  out: Float32Array | Uint8Array,
  table: Float32Array | Uint8Array,
  input: InputProfile,
  plane: number,
): void {
  // Model channel c reads source channel src[c] (BGR reverses RGB).
  const src = input.channelOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  for (let c = 0; c < 3; c++) {
    const from = src[c]!;
    const base = c * 256;
    // NCHW: channel c is one plane; NHWC: every third value from c.
    const [start, step] = input.layout === 'NCHW' ? [c * plane, 1] : [c, 3];
    for (let p = 0, o = start; p < plane; p++, o += step) out[o] = table[base + pixels[p * 3 + from]!]!;
  }
}
