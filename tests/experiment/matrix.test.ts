/** Small matrices: products and covariances against mathjs and by hand; the symmetric eigen decomposition against mathjs, and its exact zeros. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eigs, multiply as mjMultiply } from 'mathjs';
import { covariance, multiply, symmetricEigen, transpose } from '../../src/stats/matrix.js';

const symmetric = (n: number) =>
  fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n * n, maxLength: n * n }).map((xs) =>
    Array.from({ length: n }, (_, i) => Array.from({ length: n }, (__, j) => (xs[i * n + j] + xs[j * n + i]) / 2)));

describe('matrix products and covariance', () => {
  it('multiplies and transposes as mathjs does', () => {
    const a = [[1, 2, 3], [4, 5, 6]];
    const b = [[1, -1], [0, 2], [3, 0.5]];
    expect(multiply(a, b)).toEqual(mjMultiply(a, b));
    expect(transpose(a)).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(() => multiply(a, a)).toThrow(/3 columns against 2 rows/);
  });

  it('gives the sample covariance (n − 1) of variables observed together', () => {
    const x = [1, 2, 3, 4];
    const y = [2, 4, 6, 8.5];
    const c = covariance([x, y]);
    expect(c[0][0]).toBeCloseTo(5 / 3, 14);
    expect(c[1][1]).toBeCloseTo(((2 - 5.125) ** 2 + (4 - 5.125) ** 2 + (6 - 5.125) ** 2 + (8.5 - 5.125) ** 2) / 3, 13);
    expect(c[0][1]).toBe(c[1][0]);
    expect(c[0][1]).toBeCloseTo(((-1.5) * (2 - 5.125) + (-0.5) * (4 - 5.125) + 0.5 * (6 - 5.125) + 1.5 * (8.5 - 5.125)) / 3, 13);
    expect(covariance([[3], [4]])[0][1]).toBeNaN();
  });
});

describe('symmetricEigen', () => {
  it('agrees with mathjs and rebuilds the matrix from orthonormal vectors (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }).chain(symmetric), (a) => {
      const { values, vectors } = symmetricEigen(a);
      const theirs = [...(eigs(a).values as number[])].sort((x, y) => y - x);
      const scale = Math.max(1, ...a.flat().map(Math.abs));
      values.forEach((v, i) => expect(Math.abs(v - theirs[i])).toBeLessThan(1e-9 * scale));
      for (let i = 0; i < values.length; i++) {
        for (let j = 0; j < values.length; j++) {
          const dot = vectors[i].reduce((s, x, k) => s + x * vectors[j][k], 0);
          expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-10);
          const rebuilt = values.reduce((s, λ, k) => s + λ * vectors[k][i] * vectors[k][j], 0);
          expect(Math.abs(rebuilt - a[i][j])).toBeLessThan(1e-9 * scale);
        }
      }
      for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
    }), { numRuns: 200 });
  });

  it('keeps a zero row and column exactly zero: its direction comes out with eigenvalue 0 and nothing else in it', () => {
    const a = [[4, 0, 1], [0, 0, 0], [1, 0, 3]];
    const { values, vectors } = symmetricEigen(a);
    expect(values[2]).toBe(0);
    expect(vectors[2].map(Math.abs)).toEqual([0, 1, 0]);
    expect(vectors[0][1]).toBe(0);
    expect(vectors[1][1]).toBe(0);
  });

  it('is deterministic: the same matrix gives the same bits', () => {
    const a = [[2, 1, 0.5], [1, 3, 0.25], [0.5, 0.25, 1]];
    expect(symmetricEigen(a)).toEqual(symmetricEigen(a.map((r) => [...r])));
  });
});
