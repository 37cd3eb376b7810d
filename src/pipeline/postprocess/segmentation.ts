/**
 * `segmentation`: per-pixel argmax over the class axis of an NCHW score map
 * ([1, C, H, W]), summarised as a histogram of classes by pixel count.
 */
import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import type { HostTensor } from '../../runtime/runtime.js';
import {
  checkOptions,
  floatValues,
  labelOf,
  pickOutput,
  type BuiltInPostProcessor,
} from './postprocessor.js';

export interface ClassMask {
  readonly width: number;
  readonly height: number;
  readonly classes: number;
  /** Class index of each pixel, row-major. */
  readonly mask: Uint16Array;
}

export function argmaxMask(tensor: HostTensor, where: string): ClassMask {
  const values = floatValues(tensor, where);
  const [n, classes, height, width] = tensor.shape;
  if (tensor.shape.length !== 4 || n !== 1 || !classes || !height || !width || classes > 65535) {
    throw new ConfigError(
      `${where}: expected a [1, classes, height, width] score map, got [${tensor.shape.join(', ')}]`,
    );
  }
  const plane = width * height;
  const best = values.slice(0, plane);
  const mask = new Uint16Array(plane);
  // Class-major sweeps read the map in memory order.
  for (let c = 1; c < classes; c++) {
    const base = c * plane;
    for (let p = 0; p < plane; p++) {
      const v = values[base + p]!;
      if (v > best[p]!) {
        best[p] = v;
        mask[p] = c;
      }
    }
  }
  return { width, height, classes, mask };
}

export interface ClassShare {
  readonly index: number;
  readonly label: string;
  readonly pixels: number;
  readonly fraction: number;
}

/** Classes present in the mask, most pixels first. */
export function classHistogram(mask: ClassMask, labels: readonly string[] | null): ClassShare[] {
  const counts = new Array<number>(mask.classes).fill(0);
  for (const c of mask.mask) counts[c]!++;
  const total = mask.mask.length;
  return counts
    .map((pixels, index) => ({ index, label: labelOf(labels, index), pixels, fraction: pixels / total }))
    .filter((s) => s.pixels > 0)
    .sort((a, b) => b.pixels - a.pixels || a.index - b.index);
}

/** No options: a profile naming any is mistaken. */
const options = z.strictObject({});

export const segmentation: BuiltInPostProcessor = {
  kind: 'segmentation',
  description: 'per-pixel class (argmax), reported as a histogram of classes',
  options,
  expects: (shape) =>
    shape.length !== 4 || (shape[0] !== null && shape[0] !== 1)
      ? 'a [1, classes, height, width] score map'
      : null,
  create(config) {
    checkOptions('segmentation', options, config.options);
    return {
      kind: 'segmentation',
      process(outputs) {
        const mask = argmaxMask(
          pickOutput(outputs, config.output),
          `segmentation of output '${config.output ?? Object.keys(outputs)[0]}'`,
        );
        return { width: mask.width, height: mask.height, classes: classHistogram(mask, config.labels) };
      },
    };
  },
};
