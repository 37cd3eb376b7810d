/**
 * IEEE 754 binary16 <-> binary32 conversion: for sending float32 cut tensors
 * at half the bytes, and for reading float16 tensors' values. Node 20 has no
 * Float16Array, so halves are Uint16 bits (as onnxruntime-node holds them).
 */

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** Smallest positive normal half, 2^-14: below it halves lose relative precision. */
export const HALF_MIN_NORMAL = 2 ** -14;
export const HALF_MAX = 65504;

/** Half bits for a float32 bit pattern, rounding to nearest, ties to even. */
function halfFromBits(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const abs = bits & 0x7fffffff;
  if (abs >= 0x7f800000) {
    // Keep NaN a NaN (quiet bit set, so a payload that shifts out cannot make it Inf).
    return abs > 0x7f800000 ? sign | 0x7e00 | ((abs >>> 13) & 0x3ff) : sign | 0x7c00;
  }
  // 65520 is the midpoint between HALF_MAX and 2^16; ties go to even, which is Inf.
  if (abs >= 0x477ff000) return sign | 0x7c00;
  if (abs < 0x38800000) return sign | subnormalHalf(abs);
  let half = (abs - 0x38000000) >>> 13; // rebias the exponent from 127 to 15
  const rest = abs & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half += 1; // a carry into the exponent is right
  return sign | half;
}

/** Magnitude below 2^-14: counted in units of 2^-24 (the smallest subnormal half). */
function subnormalHalf(abs: number): number {
  if (abs <= 0x33000000) return 0; // at most half a unit: rounds to (even) zero
  const exponent = abs >>> 23;
  const mantissa = (abs & 0x7fffff) | 0x800000;
  const shift = 126 - exponent; // 14..24
  let half = mantissa >>> shift;
  const rest = mantissa & ((1 << shift) - 1);
  const midpoint = 1 << (shift - 1);
  if (rest > midpoint || (rest === midpoint && (half & 1) === 1)) half += 1;
  return half;
}

/** The float value of half bits (exact: every half is a float32). */
export function halfToFloat(half: number): number {
  const exponent = (half >>> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  const sign = half & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  U32[0] = ((half & 0x8000) << 16) | ((exponent + 112) << 23) | (mantissa << 13);
  return F32[0] as number;
}

export function floatToHalf(value: number): number {
  F32[0] = value;
  return halfFromBits(U32[0] as number);
}

// Every half pattern decoded once, on the first tensor decoded: decoding is then one lookup per
// element. Built lazily, since commands that never decode fp16 (slice) import this module too.
let halfTable: Float32Array | undefined;

function decodingTable(): Float32Array {
  if (halfTable) return halfTable;
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h += 1) table[h] = halfToFloat(h);
  halfTable = table;
  return table;
}

export function float32ToFloat16(values: Float32Array, out = new Uint16Array(values.length)): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < bits.length; i += 1) out[i] = halfFromBits(bits[i] as number);
  return out;
}

export function float16ToFloat32(halves: Uint16Array, out = new Float32Array(halves.length)): Float32Array {
  const table = decodingTable();
  for (let i = 0; i < halves.length; i += 1) out[i] = table[halves[i] as number] as number;
  return out;
}

/** How far a float32 tensor moves when sent as fp16 and converted back. */
export interface Fp16Error {
  readonly maxAbs: number;
  /** Over elements whose magnitude is in the normal half range; smaller ones only count in maxAbs. */
  readonly maxRel: number;
  /** Finite elements that became ±Inf (|x| >= 65520). */
  readonly overflowed: number;
}

/** The difference fp16 transport makes to `values` (the pipeline reports it next to the cut). */
export function fp16Error(values: Float32Array): Fp16Error {
  let maxAbs = 0;
  let maxRel = 0;
  let overflowed = 0;
  const table = decodingTable();
  for (let i = 0; i < values.length; i += 1) {
    const x = values[i] as number;
    if (Number.isNaN(x)) continue;
    const y = table[floatToHalf(x)] as number;
    if (Number.isFinite(x) && !Number.isFinite(y)) overflowed += 1;
    const abs = Math.abs(x - y);
    if (Number.isNaN(abs)) continue; // Inf - Inf: unchanged
    if (abs > maxAbs) maxAbs = abs;
    if (Math.abs(x) >= HALF_MIN_NORMAL && abs / Math.abs(x) > maxRel) maxRel = abs / Math.abs(x);
  }
  return { maxAbs, maxRel, overflowed };
}

/** The worst of several fp16 errors, figure by figure; null for none. */
export function worstFp16Error(errors: readonly Fp16Error[]): Fp16Error | null {
  if (errors.length === 0) return null;
  return {
    maxAbs: Math.max(...errors.map((e) => e.maxAbs)),
    maxRel: Math.max(...errors.map((e) => e.maxRel)),
    overflowed: Math.max(...errors.map((e) => e.overflowed)),
  };
}
