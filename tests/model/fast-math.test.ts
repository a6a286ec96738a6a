import { describe, expect, it } from 'vitest';
import { EXP_CUTOFF, expNonPositive } from '../../src/model/fast-math.js';

const bits = new Float64Array(2);
const words = new Uint32Array(bits.buffer); // little-endian: [low a, high a, low b, high b]

/**
 * Distance in units in the last place between two positive finite doubles: the difference
 * of their bit patterns, read as two 32-bit halves (exact up to 2^53 ulp, far beyond any
 * bound below). No allocation: the grids below call it three million times.
 */
function ulps(a: number, b: number): number {
  bits[0] = a;
  bits[1] = b;
  return Math.abs((words[1] - words[3]) * 2 ** 32 + (words[0] - words[2]));
}

describe('expNonPositive', () => {
  it('is within 2 ulp of Math.exp on a dense grid of [cutoff, 0]', () => {
    let worst = 0;
    let worstRelative = 0;
    const steps = 2_000_000;
    for (let s = 0; s <= steps; s++) {
      // a grid that is not aligned with the table's steps, and every small magnitude
      const x = EXP_CUTOFF * (s / steps) ** 2 - s * 1e-12;
      if (x < EXP_CUTOFF) continue;
      const fast = expNonPositive(x);
      const exact = Math.exp(x);
      worst = Math.max(worst, ulps(fast, exact));
      worstRelative = Math.max(worstRelative, Math.abs(fast - exact) / exact);
    }
    expect(worst).toBeLessThanOrEqual(2);
    expect(worstRelative).toBeLessThan(5e-16);
  });

  it('is within 2 ulp across the range the logit meets, [−40, 0], finely', () => {
    let worst = 0;
    for (let s = 0; s <= 1_000_000; s++) {
      const x = -40 * (s / 1_000_000) - 3.3e-9 * (s % 7);
      worst = Math.max(worst, ulps(expNonPositive(x), Math.exp(x)));
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('is exactly 1 at 0 and −0, and close to 1 − x for tiny x', () => {
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-0)).toBe(1);
    for (const x of [-Number.MIN_VALUE, -1e-300, -1e-20, -1e-16, -1.1e-16, -1e-10]) {
      expect(ulps(expNonPositive(x), Math.exp(x))).toBeLessThanOrEqual(1);
    }
  });

  it('gives 0 below the cutoff and for −∞, normal numbers just above it', () => {
    expect(expNonPositive(-Infinity)).toBe(0);
    expect(expNonPositive(-1000)).toBe(0);
    expect(expNonPositive(-745.2)).toBe(0);
    expect(expNonPositive(EXP_CUTOFF - 1e-9)).toBe(0);
    const atCutoff = expNonPositive(EXP_CUTOFF);
    expect(atCutoff).toBeGreaterThan(0);
    expect(Math.abs(atCutoff - Math.exp(EXP_CUTOFF)) / Math.exp(EXP_CUTOFF)).toBeLessThan(1e-15);
    for (const x of [-708, -700, -600, -500.123]) expect(ulps(expNonPositive(x), Math.exp(x))).toBeLessThanOrEqual(2);
  });

  it('defers to Math.exp outside its domain (positive x, NaN)', () => {
    expect(expNonPositive(NaN)).toBeNaN();
    expect(expNonPositive(1)).toBe(Math.exp(1));
    expect(expNonPositive(Infinity)).toBe(Infinity);
  });

  it('is monotone across table steps near 0', () => {
    let previous = expNonPositive(-1);
    let firstDrop: number | undefined;
    for (let s = 1; s <= 100_000; s++) {
      const x = -1 + s * 1e-5;
      const y = expNonPositive(x);
      if (y < previous && firstDrop === undefined) firstDrop = x;
      previous = y;
    }
    expect(firstDrop, 'the first x where exp falls').toBeUndefined();
  });

  it('measures ulps as the bit patterns differ', () => {
    expect(ulps(1, 1)).toBe(0);
    expect(ulps(1, 1 + Number.EPSILON)).toBe(1);
    expect(ulps(1 + 2 * Number.EPSILON, 1)).toBe(2);
    expect(ulps(2, 2 - Number.EPSILON)).toBe(1); // across an exponent step
    expect(ulps(Number.MIN_VALUE, 2 * Number.MIN_VALUE)).toBe(1);
    expect(ulps(1, 2)).toBe(2 ** 52);
  });
});
