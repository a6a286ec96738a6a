/**
 * How a pattern is judged from its per-seed values: the measured figure with its 95%
 * interval, and the status. A pattern holds when the whole interval lies in the band, fails
 * when the whole interval lies outside it, and is unresolved when the interval straddles a
 * band edge (more seeds or customers would tell): never a point estimate alone.
 */
import { describe, tHalfWidth, type Described } from '../../../stats/index.js';
import type { Band } from './pattern.js';

export type Status = 'holds' | 'fails' | 'unresolved';

export interface Judged {
  readonly measured: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  /** seeds with a finite value */
  readonly seeds: number;
  readonly status: Status;
}

/** The mean of per-seed values with its t-interval. */
export const meanOf = (values: readonly number[]): Described => describe(values.filter(Number.isFinite));

/**
 * A ratio of means over seeds, mean(num) ÷ mean(den), with its delta-method interval: the
 * per-seed ratio of two small paired differences is unstable, their means' ratio is not.
 */
export function ratioOf(pairs: readonly (readonly [number, number])[]): Described {
  const ok = pairs.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  const n = ok.length;
  const num = ok.reduce((s, [a]) => s + a, 0) / n;
  const den = ok.reduce((s, [, b]) => s + b, 0) / n;
  const r = num / den;
  // the residuals a − r·b carry the ratio's sampling error
  const residuals = describe(ok.map(([a, b]) => a - r * b));
  const sd = residuals.sd / Math.abs(den);
  const h = tHalfWidth(sd, n);
  return { mean: r, sd, ciLow: r - h, ciHigh: r + h, n };
}

const inside = (x: number, b: Band): boolean => (b.low === undefined || x > b.low) && (b.high === undefined || x < b.high);

export function statusOf(d: Described, band: Band): Status {
  if (d.n < 2 || !Number.isFinite(d.mean) || !Number.isFinite(d.ciLow) || !Number.isFinite(d.ciHigh)) return 'unresolved';
  if (inside(d.ciLow, band) && inside(d.ciHigh, band)) return 'holds';
  const below = band.low !== undefined && d.ciHigh <= band.low;
  const above = band.high !== undefined && d.ciLow >= band.high;
  return below || above ? 'fails' : 'unresolved';
}

export function judge(d: Described, band: Band): Judged {
  return { measured: d.mean, ciLow: d.ciLow, ciHigh: d.ciHigh, seeds: d.n, status: statusOf(d, band) };
}
