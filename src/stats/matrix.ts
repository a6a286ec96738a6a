/**
 * Small dense matrices, for the covariance of a few estimated parameters: products, the
 * sample covariance of several variables, and the eigen decomposition of a symmetric
 * matrix (which gives inverses, condition numbers and the directions a matrix cannot see).
 *
 * Written out rather than taken from mathjs: mathjs is loaded lazily (docs/performance.md),
 * the matrices here are at most a few dozen rows, and cyclic Jacobi rotations are exact
 * enough for them, keep an exactly zero row and column exactly zero (so a direction
 * nothing depends on comes out as an eigenvalue of exactly 0) and visit the elements in a
 * fixed order, so the same input gives the same bits. Tested against mathjs.
 */

/** Row-major: m[i][j] is row i, column j. */
export type Matrix = number[][];

export const transpose = (a: readonly (readonly number[])[]): Matrix =>
  a.length === 0 ? [] : a[0].map((_, j) => a.map((row) => row[j]));

export function multiply(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): Matrix {
  const inner = b.length;
  const columns = inner === 0 ? 0 : b[0].length;
  return a.map((row) => {
    if (row.length !== inner) throw new Error(`multiply: ${row.length} columns against ${inner} rows`);
    const out = new Array<number>(columns).fill(0);
    for (let k = 0; k < inner; k++) for (let j = 0; j < columns; j++) out[j] += row[k] * b[k][j];
    return out;
  });
}

/**
 * Sample covariance (n − 1) of several variables observed together: `variables[i][k]` is
 * variable i in observation k. NaN entries for fewer than two observations.
 */
export function covariance(variables: readonly (readonly number[])[]): Matrix {
  const n = variables.length === 0 ? 0 : variables[0].length;
  const means = variables.map((v) => v.reduce((s, x) => s + x, 0) / n);
  return variables.map((a, i) => variables.map((b, j) => {
    if (n < 2) return NaN;
    let s = 0;
    for (let k = 0; k < n; k++) s += (a[k] - means[i]) * (b[k] - means[j]);
    return s / (n - 1);
  }));
}

export interface Eigen {
  /** largest first */
  readonly values: number[];
  /** vectors[i] is the unit eigenvector of values[i] */
  readonly vectors: Matrix;
}

/**
 * Eigenvalues and eigenvectors of a symmetric matrix by cyclic Jacobi rotations, until
 * the off-diagonal part is below 1e-15 of the matrix's norm (or 100 sweeps; a few do).
 */
export function symmetricEigen(matrix: readonly (readonly number[])[]): Eigen {
  const n = matrix.length;
  const a = matrix.map((row) => {
    if (row.length !== n) throw new Error(`symmetricEigen: a ${n} × ${row.length} matrix is not square`);
    return [...row];
  });
  const v: Matrix = a.map((_, i) => a.map((__, j) => (i === j ? 1 : 0)));
  let norm = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) norm += a[i][j] * a[i][j];
  const tolerance = 1e-30 * norm;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
    if (off <= tolerance) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p][q] === 0) continue;
        // the rotation that zeroes a[p][q] (the smaller angle, for stability)
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p], vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = a.map((_, i) => i).sort((i, j) => a[j][j] - a[i][i] || i - j);
  return { values: order.map((i) => a[i][i]), vectors: order.map((i) => v.map((row) => row[i])) };
}
