/**
 * Adaptive replication: `--precision metric=halfWidth` adds seeds until the 95% interval
 * of that end-of-run metric (last-quarter mean, as in summary.json) is narrower than the
 * target in every point and firm (compare: of the paired difference to the reference),
 * up to `--max-seeds`. Deterministic: the decision reads only the results, so the seed
 * count does not depend on the worker count.
 */
import { FIRM_METRIC_NAMES, MARKET_METRIC_NAMES } from '../../model/metrics.js';
import type { RunSummary } from '../../model/summary.js';
import { InputError } from '../../errors.js';
import type { Plan } from './plan.js';
import { describe, pairedDifference } from '../../stats/index.js';

export interface PrecisionTarget {
  /** `firm` (every firm, or `firm` only), or `market` */
  readonly scope: 'firm' | 'market';
  readonly firm: string | null;
  readonly metric: string;
  readonly halfWidth: number;
  /** as written, for messages */
  readonly text: string;
}

const FIRM_SUMMARY_METRICS = new Set<string>([...FIRM_METRIC_NAMES, 'totalProfit', 'totalRevenue']);
const MARKET_SUMMARY_METRICS = new Set<string>(MARKET_METRIC_NAMES);

/** `metric=h` (firm metric for every firm, else a market metric), `Firm.metric=h`, `market.metric=h`. */
export function parsePrecision(list: readonly string[] | undefined): PrecisionTarget[] {
  return (list ?? []).map((text) => {
    const bad = (message: string) => new InputError({ source: 'option --precision', path: text, message });
    const eq = text.indexOf('=');
    if (eq <= 0) throw bad('expected metric=halfWidth, e.g. share=0.005 or market.hhi=0.01');
    const left = text.slice(0, eq).trim();
    const halfWidth = Number(text.slice(eq + 1));
    if (!(halfWidth > 0) || !Number.isFinite(halfWidth)) throw bad('expected a positive half-width after =');
    const dot = left.lastIndexOf('.');
    const qualifier = dot > 0 ? left.slice(0, dot) : null;
    const metric = dot > 0 ? left.slice(dot + 1) : left;
    if (qualifier === 'market' || (qualifier === null && !FIRM_SUMMARY_METRICS.has(metric) && MARKET_SUMMARY_METRICS.has(metric))) {
      if (!MARKET_SUMMARY_METRICS.has(metric)) throw bad(`expected a market metric (${[...MARKET_SUMMARY_METRICS].join(', ')})`);
      return { scope: 'market', firm: null, metric, halfWidth, text };
    }
    if (!FIRM_SUMMARY_METRICS.has(metric)) throw bad(`expected a firm metric (${[...FIRM_SUMMARY_METRICS].join(', ')}) or market.<metric>`);
    return { scope: 'firm', firm: qualifier, metric, halfWidth, text };
  });
}

/** Check firm names against the plan (a firm must exist in at least one point). */
export function checkPrecisionTargets(targets: readonly PrecisionTarget[], plan: Plan): void {
  for (const t of targets) {
    if (t.firm !== null && !plan.points.some((p) => p.firms.includes(t.firm!))) {
      throw new InputError({ source: 'option --precision', path: t.text, message: `expected a firm name (${[...new Set(plan.points.flatMap((p) => p.firms))].join(', ')}) or market` });
    }
  }
}

export interface PrecisionStatus {
  readonly target: string;
  readonly halfWidth: number;
  /** the widest 95% half-width found, and where */
  readonly worst: number;
  readonly where: string;
  readonly met: boolean;
}

const valueOf = (s: RunSummary, t: PrecisionTarget, firm: string | null): number => {
  if (t.scope === 'market') return s.market[t.metric];
  const f = s.firms.find((x) => x.name === firm);
  return f ? Number(f[t.metric]) : NaN;
};

/**
 * Widest half-width per target. `summaries[point][k]` is replicate k's summary of a point.
 * For compare (reference set), the half-width of the paired difference to the reference.
 */
export function precisionStatus(plan: Plan, summaries: readonly (readonly RunSummary[])[], targets: readonly PrecisionTarget[]): PrecisionStatus[] {
  return targets.map((t) => {
    let worst = 0;
    let where = '';
    plan.points.forEach((p, i) => {
      if (plan.reference !== null && i === plan.reference) return;
      const firms = t.scope === 'market' ? [null] : t.firm !== null ? [t.firm] : p.firms;
      for (const firm of firms) {
        if (firm !== null && !p.firms.includes(firm)) continue;
        const values = summaries[i].map((s) => valueOf(s, t, firm));
        let h: number;
        if (plan.reference !== null) {
          const ref = summaries[plan.reference].map((s) => valueOf(s, t, firm));
          const d = pairedDifference(values, ref);
          h = (d.ciHigh - d.ciLow) / 2;
        } else {
          const d = describe(values);
          h = (d.ciHigh - d.ciLow) / 2;
        }
        if (!Number.isFinite(h)) h = Infinity;
        if (h > worst || where === '') { worst = Math.max(worst, h); where = `${p.label}${firm === null ? ' market' : ` ${firm}`}`; }
      }
    });
    return { target: t.text, halfWidth: t.halfWidth, worst, where, met: worst <= t.halfWidth };
  });
}

/**
 * How many replicates to try next: the half-width shrinks like 1/√n, so aim at
 * n·(worst/target)², at least one more, at most double (early sd estimates are noisy).
 */
export function nextReplicates(current: number, status: readonly PrecisionStatus[], max: number): number {
  let want = current + 1;
  for (const s of status) {
    if (s.met) continue;
    const ratio = Number.isFinite(s.worst) ? s.worst / s.halfWidth : 2;
    want = Math.max(want, Math.ceil(current * ratio * ratio));
  }
  return Math.min(max, Math.max(current + 1, Math.min(2 * current, want)));
}
