/**
 * Statistics people can cite: mean, sample standard deviation, Student-t 95% intervals of
 * the mean, and paired differences on common random numbers.
 *
 * Why not mathjs here: importing mathjs costs ~0.7 s of start-up on every CLI command
 * (it would be loaded by `run` and `list` too), for a mean and a standard deviation; and
 * mathjs has no Student-t quantile. So these few functions are written out and tested
 * against mathjs (mean, std, lgamma) and published t tables in tests/experiment/stats.test.ts.
 *
 * Every function is deterministic: values are visited in the order given, so the same
 * inputs in the same order give the same bits.
 */

/** Mean of the finite values (NaN when there are none). */
export function mean(values: ArrayLike<number>): number {
  let n = 0;
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) { s += v; n++; }
  }
  return n === 0 ? NaN : s / n;
}

/** Sample standard deviation (n − 1) of the finite values; NaN for fewer than two. */
export function sd(values: ArrayLike<number>): number {
  const m = mean(values);
  let n = 0;
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) { ss += (v - m) * (v - m); n++; }
  }
  return n < 2 ? NaN : Math.sqrt(ss / (n - 1));
}

// ---------------------------------------------------------------------------------------
// Student t

/**
 * ln Γ(x) for x > 0: Stirling's series with seven Bernoulli terms at x ≥ 10 (next term
 * < 3e-17), the recurrence Γ(x) = Γ(x + n) / (x (x+1) … (x+n−1)) below.
 */
export function lnGamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift += Math.log(x);
    x += 1;
  }
  const inv = 1 / x, inv2 = inv * inv;
  const series = inv * (1 / 12 + inv2 * (-1 / 360 + inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360 + inv2 / 156))))));
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b, qap = a + 1, qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function tCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

const quantileCache = new Map<string, number>();

/**
 * Quantile of Student's t: the t with P(T ≤ t) = p. Bracketed bisection on the CDF to
 * machine precision (about 60 CDF evaluations, cached: intervals use few (p, df) pairs).
 */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  const cacheKey = `${p}/${df}`;
  const cached = quantileCache.get(cacheKey);
  if (cached !== undefined) return cached;
  let lo = 0;
  let hi = 1;
  while (tCdf(hi, df) < p) { lo = hi; hi *= 2; if (hi > 1e300) break; }
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (tCdf(mid, df) < p) lo = mid; else hi = mid;
  }
  const q = 0.5 * (lo + hi);
  quantileCache.set(cacheKey, q);
  return q;
}

// ---------------------------------------------------------------------------------------
// Intervals

/**
 * A mean with its 95% interval: the one shape of an interval in the tool. Files show it in
 * the shapes of INTERFACE.md (summaryFigure, meanCi); reports and findings read it as is.
 */
export interface Described {
  mean: number;
  sd: number;
  ciLow: number;
  ciHigh: number;
  /** number of finite values */
  n: number;
}

/** How summary.json shows an interval: mean, sd, ci95 and n. */
export const summaryFigure = (d: Described): { mean: number; sd: number; ci95: [number, number]; n: number } => ({ mean: d.mean, sd: d.sd, ci95: [d.ciLow, d.ciHigh], n: d.n });

/** How a game's payoff table shows an interval: mean and ci95. */
export const meanCi = (d: Described): { mean: number; ci95: [number, number] } => ({ mean: d.mean, ci95: [d.ciLow, d.ciHigh] });

/** Half-width of the t-based interval of the mean at `level` (NaN for n < 2). */
export function tHalfWidth(sdValue: number, n: number, level = 0.95): number {
  if (n < 2 || !Number.isFinite(sdValue)) return NaN;
  return tQuantile(1 - (1 - level) / 2, n - 1) * (sdValue / Math.sqrt(n));
}

/** t-interval of the mean from summary figures. */
export function intervalFrom(meanValue: number, sdValue: number, n: number, level = 0.95): Described {
  const h = tHalfWidth(sdValue, n, level);
  return { mean: meanValue, sd: n < 2 ? NaN : sdValue, ciLow: meanValue - h, ciHigh: meanValue + h, n };
}

/** Mean, sd and 95% t-interval of the mean of the finite values. */
export function describe(values: ArrayLike<number>, level = 0.95): Described {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  return intervalFrom(mean(values), sd(values), n, level);
}

export interface PairedDifference extends Described {
  meanDiff: number;
  /** share of pairs where a > b (ties are not "higher") */
  pBetter: number;
}

/**
 * Paired differences a − b, pair by pair (same seeds: common random numbers), with the
 * t-interval of the mean difference and the share of pairs where a is higher.
 * Pairs where either value is not finite are left out.
 */
export function pairedDifference(a: ArrayLike<number>, b: ArrayLike<number>, level = 0.95): PairedDifference {
  if (a.length !== b.length) throw new Error(`pairedDifference: ${a.length} vs ${b.length} values`);
  const diffs: number[] = [];
  let higher = 0;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) continue;
    diffs.push(a[i] - b[i]);
    if (a[i] > b[i]) higher++;
  }
  const d = describe(diffs, level);
  return { ...d, meanDiff: d.mean, pBetter: diffs.length === 0 ? NaN : higher / diffs.length };
}

/**
 * Streaming mean and variance (Welford) for many cells at once: one Float64Array slot per
 * cell. Values must be pushed in a fixed order (the experiment's job order) for the bits
 * to be reproducible. Non-finite values are skipped, so `n` may differ between cells.
 */
export class RunningCells {
  readonly count: Float64Array;
  readonly meanOf: Float64Array;
  readonly m2: Float64Array;
  /** for paired differences: how many pushed values were > 0 */
  readonly positive: Float64Array;
  constructor(readonly size: number) {
    this.count = new Float64Array(size);
    this.meanOf = new Float64Array(size);
    this.m2 = new Float64Array(size);
    this.positive = new Float64Array(size);
  }
  push(cell: number, value: number): void {
    if (!Number.isFinite(value)) return;
    const n = ++this.count[cell];
    const delta = value - this.meanOf[cell];
    this.meanOf[cell] += delta / n;
    this.m2[cell] += delta * (value - this.meanOf[cell]);
    if (value > 0) this.positive[cell]++;
  }
  describe(cell: number, level = 0.95): Described {
    const n = this.count[cell];
    if (n === 0) return { mean: NaN, sd: NaN, ciLow: NaN, ciHigh: NaN, n: 0 };
    const s = n < 2 ? NaN : Math.sqrt(this.m2[cell] / (n - 1));
    return intervalFrom(this.meanOf[cell], s, n, level);
  }
  /** share of pushed values that were > 0 (for differences: P(scenario higher)) */
  shareHigher(cell: number): number {
    const n = this.count[cell];
    return n === 0 ? NaN : this.positive[cell] / n;
  }
}
