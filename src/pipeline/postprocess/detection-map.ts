/**
 * `detection-map`: a text-detection probability map (PaddleOCR's DB head,
 * [1, 1, H, W]) becomes boxes. As in PaddleOCR's DBPostProcess: pixels above
 * `threshold` (0.3) form regions (8-connected), and a region is kept when its
 * mean probability reaches `boxThreshold` (0.6) and its box's shorter side is
 * at least `minSize` (3) pixels. Boxes are axis-aligned, in map pixels; we
 * skip DB's polygon unclipping, which grows boxes but does not change their number.
 */
import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import type { HostTensor } from '../../runtime/runtime.js';
import { checkOptions, floatValues, pickOutput, type BuiltInPostProcessor } from './postprocessor.js';

export interface Region {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly pixels: number;
  /** Mean probability over the region's pixels. */
  readonly score: number;
}

export interface ProbabilityMap {
  readonly width: number;
  readonly height: number;
  readonly values: Float32Array | Float64Array;
}

/** The last two axes are the map; every axis before them must be 1. */
export function probabilityMap(tensor: HostTensor, where: string): ProbabilityMap {
  const values = floatValues(tensor, where);
  const shape = tensor.shape;
  const height = shape[shape.length - 2];
  const width = shape[shape.length - 1];
  if (!height || !width || shape.slice(0, -2).some((d) => d !== 1)) {
    throw new ConfigError(
      `${where}: expected a [1, 1, height, width] probability map, got [${shape.join(', ')}]`,
    );
  }
  return { width, height, values };
}

/** 8-connected regions of pixels above `threshold`, in scan order of their first pixel. */
export function findRegions(map: ProbabilityMap, threshold: number): Region[] {
  const { width, height, values } = map;
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const regions: Region[] = [];
  for (let start = 0; start < seen.length; start++) {
    if (seen[start] || !(values[start]! > threshold)) continue;
    seen[start] = 1;
    stack[0] = start;
    let top = 1;
    let [x0, y0, x1, y1, pixels, sum] = [width, height, -1, -1, 0, 0];
    while (top > 0) {
      const p = stack[--top]!;
      const x = p % width;
      const y = (p - x) / width;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      pixels++;
      sum += values[p]!;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const q = ny * width + nx;
          if (seen[q] || !(values[q]! > threshold)) continue;
          seen[q] = 1;
          stack[top++] = q;
        }
      }
    }
    regions.push({ x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1, pixels, score: sum / pixels });
  }
  return regions;
}

const options = z.strictObject({
  threshold: z.number().min(0).max(1).default(0.3).describe('Pixels above this probability form regions.'),
  boxThreshold: z
    .number()
    .min(0)
    .max(1)
    .default(0.6)
    .describe('A region is kept when its mean probability reaches this.'),
  minSize: z
    .number()
    .min(0)
    .max(1e6)
    .default(3)
    .describe("A region is kept when its box's shorter side has at least this many pixels."),
  maxRegions: z.number().int().min(1).max(1e7).default(1000).describe('At most this many boxes per frame.'),
});

export const detectionMap: BuiltInPostProcessor = {
  kind: 'detection-map',
  description: 'text regions in a probability map (PaddleOCR DB): count and boxes',
  options,
  expects: (shape) =>
    shape.length < 2 || shape.slice(0, -2).some((d) => d !== null && d !== 1)
      ? 'a [1, 1, height, width] probability map'
      : null,
  create(config) {
    const { threshold, boxThreshold, minSize, maxRegions } = checkOptions(
      'detection-map',
      options,
      config.options,
    );
    return {
      kind: 'detection-map',
      process(outputs) {
        const where = `detection-map of output '${config.output ?? Object.keys(outputs)[0]}'`;
        const map = probabilityMap(pickOutput(outputs, config.output), where);
        const found = findRegions(map, threshold);
        const kept = found
          .filter((r) => r.score >= boxThreshold && Math.min(r.width, r.height) >= minSize)
          .slice(0, maxRegions);
        return {
          width: map.width,
          height: map.height,
          candidates: found.length,
          regions: kept.length,
          boxes: kept,
        };
      },
    };
  },
};
