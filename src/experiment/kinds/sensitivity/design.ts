/**
 * Sensitivity of end-of-run metrics to scenario parameters, through the experiment
 * pipeline (one plan of design points, executed and cached like a grid):
 *
 * - `morris` (elementary effects; Morris 1991, with Campolongo, Cariboni & Saltelli's
 *   μ* 2007): r trajectories through a p-level grid of the parameters scaled to [0, 1];
 *   each step moves one parameter by Δ = p / (2(p − 1)). A parameter's elementary
 *   effect is the change of the metric per full range, (y(x + Δeᵢ) − y(x)) / Δ; over
 *   the trajectories μ* = mean |effect| ranks importance, μ the direction, σ the spread
 *   (non-linearity or interaction).
 * - `oat` (one at a time): each parameter at `levels` values across its range, the
 *   others at the scenario's values; the swing is the paired difference between the
 *   highest and the lowest value, with its 95% interval over seeds.
 *
 * y at a design point is the mean over the seeds (the same seeds everywhere: common
 * random numbers), of the run summary value (last-quarter mean, summary.json).
 */
import { designStream } from '../../../model/rng.js';
import { FIRM_METRIC_NAMES, MARKET_METRIC_NAMES } from '../../../model/metrics.js';
import type { RunSummary } from '../../../model/summary.js';
import { InputError } from '../../../errors.js';
import { describe, mean, pairedDifference } from '../../../stats/index.js';
import { valueText, type GridAssignment } from '../../engine/grid-spec.js';

export interface Factor {
  readonly path: string;
  readonly lo: number;
  readonly hi: number;
}

/** A metric to explain: a firm metric of every firm (`firm` null) or one firm, or a market metric. */
export interface MetricRef {
  readonly scope: 'firm' | 'market';
  readonly firm: string | null;
  readonly metric: string;
  readonly text: string;
}

/** `metric` (a firm metric for every firm, else a market metric), `Firm.metric` or `market.metric`. */
export function parseMetricRef(text: string): MetricRef {
  const bad = (message: string) => new InputError({ source: 'option --metric', path: text, message });
  const dot = text.lastIndexOf('.');
  const qualifier = dot > 0 ? text.slice(0, dot) : null;
  const metric = dot > 0 ? text.slice(dot + 1) : text;
  const firmMetric = (FIRM_METRIC_NAMES as readonly string[]).includes(metric);
  const marketMetric = (MARKET_METRIC_NAMES as readonly string[]).includes(metric);
  if (qualifier === 'market' || (qualifier === null && !firmMetric && marketMetric)) {
    if (!marketMetric) throw bad(`expected a market metric (${MARKET_METRIC_NAMES.join(', ')})`);
    return { scope: 'market', firm: null, metric, text };
  }
  if (!firmMetric) throw bad(`expected a firm metric (${FIRM_METRIC_NAMES.join(', ')}), Firm.metric or market.<metric>`);
  return { scope: 'firm', firm: qualifier, metric, text };
}

/** One explained series: a metric of one firm, or of the market. */
export interface Output {
  readonly firm: string;
  readonly metric: string;
}

export function outputsOf(refs: readonly MetricRef[], firms: readonly string[]): Output[] {
  const out: Output[] = [];
  for (const r of refs) {
    if (r.scope === 'market') out.push({ firm: 'market', metric: r.metric });
    else if (r.firm !== null) {
      if (!firms.includes(r.firm)) throw new InputError({ source: 'option --metric', path: r.text, message: `expected a firm of the scenario (${firms.join(', ')}) or market` });
      out.push({ firm: r.firm, metric: r.metric });
    } else for (const f of firms) out.push({ firm: f, metric: r.metric });
  }
  return out.filter((o, i) => out.findIndex((p) => p.firm === o.firm && p.metric === o.metric) === i);
}

export const valueOf = (s: RunSummary, o: Output): number => {
  if (o.firm === 'market') return s.market[o.metric] ?? NaN;
  const f = s.firms.find((x) => x.name === o.firm);
  return f ? Number(f[o.metric]) : NaN;
};

const toValue = (f: Factor, u: number): string => valueText(f.lo + u * (f.hi - f.lo));

// ---------------------------------------------------------------------------------------
// Morris

export interface MorrisDesign {
  readonly delta: number;
  /** per trajectory: k + 1 points (assignments), and which factor each step moves */
  readonly trajectories: readonly { readonly points: readonly GridAssignment[]; readonly moved: readonly number[] }[];
}

/** r trajectories on a p-level grid, drawn from a stream keyed by the seed base and the design. */
export function morrisDesign(factors: readonly Factor[], r: number, p: number, seedBase: number): MorrisDesign {
  const delta = p / (2 * (p - 1));
  const rng = designStream(`morris/${seedBase}/${r}/${p}/${factors.map((f) => f.path).join(',')}`);
  // base levels l/(p − 1) with l/(p − 1) + Δ ≤ 1
  const bases = Array.from({ length: p }, (_, l) => l / (p - 1)).filter((u) => u + delta <= 1 + 1e-12);
  const trajectories = Array.from({ length: r }, () => {
    const x = factors.map(() => bases[Math.floor(rng() * bases.length)]);
    const order = factors.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const assign = (u: readonly number[]): GridAssignment => factors.map((f, i) => [f.path, toValue(f, u[i])] as const);
    const points = [assign(x)];
    for (const i of order) {
      x[i] += delta;
      points.push(assign(x));
    }
    return { points, moved: order };
  });
  return { delta, trajectories };
}

export interface MorrisEffect {
  readonly parameter: string;
  readonly firm: string;
  readonly metric: string;
  /** mean elementary effect (per full range) and its 95% interval over trajectories */
  readonly mu: number;
  readonly muLow: number;
  readonly muHigh: number;
  /** mean absolute elementary effect: the importance ranking */
  readonly muStar: number;
  /** sd of the elementary effects */
  readonly sigma: number;
  readonly r: number;
}

/** Effects from y at every design point (`y(point, output)`, the mean over seeds). */
export function morrisEffects(factors: readonly Factor[], design: MorrisDesign, outputs: readonly Output[], y: (trajectory: number, step: number, o: Output) => number): MorrisEffect[] {
  const rows: MorrisEffect[] = [];
  for (const o of outputs) {
    factors.forEach((f, i) => {
      const effects = design.trajectories.map((t, ti) => {
        const step = t.moved.indexOf(i);
        return (y(ti, step + 1, o) - y(ti, step, o)) / design.delta;
      });
      const d = describe(effects);
      rows.push({ parameter: f.path, firm: o.firm, metric: o.metric, mu: d.mean, muLow: d.ciLow, muHigh: d.ciHigh, muStar: mean(effects.map(Math.abs)), sigma: d.sd, r: d.n });
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------
// One at a time

/** Each factor at `levels` evenly spaced values, the others as the scenario has them. */
export function oatDesign(factors: readonly Factor[], levels: number): GridAssignment[] {
  return factors.flatMap((f) => Array.from({ length: levels }, (_, l) => [[f.path, toValue(f, l / (levels - 1))] as const]));
}

export interface OatEffect {
  readonly parameter: string;
  readonly firm: string;
  readonly metric: string;
  readonly lo: number;
  readonly hi: number;
  /** mean at the lowest and the highest value */
  readonly atLow: number;
  readonly atHigh: number;
  /** paired difference (highest − lowest) over seeds and its 95% interval */
  readonly swing: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly n: number;
}

/** Swings from per-seed values at each factor's lowest and highest level (`values(factor, level, o)` in seed order). */
export function oatEffects(factors: readonly Factor[], levels: number, outputs: readonly Output[], values: (factor: number, level: number, o: Output) => number[]): OatEffect[] {
  const rows: OatEffect[] = [];
  for (const o of outputs) {
    factors.forEach((f, i) => {
      const low = values(i, 0, o);
      const high = values(i, levels - 1, o);
      const d = pairedDifference(high, low);
      rows.push({ parameter: f.path, firm: o.firm, metric: o.metric, lo: f.lo, hi: f.hi, atLow: mean(low), atHigh: mean(high), swing: d.meanDiff, ciLow: d.ciLow, ciHigh: d.ciHigh, n: d.n });
    });
  }
  return rows;
}
