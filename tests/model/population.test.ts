/**
 * The population: segments apportioned exactly (largest remainder), each customer's
 * parameters drawn from its own segment, addressed draws (customer i is the same
 * customer whatever N), initial awareness at the firm's rate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion, createPopulation } from '../../src/model/population.js';
import { tinyScenario } from '../helpers/scenario.js';

describe('apportion', () => {
  it('splits n exactly, each part the floor or ceiling of its exact share', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 8 }).filter((w) => w.some((x) => x > 0)),
        fc.integer({ min: 0, max: 100_000 }),
        (weights, n) => {
          const total = weights.reduce((a, b) => a + b, 0);
          const shares = weights.map((w) => w / total);
          const parts = apportion(shares, n);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(n);
          parts.forEach((p, k) => {
            const exact = shares[k] * n;
            expect(Number.isInteger(p)).toBe(true);
            expect(p >= Math.floor(exact - 1e-9) && p <= Math.ceil(exact + 1e-9), `part ${k}: ${p} vs exact ${exact}`).toBe(true);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives remainders to the largest fractions, ties to the first segment', () => {
    expect(apportion([1 / 3, 1 / 3, 1 / 3], 100)).toEqual([34, 33, 33]);
    expect(apportion([0.5, 0.5], 3)).toEqual([2, 1]);
    expect(apportion([0.25, 0.75], 2)).toEqual([1, 1]); // 0.5 and 1.5: a tie, the first wins
    expect(apportion([0.26, 0.74], 10)).toEqual([3, 7]);
  });
});

const threeSegments = () =>
  tinyScenario({
    customers: 9001,
    segments: [
      { name: 'all', share: 0.2, priceSensitivity: { dist: 'normal', mean: 0.3, sd: 0.05, min: 0.01 }, basketValue: 1 },
      { name: 'heavy', share: 0.5, priceSensitivity: { dist: 'normal', mean: 1.0, sd: 0.1, min: 0.01 }, basketValue: 3, shopProbability: { dist: 'normal', mean: 1, sd: 0.3 } },
      { name: 'light', share: 0.3, priceSensitivity: 0.6, basketValue: { dist: 'lognormal', mean: 2, sd: 1 } },
    ],
    firms: [{ name: 'A', awareness: 0.25 }, { name: 'B', awareness: 1 }],
  });

describe('createPopulation', () => {
  it('segment sizes are exactly the apportioned counts, whatever the seed', () => {
    const s = threeSegments();
    const expected = apportion([0.2, 0.5, 0.3], 9001);
    for (const seed of [1, 2, 3]) {
      const pop = createPopulation(s, seed);
      const counts = [0, 0, 0];
      for (let i = 0; i < pop.size; i++) counts[pop.segment[i]]++;
      expect(counts).toEqual(expected);
    }
  });

  it('each customer draws from its own segment\'s distributions', () => {
    const pop = createPopulation(threeSegments(), 5);
    const bySegment = (col: Float32Array, s: number) => {
      const xs: number[] = [];
      for (let i = 0; i < pop.size; i++) if (pop.segment[i] === s) xs.push(col[i]);
      return xs;
    };
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const beta = [0, 1, 2].map((s) => bySegment(pop.priceSensitivity, s));
    expect(Math.abs(mean(beta[0]) - 0.3)).toBeLessThan(4 * 0.05 / Math.sqrt(beta[0].length));
    expect(Math.abs(mean(beta[1]) - 1.0)).toBeLessThan(4 * 0.1 / Math.sqrt(beta[1].length));
    expect(new Set(beta[2])).toEqual(new Set([Math.fround(0.6)]));
    expect(new Set(bySegment(pop.basketValue, 1))).toEqual(new Set([3]));
    const light = bySegment(pop.basketValue, 2);
    expect(Math.abs(mean(light) - 2)).toBeLessThan(4 * 1 / Math.sqrt(light.length));
    // A shop probability drawn above 1 or below 0 is clamped to a probability.
    const shop = bySegment(pop.shopProbability, 1);
    expect(Math.max(...shop)).toBe(1);
    expect(Math.min(...shop)).toBeGreaterThanOrEqual(0);
  });

  it('customer i is the same customer whatever N (draws are addressed by customer)', () => {
    const small = createPopulation(tinyScenario({ customers: 300, segments: [{ name: 'all', priceSensitivity: { dist: 'normal', mean: 0.5, sd: 0.2, min: 0.01 } }] }), 9);
    const large = createPopulation(tinyScenario({ customers: 3000, segments: [{ name: 'all', priceSensitivity: { dist: 'normal', mean: 0.5, sd: 0.2, min: 0.01 } }] }), 9);
    expect(Array.from(large.priceSensitivity.slice(0, 300))).toEqual(Array.from(small.priceSensitivity));
    expect(Array.from(large.aware.slice(0, 600))).toEqual(Array.from(small.aware));
    const other = createPopulation(tinyScenario({ customers: 300, segments: [{ name: 'all', priceSensitivity: { dist: 'normal', mean: 0.5, sd: 0.2, min: 0.01 } }] }), 10);
    expect(Array.from(other.priceSensitivity)).not.toEqual(Array.from(small.priceSensitivity));
  });

  it('initial awareness is drawn at each firm\'s rate; everyone knows a firm with awareness 1', () => {
    const pop = createPopulation(threeSegments(), 3);
    let awareA = 0, awareB = 0;
    for (let i = 0; i < pop.size; i++) {
      awareA += pop.aware[i * 2];
      awareB += pop.aware[i * 2 + 1];
    }
    expect(awareB).toBe(pop.size);
    expect(Math.abs(awareA / pop.size - 0.25)).toBeLessThan(4 * Math.sqrt(0.25 * 0.75 / pop.size));
  });

  it('everyone starts with no firm, no contract, no membership and no points', () => {
    const pop = createPopulation(threeSegments(), 3);
    expect(pop.currentFirm.every((x) => x === -1)).toBe(true);
    expect(pop.contractFirm.every((x) => x === -1)).toBe(true);
    expect(pop.memberships.every((x) => x === 0)).toBe(true);
    expect(pop.points.every((x) => x === 0)).toBe(true);
  });
});
