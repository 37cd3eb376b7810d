/** Tests of the float16 codec: bit-exact round trips, rounding, error bounds, arrays. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  float16ToFloat32,
  float32ToFloat16,
  floatToHalf,
  fp16Error,
  HALF_MAX,
  HALF_MIN_NORMAL,
  halfToFloat,
} from './half.js';

/** A deterministic generator (mulberry32) so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

void test('every half value survives float32 and back bit for bit', () => {
  for (let h = 0; h < 65536; h += 1) {
    const value = halfToFloat(h);
    if (Number.isNaN(value)) {
      assert.ok(Number.isNaN(halfToFloat(floatToHalf(value))), `NaN pattern ${h.toString(16)}`);
      continue;
    }
    assert.equal(floatToHalf(value), h, `half 0x${h.toString(16)} = ${value}`);
  }
});

void test('known values, rounding ties to even, overflow and underflow', () => {
  const cases: Array<[number, number]> = [
    [1, 0x3c00],
    [-2, 0xc000],
    [HALF_MAX, 0x7bff],
    [65519.99, 0x7bff],
    [65520, 0x7c00], // midpoint to 2^16: ties to even, which is Inf
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [-0, 0x8000],
    [HALF_MIN_NORMAL, 0x0400],
    [2 ** -24, 0x0001],
    [2 ** -25, 0x0000], // half a unit: to even zero
    [2 ** -25 * 1.5, 0x0001],
    [3 * 2 ** -25, 0x0002], // 1.5 units: to even 2
    [1 + 2 ** -11, 0x3c00], // midpoint between 1 and the next half: to even
    [1 + 3 * 2 ** -11, 0x3c02],
    [1e-10, 0x0000],
  ];
  for (const [value, half] of cases) assert.equal(floatToHalf(value), half, `floatToHalf(${value})`);
  const nan = floatToHalf(NaN);
  assert.equal(nan & 0x7c00, 0x7c00);
  assert.notEqual(nan & 0x3ff, 0);
});

void test('relative error is at most 2^-11 in the normal range and absolute at most 2^-25 below it', () => {
  const next = random(7);
  const values = new Float32Array(200_000);
  for (let i = 0; i < values.length; i += 1) {
    // Log-uniform magnitudes over the whole half range, both signs.
    const magnitude = 2 ** (-26 + next() * 42);
    values[i] = Math.min(magnitude, HALF_MAX) * (next() < 0.5 ? -1 : 1);
  }
  const back = float16ToFloat32(float32ToFloat16(values));
  let worstRel = 0;
  let worstSubAbs = 0;
  values.forEach((x, i) => {
    const err = Math.abs((back[i] as number) - x);
    if (Math.abs(x) >= HALF_MIN_NORMAL) worstRel = Math.max(worstRel, err / Math.abs(x));
    else worstSubAbs = Math.max(worstSubAbs, err);
  });
  assert.ok(worstRel <= 2 ** -11, `relative error ${worstRel}`);
  assert.ok(worstRel > 2 ** -12, `relative error ${worstRel} suspiciously small`);
  assert.ok(worstSubAbs <= 2 ** -25, `subnormal error ${worstSubAbs}`);
});

void test('array conversion matches the scalar one', () => {
  const values = new Float32Array([0, -0, 1, -1.5, 3.14159, 1e-6, 7e4, NaN, -Infinity, 2 ** -20]);
  const halves = float32ToFloat16(values);
  values.forEach((x, i) => assert.equal(halves[i], floatToHalf(x)));
  const back = float16ToFloat32(halves);
  halves.forEach((h, i) => assert.ok(Object.is(back[i], Math.fround(halfToFloat(h))), `element ${i}`));
});

void test('fp16Error reports the largest differences and overflows', () => {
  const exact = fp16Error(new Float32Array([0, 1, -2, 0.5, 1024]));
  assert.deepEqual(exact, { maxAbs: 0, maxRel: 0, overflowed: 0 });
  const x = Math.fround(1 + 2 ** -10 + 2 ** -12); // a quarter unit above a half
  const err = fp16Error(new Float32Array([x, 2]));
  assert.equal(err.maxAbs, x - (1 + 2 ** -10));
  assert.equal(err.maxRel, (x - (1 + 2 ** -10)) / x);
  const over = fp16Error(new Float32Array([1, 70000, -80000]));
  assert.equal(over.overflowed, 2);
  assert.equal(over.maxAbs, Infinity);
});
