/**
 * How sure a calibration is: a 95% interval for every fitted parameter and whether the
 * targets pin it down, by the method of simulated moments (McFadden 1989; Pakes & Pollard
 * 1989; Gouriéroux & Monfort 1996, ch. 2).
 *
 * The fit minimises Q(θ) = (m̄(θ) − v)ᵀ W (m̄(θ) − v), with m̄ the targets' means over S
 * common seeds, v the target values and W = diag(weight / half-band²). At the optimum:
 *
 * - G, the Jacobian of m̄: central differences, each parameter moved JACOBIAN_STEP of its
 *   range either way (one-sided at a bound) on the same seeds, so the runs' noise cancels
 *   in the difference instead of swamping it;
 * - Σ, the covariance of the targets over the S seeds at the fitted values;
 * - Ω = (1 + 1/S)·Σ: the target values are read as the moments of one observed market of
 *   the simulated size (sampling noise Σ), the fit's moments as means over S simulated
 *   markets (noise Σ/S), independent of each other: the usual correction for simulation
 *   noise (Gouriéroux & Monfort 1996, ch. 2; Lee & Ingram 1991; Duffie & Singleton 1993);
 * - Var(θ̂) = (GᵀWG)⁻¹ GᵀWΩWG (GᵀWG)⁻¹, the sandwich of a weighted-distance estimator whose
 *   weights are not the optimal Ω⁻¹ (Newey & McFadden 1994, section 3). It needs GᵀWG, not Σ,
 *   to be invertible, so fewer seeds than targets are fine.
 *
 * The interval is θ̂ ± t(0.975, S − 1)·se (Student's t because Σ comes from S seeds), cut at
 * the bounds. Everything is computed in the search's coordinates, moments in weighted
 * half-bands and parameters in shares of their range (J = W^½·G·diag(range)), where the
 * matrices are of order one whatever the units.
 *
 * Identification. Two ways the targets can fail to pin a parameter down, each measured
 * against half of its range:
 * - wide: its 95% interval (before the cut at the bounds) spans half its range or more;
 *   the moments' noise hides where on the range it lies;
 * - flat: the Jacobian is near singular in its direction. Moving the parameter by a share
 *   Δ of its range while the others re-fit raises Q by reach²·Δ² (to first order; reach =
 *   1/√((JᵀJ)⁻¹)ⱼⱼ). The values that raise Q by at most 1 (one hard target moved by its
 *   half-band) are the band range θ̂ ± range/reach: what the bands cannot tell apart.
 *   Flat when that spans half the range or more (reach ≤ 4), however small the noise.
 * Exactly singular directions (a parameter no target responds to, or two that move every
 * target alike in proportion) have reach 0 and an interval over the whole range. The
 * condition number of J (largest over smallest singular value) says how close to
 * singular the whole Jacobian is.
 */
import { tQuantile } from '../../../stats/index.js';
import { covariance, multiply, symmetricEigen, transpose, type Matrix } from '../../../stats/matrix.js';
import { roundParameter } from './targets.js';

/** Each finite-difference step, as a share of the parameter's range. */
export const JACOBIAN_STEP = 0.05;
/** An interval or band range at least this share of the range: not identified. */
export const MOST_OF_RANGE = 0.5;
/** Eigenvalues of JᵀJ at most this share of the largest count as zero (rounding noise of exact zeros). */
const SINGULAR = 1e-12;

interface Bounded {
  readonly min: number;
  readonly max: number;
}

/**
 * The points the Jacobian needs, in the search's unit box: for each parameter, the fitted
 * point with that coordinate moved down and up by JACOBIAN_STEP, kept inside the box.
 */
export function jacobianStencil(fitted: readonly number[]): { lower: number[]; upper: number[] }[] {
  const moved = (j: number, d: number) => fitted.map((u, i) => (i === j ? Math.min(1, Math.max(0, u + d)) : u));
  return fitted.map((_, j) => ({ lower: moved(j, -JACOBIAN_STEP), upper: moved(j, JACOBIAN_STEP) }));
}

/** ∂ target / ∂ parameter (target × parameter, in their own units) from the stencil's means and actual (rounded) values. */
export function jacobianFrom(steps: readonly { lower: number; upper: number; atLower: readonly number[]; atUpper: readonly number[] }[]): Matrix {
  const targets = steps.length === 0 ? 0 : steps[0].atLower.length;
  return Array.from({ length: targets }, (_, k) => steps.map((s) => (s.atUpper[k] - s.atLower[k]) / (s.upper - s.lower)));
}

export interface ParameterPrecision {
  /** standard error (parameter units): Infinity along a direction no target sees, NaN with one seed */
  readonly se: number;
  /** the 95% interval, cut at the bounds */
  readonly low: number;
  readonly high: number;
  /** the values that raise the objective by at most 1 while the other parameters re-fit (first order), cut at the bounds */
  readonly bandLow: number;
  readonly bandHigh: number;
  /** √ of the objective's rise over the whole range, the others re-fitting; 0 when no target responds */
  readonly reach: number;
  readonly identified: boolean;
  /** why not: the interval spans most of the range (wide), or the bands cannot tell most of the range apart (flat) */
  readonly verdict: 'identified' | 'wide' | 'flat';
}

export interface Identification {
  /** how each target moves across each parameter's whole range (target × parameter, the target's units) */
  readonly jacobian: Matrix;
  /** the same in the target's half-bands */
  readonly jacobianBands: Matrix;
  /** of J (objective units per range): Infinity when singular */
  readonly conditionNumber: number;
  /** of the fitted parameters (NaN where a variance is infinite or unknown) */
  readonly correlation: Matrix;
  readonly parameters: ParameterPrecision[];
}

export interface IdentificationInput {
  readonly parameters: readonly (Bounded & { readonly fitted: number })[];
  readonly targets: readonly { readonly low: number; readonly high: number; readonly weight: number }[];
  /** ∂ target / ∂ parameter in their own units (target × parameter) */
  readonly jacobian: Matrix;
  /** each target's value on each seed at the fitted values (target × seed) */
  readonly draws: Matrix;
}

export function identify({ parameters, targets, jacobian, draws }: IdentificationInput): Identification {
  const p = parameters.length;
  const range = parameters.map((q) => q.max - q.min);
  const half = targets.map((t) => (t.high - t.low) / 2);
  const root = targets.map((t, k) => Math.sqrt(t.weight) / half[k]);
  const J = jacobian.map((row, k) => row.map((g, j) => root[k] * g * range[j]));

  const { values, vectors } = symmetricEigen(multiply(transpose(J), J));
  const largest = values[0] ?? 0;
  const zero = (λ: number) => !(λ > SINGULAR * largest);
  // a parameter with any weight on a zero direction can move along it unseen
  const free = parameters.map((_, j) => vectors.some((v, i) => zero(values[i]) && Math.abs(v[j]) > 1e-9));
  const inverse: Matrix = parameters.map((_, a) => parameters.map((__, b) =>
    values.reduce((s, λ, i) => (zero(λ) ? s : s + (vectors[i][a] * vectors[i][b]) / λ), 0)));
  const smallest = values[values.length - 1] ?? 0;
  const conditionNumber = largest > 0 && !zero(smallest) ? Math.sqrt(largest / smallest) : Infinity;

  const seeds = draws.length === 0 ? 0 : draws[0].length;
  const sigma = covariance(draws);
  const omega = sigma.map((row, k) => row.map((c, l) => (1 + 1 / seeds) * root[k] * c * root[l]));
  const middle = multiply(multiply(transpose(J), omega), J);
  const variance = multiply(multiply(inverse, middle), inverse);
  const quantile = seeds >= 2 ? tQuantile(0.975, seeds - 1) : NaN;

  const precision = parameters.map((q, j): ParameterPrecision => {
    const reach = free[j] ? 0 : 1 / Math.sqrt(inverse[j][j]);
    const se = free[j] ? Infinity : range[j] * Math.sqrt(variance[j][j]);
    // a direction no target sees leaves the whole range open, however many seeds
    const halfWidth = free[j] ? Infinity : quantile * se;
    const bandHalf = range[j] / reach;
    const cut = (x: number) => roundParameter(Math.min(q.max, Math.max(q.min, x)));
    const verdict = 2 / reach >= MOST_OF_RANGE ? 'flat' : 2 * halfWidth >= MOST_OF_RANGE * range[j] ? 'wide' : 'identified';
    return {
      se,
      low: Number.isNaN(halfWidth) ? NaN : cut(q.fitted - halfWidth),
      high: Number.isNaN(halfWidth) ? NaN : cut(q.fitted + halfWidth),
      bandLow: cut(q.fitted - bandHalf),
      bandHigh: cut(q.fitted + bandHalf),
      reach,
      identified: verdict === 'identified',
      verdict,
    };
  });
  const correlation = parameters.map((_, a) => parameters.map((__, b) =>
    free[a] || free[b] ? NaN : variance[a][b] / Math.sqrt(variance[a][a] * variance[b][b])));
  return {
    jacobian: jacobian.map((row) => row.map((g, j) => g * range[j])),
    jacobianBands: jacobian.map((row, k) => row.map((g, j) => (g * range[j]) / half[k])),
    conditionNumber,
    correlation,
    parameters: precision,
  };
}
