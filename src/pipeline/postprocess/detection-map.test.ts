/** Tests of the detection-map post-processor (PaddleOCR DB regions). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectionMap, findRegions, probabilityMap } from './detection-map.js';

/** A probability map from rows of digits: d means d / 10. */
function map(rows: string[]) {
  const data = new Float32Array(
    rows
      .join('')
      .split('')
      .map((d) => Number(d) / 10),
  );
  return { dtype: 'float32' as const, shape: [1, 1, rows.length, rows[0]!.length], data };
}

const picture = map([
  '9900000000',
  '9900000770',
  '0000007700', // the 7s touch diagonally: one region
  '0000000000',
  '4400000000', // above 0.3 but mean 0.4 < 0.6: dropped by boxThreshold
  '4400000008', // a single pixel: too small
]);

describe('detection-map', () => {
  it('finds 8-connected regions above the threshold with their boxes and mean scores', () => {
    const regions = findRegions(probabilityMap(picture, 'x'), 0.3);
    assert.deepEqual(
      regions.map((r) => [r.x, r.y, r.width, r.height, r.pixels]),
      [
        [0, 0, 2, 2, 4],
        [6, 1, 3, 2, 4],
        [0, 4, 2, 2, 4],
        [9, 5, 1, 1, 1],
      ],
    );
    assert.ok(Math.abs(regions[0]!.score - 0.9) < 1e-6);
    assert.ok(Math.abs(regions[2]!.score - 0.4) < 1e-6);
  });

  it('keeps regions as PaddleOCR DB does: mean score and minimum size', () => {
    const processor = detectionMap.create({ output: null, labels: null, options: { minSize: 2 } });
    const summary = processor.process({ out: picture }) as {
      candidates: number;
      regions: number;
      boxes: { x: number; y: number }[];
    };
    assert.deepEqual([summary.candidates, summary.regions], [4, 2]);
    assert.deepEqual(
      summary.boxes.map((b) => [b.x, b.y]),
      [
        [0, 0],
        [6, 1],
      ],
    );
    const loose = detectionMap.create({
      output: null,
      labels: null,
      options: { boxThreshold: 0.3, minSize: 1 },
    });
    assert.equal((loose.process({ out: picture }) as { regions: number }).regions, 4);
  });

  it('rejects bad options and a batch of maps', () => {
    assert.throws(() => detectionMap.create({ output: null, labels: null, options: { threshold: 2 } }), {
      message:
        "post-processor 'detection-map': 1 problem in its options\n  profile.output.options.threshold: must be <= 1, not 2",
    });
    assert.throws(
      () =>
        detectionMap.create({
          output: null,
          labels: null,
          options: { boxThreshold: -1, minSize: '3', maxRegions: 1e8 },
        }),
      {
        message: [
          "post-processor 'detection-map': 3 problems in its options",
          '  profile.output.options.boxThreshold: must be >= 0, not -1',
          '  profile.output.options.minSize: must be a number, not "3"',
          '  profile.output.options.maxRegions: must be <= 10000000, not 100000000',
        ].join('\n'),
      },
    );
    const batch = { ...picture, shape: [2, 1, 3, 10] };
    assert.throws(
      () => probabilityMap(batch, 'det'),
      /det: expected a \[1, 1, height, width\] probability map, got \[2, 1, 3, 10\]/,
    );
  });
});
