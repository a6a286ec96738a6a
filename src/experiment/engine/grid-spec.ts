/**
 * Grid specifications: `--vary path=a,b,c`, `--vary path=lo:hi:n` (n evenly spaced values,
 * both ends included), `--vary path=lo:hi` (a range, for sampling), and `--sample lhs:N`
 * (a Latin hypercube of N points over the varied fields). Paths use the `--set` syntax
 * (scenario/merge.ts). The hypercube is drawn from a seeded stream keyed by the seed base, so the
 * same command gives the same points.
 */
import { designStream } from '../../model/rng.js';
import { parse as parseYamlScalar } from 'yaml';
import { InputError } from '../../errors.js';

export type ParamValue = string | number | boolean;

export interface VaryAxis {
  readonly path: string;
  /** discrete values as written (value texts, read like --set values) */
  readonly values?: readonly string[];
  /** a continuous range (lo:hi), for --sample */
  readonly range?: { readonly lo: number; readonly hi: number };
}

export interface SampleSpec {
  readonly method: 'lhs';
  readonly n: number;
}

/** One grid point: `path=value` assignments in --vary order. */
export type GridAssignment = readonly (readonly [path: string, valueText: string])[];

const NUMBER = '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?';
const RANGE_N = new RegExp(`^(${NUMBER}):(${NUMBER}):(\\d+)$`);
const RANGE = new RegExp(`^(${NUMBER}):(${NUMBER})$`);

/** Round to 12 significant digits so 0.1 steps print as 0.3, not 0.30000000000000004. */
const tidy = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(12)));
export const valueText = (x: number): string => String(tidy(x));

const problem = (text: string, message: string) => new InputError({ source: 'option --vary', path: text, message });

export function parseVary(text: string): VaryAxis {
  const eq = text.indexOf('=');
  if (eq <= 0) throw problem(text, 'expected path=a,b,c or path=lo:hi:n, e.g. firms.0.price=8,9,10');
  const path = text.slice(0, eq).trim();
  const rhs = text.slice(eq + 1).trim();
  if (!/^[\w-]+(\.[\w-]+)*$/.test(path)) throw problem(text, 'expected a dotted field path such as firms.0.program.rewardRate');
  const rangeN = RANGE_N.exec(rhs);
  if (rangeN) {
    const lo = Number(rangeN[1]), hi = Number(rangeN[2]), n = Number(rangeN[3]);
    if (n < 1 || n > 100_000) throw problem(text, `expected 1 to 100000 values in lo:hi:n, got ${n}`);
    const values = n === 1 ? [valueText(lo)] : Array.from({ length: n }, (_, i) => valueText(lo + ((hi - lo) * i) / (n - 1)));
    return { path, values };
  }
  const range = RANGE.exec(rhs);
  if (range) return { path, range: { lo: Number(range[1]), hi: Number(range[2]) } };
  const values = rhs.split(',').map((v) => v.trim());
  if (values.length === 0 || values.some((v) => v === '')) throw problem(text, 'expected a comma list of values (none empty)');
  if (new Set(values).size !== values.length) throw problem(text, 'expected distinct values');
  return { path, values };
}

export function parseSample(text: string | undefined): SampleSpec | null {
  if (text === undefined) return null;
  const m = /^lhs:(\d+)$/.exec(text.trim());
  const n = m ? Number(m[1]) : NaN;
  if (!m || n < 1 || n > 1_000_000) {
    throw new InputError({ source: 'option --sample', path: '', message: `expected lhs:N (a Latin hypercube of N points, N ≥ 1), got ${JSON.stringify(text)}` });
  }
  return { method: 'lhs', n };
}

/** Full factorial: every combination, the first --vary varying slowest. */
export function fullFactorial(axes: readonly VaryAxis[]): GridAssignment[] {
  for (const a of axes) {
    if (!a.values) throw problem(`${a.path}=${a.range?.lo}:${a.range?.hi}`, 'a range lo:hi needs --sample lhs:N (or give lo:hi:n for n grid values)');
  }
  let points: [string, string][][] = [[]];
  for (const axis of axes) {
    const next: [string, string][][] = [];
    for (const p of points) for (const v of axis.values!) next.push([...p, [axis.path, v]]);
    points = next;
  }
  return points;
}

/**
 * Latin hypercube: each axis is cut into N equal strata and every stratum is used exactly
 * once. Ranges give a uniform value inside the stratum; discrete lists give the value
 * whose share of the list covers the stratum. Drawn from a stream keyed by the seed
 * base, N and the axis, so the points do not depend on anything else.
 */
export function latinHypercube(axes: readonly VaryAxis[], n: number, seedBase: number): GridAssignment[] {
  const columns = axes.map((axis) => {
    const rng = designStream(`lhs/${seedBase}/${n}/${axis.path}`);
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    return perm.map((stratum) => {
      const u = (stratum + rng()) / n; // in [stratum/n, (stratum+1)/n)
      if (axis.range) return valueText(axis.range.lo + u * (axis.range.hi - axis.range.lo));
      const values = axis.values!;
      return values[Math.min(values.length - 1, Math.floor(u * values.length))];
    });
  });
  return Array.from({ length: n }, (_, i) => axes.map((axis, d) => [axis.path, columns[d][i]] as const));
}

/** A value text read the way --set reads it (YAML scalar), for the params columns. */
export function paramValue(text: string): ParamValue {
  try {
    const v = parseYamlScalar(text) as unknown;
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  } catch {
    // fall through: keep the text
  }
  return text;
}
