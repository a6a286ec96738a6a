/**
 * Customer parameters drawn from a segment's distributions: sample means and sds near the
 * specification (normal, lognormal by its own mean and sd, beta by mean and sd, uniform),
 * clamps and caps respected. Each draw at its own address, as the population draws them.
 */
import { describe, expect, it } from 'vitest';
import { draw } from '../../src/model/distributions.js';
import { AddressedSequence } from '../../src/model/rng.js';
import type { Distribution } from '../../src/model/schema.js';

const N = 40_000;
function sample(dist: Distribution, key = 2024): number[] {
  const seq = new AddressedSequence();
  return Array.from({ length: N }, (_, i) => draw(dist, seq.reset(key, i, 3)));
}
const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sdOf = (xs: number[]) => {
  const m = meanOf(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};
/** |sample mean − μ| within 4 standard errors of a variable with sd σ. */
const expectMean = (xs: number[], mu: number, sigma: number) =>
  expect(Math.abs(meanOf(xs) - mu), `mean ${meanOf(xs)} vs ${mu}`).toBeLessThan(4 * (sigma / Math.sqrt(xs.length)));

describe('draw', () => {
  it('a constant is that constant', () => {
    const seq = new AddressedSequence().reset(1, 1);
    expect(draw(0.37, seq)).toBe(0.37);
    expect(draw(-2, seq)).toBe(-2);
  });

  it('normal: mean and sd as specified', () => {
    const xs = sample({ dist: 'normal', mean: 0.5, sd: 0.1 });
    expectMean(xs, 0.5, 0.1);
    expect(sdOf(xs)).toBeCloseTo(0.1, 2);
  });

  it('normal: values are clamped to [min, max], piling up at the bound', () => {
    const xs = sample({ dist: 'normal', mean: 1, sd: 0.5, min: 1, max: 1.5 });
    expect(Math.min(...xs)).toBe(1);
    expect(Math.max(...xs)).toBe(1.5);
    // Half the mass is below the mean and lands on min; P(z > 1) = 15.9% lands on max.
    const atMin = xs.filter((x) => x === 1).length / N;
    const atMax = xs.filter((x) => x === 1.5).length / N;
    expect(Math.abs(atMin - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / N));
    expect(Math.abs(atMax - 0.158655)).toBeLessThan(4 * Math.sqrt(0.1335 / N));
  });

  it('lognormal: positive, with its own mean and sd as specified (heavy right tail)', () => {
    const xs = sample({ dist: 'lognormal', mean: 1, sd: 0.8 });
    expect(Math.min(...xs)).toBeGreaterThan(0);
    expectMean(xs, 1, 0.8);
    expect(Math.abs(sdOf(xs) - 0.8)).toBeLessThan(0.05);
    // Right-skewed: the median is below the mean (lognormal median = mean / sqrt(1 + cv²)).
    const sorted = [...xs].sort((a, b) => a - b);
    expect(sorted[N / 2]).toBeCloseTo(1 / Math.sqrt(1 + 0.64), 1);
  });

  it('lognormal: capped at max', () => {
    const xs = sample({ dist: 'lognormal', mean: 1, sd: 1, max: 2 });
    expect(Math.max(...xs)).toBe(2);
    expect(xs.some((x) => x < 2)).toBe(true);
  });

  it('beta: in (0, 1) with mean and sd as specified', () => {
    for (const [mean, sd] of [[0.6, 0.2], [0.1, 0.05], [0.9, 0.08]] as const) {
      const xs = sample({ dist: 'beta', mean, sd });
      expect(Math.min(...xs)).toBeGreaterThan(0);
      expect(Math.max(...xs)).toBeLessThan(1);
      expectMean(xs, mean, sd);
      expect(Math.abs(sdOf(xs) - sd), `sd for beta(${mean}, ${sd})`).toBeLessThan(0.05 * sd + 0.002);
    }
  });

  it('beta: an sd too large for the mean is capped, keeping the mean', () => {
    for (const [mean, sd] of [[0.5, 0.49], [0.3, 0.4], [0.2, 0.45]] as const) {
      const xs = sample({ dist: 'beta', mean, sd }).filter((x) => Number.isFinite(x));
      expect(xs.filter((x) => !(x >= 0 && x <= 1))).toEqual([]);
      expectMean(xs, mean, Math.sqrt(mean * (1 - mean)));
    }
  });

  // A valid but large sd (schema: 0 < sd < 0.5) makes both gamma shapes tiny, and
  // gamma(shape < 1) = gamma(shape + 1)·U^(1/shape) can underflow to 0 for both: a draw must
  // still not be 0/0. A customer with a NaN parameter would never shop (shopProbability) or
  // stop the run with NumericHealthError (expectation, weights).
  it('beta: never NaN for any valid mean and sd', () => {
    const xs = sample({ dist: 'beta', mean: 0.2, sd: 0.45 });
    expect(xs.filter((x) => !(x >= 0 && x <= 1)).length).toBe(0);
  });

  it('uniform: within [min, max], mean at the middle, sd (max − min)/√12', () => {
    const xs = sample({ dist: 'uniform', min: 2, max: 5 });
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...xs)).toBeLessThanOrEqual(5);
    expectMean(xs, 3.5, 3 / Math.sqrt(12));
    expect(sdOf(xs)).toBeCloseTo(3 / Math.sqrt(12), 2);
  });

  it('draws are addressed: the same address gives the same value, whatever was drawn before', () => {
    const seq = new AddressedSequence();
    const dist: Distribution = { dist: 'beta', mean: 0.3, sd: 0.1 };
    const a = draw(dist, seq.reset(5, 17, 2));
    draw({ dist: 'lognormal', mean: 2, sd: 3 }, seq.reset(5, 18, 2));
    expect(draw(dist, seq.reset(5, 17, 2))).toBe(a);
  });
});
