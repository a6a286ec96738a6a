/**
 * The method-of-simulated-moments interval and the identification verdict (identification.ts),
 * on linear moment models whose answer is known: the sandwich against mathjs, the 95%
 * coverage of the interval over many simulated data sets (which checks the (1 + 1/S)
 * correction and the t quantile together), and the verdicts: a parameter no target
 * responds to, two parameters that move the targets alike, a flat response and a noisy one.
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { inv, multiply as mjMultiply, transpose as mjTranspose } from 'mathjs';
import { identify, jacobianFrom, jacobianStencil, JACOBIAN_STEP, MOST_OF_RANGE } from '../../src/experiment/kinds/calibrate/identification.js';
import { inverseNormal } from '../../src/model/rng.js';
import { covariance } from '../../src/stats/matrix.js';

const normals = (seed: string) => {
  const u = seedrandom(seed);
  return () => inverseNormal(Math.min(1 - 1e-12, Math.max(1e-12, u())));
};

/** A linear market: m(θ) = a + Gθ, per-run noise L·z (Σ = L·Lᵀ). */
const G = [[2, 0.5], [-1, 1], [0.3, 0.8]];
const A = [1, 2, 0.5];
const L = [[0.2, 0, 0], [0.05, 0.1, 0], [0, 0.02, 0.15]];
const BOUNDS = [{ min: 0, max: 4 }, { min: -1, max: 3 }];
const TRUTH = [1.5, 0.7];
const HALF = [0.3, 0.2, 0.25];
const WEIGHT = [1, 1, 0.1];

const moments = (theta: readonly number[]) => A.map((a, k) => a + G[k][0] * theta[0] + G[k][1] * theta[1]);
const noise = (z: () => number) => {
  const e = [z(), z(), z()];
  return L.map((row) => row.reduce((s, l, i) => s + l * e[i], 0));
};
const targetsAround = (value: readonly number[]) => value.map((v, k) => ({ low: v - HALF[k], high: v + HALF[k], weight: WEIGHT[k] }));
const W = HALF.map((h, k) => HALF.map((_, l) => (k === l ? WEIGHT[k] / (h * h) : 0)));

/** One data set: an observed market, S simulated seeds, the weighted-distance estimate and the draws at it. */
function dataSet(z: () => number, seeds: number) {
  const e0 = noise(z);
  const value = moments(TRUTH).map((m, k) => m + e0[k]);
  const errors = Array.from({ length: seeds }, () => noise(z));
  const meanError = A.map((_, k) => errors.reduce((s, e) => s + e[k], 0) / seeds);
  // argmin (a + Gθ + ē − v)ᵀ W (…): θ̂ = (GᵀWG)⁻¹ GᵀW (v − a − ē)
  const GtW = mjMultiply(mjTranspose(G), W) as number[][];
  const theta = mjMultiply(inv(mjMultiply(GtW, G) as number[][]), mjMultiply(GtW, value.map((v, k) => v - A[k] - meanError[k]))) as number[];
  const at = moments(theta);
  const draws = A.map((_, k) => errors.map((e) => at[k] + e[k]));
  return { value, theta, draws };
}

describe('identify: the sandwich of a weighted-distance estimator', () => {
  it('equals (GᵀWG)⁻¹ GᵀWΩWG (GᵀWG)⁻¹ with Ω = (1 + 1/S)·Σ over the seeds, computed by mathjs', () => {
    const seeds = 6;
    const { value, theta, draws } = dataSet(normals('sandwich'), seeds);
    const r = identify({ parameters: BOUNDS.map((b, j) => ({ ...b, fitted: theta[j] })), targets: targetsAround(value), jacobian: G, draws });
    const omega = covariance(draws).map((row) => row.map((c) => (1 + 1 / seeds) * c));
    const bread = inv(mjMultiply(mjMultiply(mjTranspose(G), W), G) as number[][]) as number[][];
    const meat = mjMultiply(mjMultiply(mjMultiply(mjMultiply(mjTranspose(G), W), omega), W), G) as number[][];
    const V = mjMultiply(mjMultiply(bread, meat), bread) as number[][];
    r.parameters.forEach((p, j) => expect(p.se).toBeCloseTo(Math.sqrt(V[j][j]), 12));
    expect(r.correlation[0][1]).toBeCloseTo(V[0][1] / Math.sqrt(V[0][0] * V[1][1]), 12);
    // the Jacobian across each range, in the targets' units and in half-bands
    expect(r.jacobian[1][1]).toBeCloseTo(1 * 4, 12);
    expect(r.jacobianBands[2][0]).toBeCloseTo((0.3 * 4) / 0.25, 12);
    // the interval: θ̂ ± t(0.975, S − 1)·se, t(0.975, 5) = 2.5706
    expect(r.parameters[0].low).toBeCloseTo(theta[0] - 2.5705818356 * r.parameters[0].se, 5);
    expect(r.parameters[0].high).toBeCloseTo(theta[0] + 2.5705818356 * r.parameters[0].se, 5);
    expect(r.parameters.every((p) => p.identified)).toBe(true);
  });

  it('covers the truth in about 95% of data sets (the target read as one market, the fit as the mean of S)', () => {
    const z = normals('coverage');
    const reps = 1000;
    const covered = [0, 0];
    for (let rep = 0; rep < reps; rep++) {
      const { value, theta, draws } = dataSet(z, 10);
      const r = identify({ parameters: BOUNDS.map((b, j) => ({ ...b, fitted: theta[j] })), targets: targetsAround(value), jacobian: G, draws });
      r.parameters.forEach((p, j) => { if (p.low <= TRUTH[j] && TRUTH[j] <= p.high) covered[j]++; });
    }
    // binomial sd at 95% and 1,000 data sets: 0.7 points; without the observed market's own noise (Σ/S alone) it would be about 50%
    for (const c of covered) {
      expect(c / reps).toBeGreaterThan(0.925);
      expect(c / reps).toBeLessThan(0.975);
    }
  });
});

describe('identify: the verdict', () => {
  const draws = (z: () => number, at: readonly number[], seeds = 8) => {
    const errors = Array.from({ length: seeds }, () => noise(z));
    return at.map((m, k) => errors.map((e) => m + e[k]));
  };

  it('a parameter no target responds to: reach 0, an interval over its whole range, flat; the other keeps its own interval', () => {
    const theta = [1.5, 0.7];
    const withZero = G.map((row) => [row[0], 0]);
    const d = draws(normals('zero'), moments(theta));
    const r = identify({ parameters: BOUNDS.map((b, j) => ({ ...b, fitted: theta[j] })), targets: targetsAround(moments(theta)), jacobian: withZero, draws: d });
    const [kept, free] = r.parameters;
    expect(free).toMatchObject({ reach: 0, se: Infinity, low: -1, high: 3, bandLow: -1, bandHigh: 3, identified: false, verdict: 'flat' });
    expect(r.conditionNumber).toBe(Infinity);
    expect(r.correlation[0][1]).toBeNaN();
    // the first parameter alone: var = (gᵀWg)⁻² gᵀWΩWg
    const g = withZero.map((row) => row[0]);
    const omega = covariance(d).map((row) => row.map((c) => (1 + 1 / 8) * c));
    const gw = g.map((x, k) => x * W[k][k]);
    const H = gw.reduce((s, x, k) => s + x * g[k], 0);
    const B = gw.reduce((s, x, k) => s + gw.reduce((t, y, l) => t + x * omega[k][l] * y, 0), 0);
    expect(kept.se).toBeCloseTo(Math.sqrt(B) / H, 12);
    expect(kept.identified).toBe(true);
  });

  it('two parameters that move every target alike: both flat over their whole range', () => {
    const theta = [1.5, 0.7];
    const alike = G.map((row) => [row[0], row[0] / 2]);
    const r = identify({ parameters: BOUNDS.map((b, j) => ({ ...b, fitted: theta[j] })), targets: targetsAround(moments(theta)), jacobian: alike, draws: draws(normals('alike'), moments(theta)) });
    expect(r.conditionNumber).toBe(Infinity);
    for (const p of r.parameters) expect(p).toMatchObject({ reach: 0, identified: false, verdict: 'flat' });
    expect([r.parameters[1].low, r.parameters[1].high]).toEqual([-1, 3]);
  });

  it('flat when the bands cannot tell half the range apart: reach ≤ 4, the band range θ̂ ± range/reach', () => {
    const theta = [1.5, 0.7];
    // one target, one parameter: reach = √w·|g|·range / half-band
    const target = [{ low: 0.9, high: 1.1, weight: 1 }];
    const at = (g: number) => identify({ parameters: [{ min: 0, max: 4, fitted: theta[0] }], targets: target, jacobian: [[g]], draws: [[1, 1.0001, 0.9999]] });
    const steep = at(0.3); // 0.3·4 / 0.1 = 12
    expect(steep.parameters[0].reach).toBeCloseTo(12, 10);
    expect(steep.parameters[0]).toMatchObject({ verdict: 'identified', bandLow: 1.16667, bandHigh: 1.83333 });
    const shallow = at(0.09); // 3.6: the band range 1.5 ± 1.11 spans 56% of the range
    expect(shallow.parameters[0].reach).toBeCloseTo(3.6, 10);
    expect(2 / shallow.parameters[0].reach).toBeGreaterThan(MOST_OF_RANGE);
    expect(shallow.parameters[0]).toMatchObject({ verdict: 'flat', identified: false, bandLow: 0.388889, bandHigh: 2.61111 });
    expect(steep.conditionNumber).toBe(1);
  });

  it('wide when the targets respond but their noise over the seeds hides where on the range the parameter lies', () => {
    const target = [{ low: 0.9, high: 1.1, weight: 1 }];
    const noisy = [[1, 1.2, 0.8, 1.1]]; // sd 0.18: se = √(1.25)·0.18/0.3
    const r = identify({ parameters: [{ min: 0, max: 4, fitted: 1.5 }], targets: target, jacobian: [[0.3]], draws: noisy });
    expect(r.parameters[0].se).toBeCloseTo((Math.sqrt(1.25) * Math.sqrt(covariance(noisy)[0][0])) / 0.3, 12);
    // 1.5 ± t(0.975, 3)·se = 1.5 ± 2.03: wider than half the range of 4 (cut at 0 below)
    expect(r.parameters[0]).toMatchObject({ verdict: 'wide', identified: false, low: 0, high: 3.52553 });
  });

  it('one seed: no covariance, so no interval; the verdict then rests on the Jacobian alone', () => {
    const r = identify({ parameters: [{ min: 0, max: 4, fitted: 1.5 }], targets: [{ low: 0.9, high: 1.1, weight: 1 }], jacobian: [[0.3]], draws: [[1]] });
    expect(r.parameters[0].low).toBeNaN();
    expect(r.parameters[0].high).toBeNaN();
    expect(r.parameters[0].verdict).toBe('identified');
  });
});

describe('the Jacobian stencil', () => {
  it('moves each coordinate JACOBIAN_STEP either way, kept inside the unit box', () => {
    const s = jacobianStencil([0.5, 0.02, 1]);
    expect(s[0]).toEqual({ lower: [0.5 - JACOBIAN_STEP, 0.02, 1], upper: [0.5 + JACOBIAN_STEP, 0.02, 1] });
    expect(s[1].lower).toEqual([0.5, 0, 1]);
    expect(s[2]).toEqual({ lower: [0.5, 0.02, 1 - JACOBIAN_STEP], upper: [0.5, 0.02, 1] });
  });

  it('divides each difference by the step actually taken (one-sided at a bound, rounded values)', () => {
    const g = jacobianFrom([
      { lower: 0.9, upper: 1.1, atLower: [10, 1], atUpper: [12, 1.5] },
      { lower: 2, upper: 2.05, atLower: [11, 1.2], atUpper: [11.5, 1.2] },
    ]);
    expect(g).toEqual([[(12 - 10) / (1.1 - 0.9), (11.5 - 11) / (2.05 - 2)], [(1.5 - 1) / (1.1 - 0.9), 0]]);
  });
});
