import { describe as suite, expect, it } from 'vitest';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { lgamma, mean as mjMean, std as mjStd } from 'mathjs/number';
import {
  RunningCells, describe, incompleteBeta, lnGamma, mean, pairedDifference, sd, tCdf, tQuantile,
} from '../../src/stats/index.js';
import { inverseNormal } from '../../src/model/rng.js';

suite('Student t quantile', () => {
  // Two-sided 95% critical values t(0.975, df) from published tables (R: qt(0.975, df)).
  const table: [number, number][] = [
    [1, 12.706204736174705], [2, 4.302652729749464], [3, 3.182446305284263], [4, 2.7764451051977934],
    [5, 2.5705818356363146], [7, 2.3646242515927844], [10, 2.2281388519862744], [15, 2.131449545559774],
    [20, 2.0859634472658644], [30, 2.0422724563012378], [100, 1.9839715184496334], [1000, 1.9623390808264078],
  ];
  it.each(table)('t(0.975, %i) matches the table', (df, expected) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(expected, 9);
  });
  it('other levels: t(0.995, 5), t(0.9, 12), t(0.025, 8) (R: qt)', () => {
    expect(tQuantile(0.995, 5)).toBeCloseTo(4.032142983557536, 9);
    expect(tQuantile(0.9, 12)).toBeCloseTo(1.3562173340231345, 9);
    expect(tQuantile(0.025, 8)).toBeCloseTo(-2.3060041352041662, 9);
  });
  it('tends to the normal quantile for large df', () => {
    expect(tQuantile(0.975, 1e7)).toBeCloseTo(1.959963984540054, 6);
  });
  it('inverts the CDF (property)', () => {
    fc.assert(fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.integer({ min: 1, max: 500 }), (p, df) => {
      expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 10);
    }));
  });
  it('incomplete beta: I_x(1,1) = x and symmetry I_x(a,b) = 1 − I_{1−x}(b,a)', () => {
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(incompleteBeta(0.2, 2.5, 4)).toBeCloseTo(1 - incompleteBeta(0.8, 4, 2.5), 13);
  });
  it('lnGamma agrees with mathjs lgamma', () => {
    for (const x of [0.1, 0.5, 1, 1.5, 2, 3.7, 10, 55.5, 400]) {
      expect(Math.abs(lnGamma(x) - lgamma(x))).toBeLessThan(1e-11 * Math.max(1, Math.abs(lgamma(x))));
    }
  });
});

suite('mean, sd, intervals', () => {
  it('mean and sd agree with mathjs', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 60 }), (xs) => {
      expect(mean(xs)).toBeCloseTo(Number(mjMean(xs)), 6);
      expect(sd(xs)).toBeCloseTo(Number(mjStd(xs)), 6);
    }));
  });
  it('describe: a known small sample', () => {
    const d = describe([1, 2, 3, 4]);
    expect(d.mean).toBe(2.5);
    expect(d.sd).toBeCloseTo(1.2909944487358056, 14);
    const h = 3.182446305284263 * (1.2909944487358056 / 2);
    expect(d.ciLow).toBeCloseTo(2.5 - h, 10);
    expect(d.ciHigh).toBeCloseTo(2.5 + h, 10);
    expect(d.n).toBe(4);
  });
  it('non-finite values are left out and n says how many were used', () => {
    const d = describe([1, NaN, 3, Infinity]);
    expect(d.n).toBe(2);
    expect(d.mean).toBe(2);
  });
  it('one value: mean, but no sd and no interval', () => {
    const d = describe([5]);
    expect(d.mean).toBe(5);
    expect(Number.isNaN(d.sd) && Number.isNaN(d.ciLow) && Number.isNaN(d.ciHigh)).toBe(true);
  });
  it('streaming cells agree with the batch statistics', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 2, maxLength: 40 }), (xs) => {
      const cells = new RunningCells(1);
      for (const x of xs) cells.push(0, x);
      const a = cells.describe(0), b = describe(xs);
      expect(a.n).toBe(b.n);
      expect(a.mean).toBeCloseTo(b.mean, 8);
      expect(a.sd).toBeCloseTo(b.sd, 8);
      expect(a.ciHigh).toBeCloseTo(b.ciHigh, 7);
    }));
  });
  it('paired differences: mean of differences, P(higher) counts strict wins', () => {
    const d = pairedDifference([3, 5, 4, 6], [1, 5, 2, 2]);
    expect(d.meanDiff).toBe(2);
    expect(d.pBetter).toBe(0.75);
    expect(d.n).toBe(4);
    expect(d.ciLow).toBeLessThan(2);
  });
  it('pairing removes shared noise: the paired interval is much narrower than the unpaired ones', () => {
    const rng = seedrandom.alea('pairing');
    const common = Array.from({ length: 20 }, () => 10 * inverseNormal(rng()));
    const a = common.map((c) => c + 1 + 0.1 * inverseNormal(rng()));
    const b = common.map((c) => c + 0.1 * inverseNormal(rng()));
    const d = pairedDifference(a, b);
    expect(d.ciLow).toBeGreaterThan(0);
    const ua = describe(a);
    expect(d.ciHigh - d.ciLow).toBeLessThan((ua.ciHigh - ua.ciLow) / 10);
  });
});

suite('interval coverage (metric with a known distribution)', () => {
  /** Share of `trials` t-intervals from samples of size n that contain the true mean. */
  function coverage(draw: (rng: () => number) => number, truth: number, n: number, trials: number, seed: string): number {
    const rng = seedrandom.alea(seed);
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      const xs = Array.from({ length: n }, () => draw(rng));
      const d = describe(xs);
      if (d.ciLow <= truth && truth <= d.ciHigh) covered++;
    }
    return covered / trials;
  }
  // 4000 trials: the binomial sd of the coverage is √(0.95·0.05/4000) ≈ 0.0034; ±0.012 is 3.5 sd.
  it.each([2, 4, 8, 16, 64])('normal values, n = %i: 95% intervals cover the mean ≈95% of the time', (n) => {
    const c = coverage((rng) => 3 + 2 * inverseNormal(rng()), 3, n, 4000, `normal-${n}`);
    expect(c).toBeGreaterThan(0.938);
    expect(c).toBeLessThan(0.962);
  });
  it('uniform values, n = 16: coverage ≈95% (the t interval is robust for symmetric metrics)', () => {
    const c = coverage((rng) => rng(), 0.5, 16, 4000, 'uniform');
    expect(c).toBeGreaterThan(0.938);
    expect(c).toBeLessThan(0.962);
  });
  it('paired differences on common random numbers: coverage ≈95%', () => {
    const rng = seedrandom.alea('paired-coverage');
    let covered = 0;
    const trials = 4000;
    for (let t = 0; t < trials; t++) {
      const common = Array.from({ length: 12 }, () => 5 * inverseNormal(rng()));
      const a = common.map((c) => c + 0.3 + 0.5 * inverseNormal(rng()));
      const b = common.map((c) => c + 0.5 * inverseNormal(rng()));
      const d = pairedDifference(a, b);
      if (d.ciLow <= 0.3 && 0.3 <= d.ciHigh) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.938);
    expect(covered / trials).toBeLessThan(0.962);
  });
});
