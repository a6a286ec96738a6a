/**
 * summary.json of a run (INTERFACE.md): per-firm and market figures averaged over the
 * last quarter of the horizon, totals where a metric is declared `total`, plus
 * `totalProfit` and the churn decomposition by cause: market-wide, by firm and by segment.
 */
import { churnCauseColumn, FIRM_METRICS, MARKET_METRICS } from './metrics.js';
import type { RunResult } from './results.js';

export interface FirmSummary {
  name: string;
  totalProfit: number;
  totalRevenue: number;
  [metric: string]: number | string;
}

export interface RunSummary {
  scenario: string;
  seed: number;
  periods: number;
  customers: number;
  window: { from: number; to: number };
  firms: FirmSummary[];
  market: Record<string, number>;
  /** switches over the horizon by cause (the failure kinds, then LEAVING_REASONS) */
  churnCauses: Record<string, number>;
  /** the same by firm left, and by the leaver's segment */
  churnCausesByFirm: Record<string, Record<string, number>>;
  churnCausesBySegment: Record<string, Record<string, number>>;
}

/** Periods [from, to) of the last quarter of the horizon (at least one period). */
export function summaryWindow(periods: number): { from: number; to: number } {
  const length = Math.max(1, Math.round(periods / 4));
  return { from: periods - length, to: periods };
}

export function summarizeRun(r: RunResult): RunSummary {
  const M = r.firmNames.length;
  const { from, to } = summaryWindow(r.periods);
  const n = to - from;
  const firms: FirmSummary[] = r.firmNames.map((name, j) => {
    const out: FirmSummary = { name, totalProfit: 0, totalRevenue: 0 };
    for (const d of FIRM_METRICS) {
      const col = r.firm[d.name];
      let s = 0;
      if (d.summary === 'total') for (let t = 0; t < r.periods; t++) s += col[t * M + j];
      else { for (let t = from; t < to; t++) s += col[t * M + j]; s /= n; }
      out[d.name] = s;
    }
    for (let t = 0; t < r.periods; t++) {
      out.totalProfit += r.firm.profit[t * M + j];
      out.totalRevenue += r.firm.revenue[t * M + j];
    }
    return out;
  });
  const market: Record<string, number> = {};
  for (const d of MARKET_METRICS) {
    const col = r.market[d.name];
    let s = 0;
    for (let t = from; t < to; t++) s += col[t];
    market[d.name] = s / n;
  }
  // Churn decomposition by cause over the whole horizon: counts of switches per cause.
  const churnCauses: Record<string, number> = {};
  for (const cause of r.leavers.causes) {
    const col = r.market[churnCauseColumn(cause)];
    let s = 0;
    for (let t = 0; t < r.periods; t++) s += col[t];
    churnCauses[cause] = s;
  }
  const { causes, byFirm, bySegment } = r.leavers;
  return {
    scenario: r.scenarioName, seed: r.seed, periods: r.periods, customers: r.customers, window: { from, to }, firms, market, churnCauses,
    churnCausesByFirm: causeRows(r.firmNames, causes, byFirm),
    churnCausesBySegment: causeRows(r.segmentNames, causes, bySegment),
  };
}

/** Each row's counts by cause, from a rows × causes table. */
function causeRows(rows: readonly string[], causes: readonly string[], table: Float64Array): Record<string, Record<string, number>> {
  return Object.fromEntries(rows.map((row, k) => [row, Object.fromEntries(causes.map((cause, c) => [cause, table[k * causes.length + c]]))]));
}
