/**
 * From finished runs to statistics: per point, period, firm and metric the mean, sd and
 * 95% t-interval (aggregate.csv); for compare the paired differences to the reference
 * (differences.csv); end-of-run intervals for summary.json.
 *
 * Runs are read back from the cache in the plan's job order (replicate-major) and pushed
 * into streaming accumulators, so memory stays bounded for big sweeps and the bits depend
 * on the plan alone: not on the worker count, the shard split or the order runs finished.
 */
import type { RunSummary } from '../../model/summary.js';
import type { AggregateRow, DifferenceRow, PerSeedPoint } from '../types.js';
import type { Plan, PlanJob, PlanPoint } from './plan.js';
import { readRecord } from './store.js';
import { firmBlock, marketBlock, seriesLength, type RunRecord } from './run-record.js';
import { RunningCells, describe, pairedDifference, summaryFigure, type Described } from '../../stats/index.js';
import { PER_SEED_METRICS } from './metric-set.js';

export const MARKET = 'market';

export interface Aggregation {
  /** per point: accumulators over the point's series cells */
  readonly cells: RunningCells[];
  /** compare, per point (null for the reference): accumulators of (point − reference) */
  readonly diffs: (RunningCells | null)[];
  /** per point: end-of-run summaries by replicate */
  readonly summaries: RunSummary[][];
  readonly perSeed: PerSeedPoint[];
}

/** For a point's cell, the reference point's cell holding the same period, firm and metric (−1: none). */
function referenceCellMap(plan: Plan, point: PlanPoint, ref: PlanPoint): Int32Array {
  const F = plan.metrics.firm.length;
  const T = point.periods, M = point.firms.length;
  const Tr = ref.periods, Mr = ref.firms.length;
  const map = new Int32Array(seriesLength(plan.metrics, T, M)).fill(-1);
  const refFirm = point.firms.map((name) => ref.firms.indexOf(name));
  const periods = Math.min(T, Tr);
  for (let m = 0; m < F; m++) {
    for (let t = 0; t < periods; t++) {
      for (let j = 0; j < M; j++) if (refFirm[j] >= 0) map[firmBlock(m, T, M) + t * M + j] = firmBlock(m, Tr, Mr) + t * Mr + refFirm[j];
    }
  }
  for (let m = 0; m < plan.metrics.market.length; m++) {
    for (let t = 0; t < periods; t++) map[marketBlock(plan.metrics, m, T, M) + t] = marketBlock(plan.metrics, m, Tr, Mr) + t;
  }
  return map;
}

/** How many seeds per point to keep per-period values of for the report (≈200k points in all). */
function perSeedBudget(plan: Plan): number {
  const metrics = plan.metrics.firm.filter((m) => (PER_SEED_METRICS as readonly string[]).includes(m)).length;
  const perSeed = plan.points.reduce((s, p) => s + p.periods * p.firms.length * metrics, 0);
  return perSeed === 0 ? 0 : Math.max(1, Math.min(plan.replicates, Math.floor(200_000 / perSeed)));
}

function pushPerSeed(out: PerSeedPoint[], plan: Plan, point: PlanPoint, record: RunRecord): void {
  const T = point.periods, M = point.firms.length;
  plan.metrics.firm.forEach((metric, m) => {
    if (!(PER_SEED_METRICS as readonly string[]).includes(metric)) return;
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < M; j++) {
        out.push({ scenario: point.label, seed: record.seed, period: t, firm: point.firms[j], metric, value: record.series[firmBlock(m, T, M) + t * M + j] });
      }
    }
  });
}

/**
 * Read every run of the plan (replicate-major) into the accumulators. `onRun` sees each
 * run in job order (runs.csv is written from it).
 */
export function aggregateRuns(dir: string, plan: Plan, onRun?: (job: PlanJob, record: RunRecord) => void): Aggregation {
  const cells = plan.points.map((p) => new RunningCells(seriesLength(plan.metrics, p.periods, p.firms.length)));
  const ref = plan.reference;
  const diffs = plan.points.map((p, i) => (ref === null || i === ref ? null : new RunningCells(cells[i].size)));
  const maps = plan.points.map((p, i) => (ref === null || i === ref ? null : referenceCellMap(plan, p, plan.points[ref])));
  const summaries: RunSummary[][] = plan.points.map(() => []);
  const perSeed: PerSeedPoint[] = [];
  const budget = perSeedBudget(plan);
  const byReplicate = new Map<number, PlanJob[]>();
  for (const job of plan.jobs) {
    const list = byReplicate.get(job.replicate) ?? [];
    list.push(job);
    byReplicate.set(job.replicate, list);
  }
  for (let k = 0; k < plan.replicates; k++) {
    const jobs = byReplicate.get(k) ?? [];
    const records = new Map<number, RunRecord>();
    for (const job of jobs) {
      const record = readRecord(dir, job.key);
      const point = plan.points[job.point];
      if (record.periods !== point.periods || record.firms.length !== point.firms.length) {
        throw new Error(`run ${job.key}: ${record.periods} periods × ${record.firms.length} firms, the plan says ${point.periods} × ${point.firms.length}`);
      }
      records.set(job.point, record);
      onRun?.(job, record);
      const acc = cells[job.point];
      for (let c = 0; c < record.series.length; c++) acc.push(c, record.series[c]);
      summaries[job.point][k] = record.summary;
      if (k < budget) pushPerSeed(perSeed, plan, point, record);
    }
    if (ref !== null) {
      const refRecord = records.get(ref);
      plan.points.forEach((_, i) => {
        const record = records.get(i);
        const map = maps[i];
        if (!record || !refRecord || !map) return;
        const acc = diffs[i]!;
        for (let c = 0; c < map.length; c++) {
          const r = map[c];
          if (r >= 0) acc.push(c, record.series[c] - refRecord.series[r]);
        }
      });
    }
  }
  return { cells, diffs, summaries, perSeed };
}

/** Visit a point's cells in output order: period, then firms and market, then metric. */
function forEachCell(plan: Plan, point: PlanPoint, visit: (cell: number, period: number, firm: string, metric: string) => void): void {
  const T = point.periods, M = point.firms.length;
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < M; j++) plan.metrics.firm.forEach((metric, m) => visit(firmBlock(m, T, M) + t * M + j, t, point.firms[j], metric));
    plan.metrics.market.forEach((metric, m) => visit(marketBlock(plan.metrics, m, T, M) + t, t, MARKET, metric));
  }
}

export function* aggregateRows(plan: Plan, agg: Aggregation): Generator<AggregateRow> {
  for (let i = 0; i < plan.points.length; i++) {
    const point = plan.points[i];
    const rows: AggregateRow[] = [];
    forEachCell(plan, point, (cell, period, firm, metric) => {
      const d = agg.cells[i].describe(cell);
      rows.push({ scenario: point.label, period, firm, metric, mean: d.mean, sd: d.sd, ciLow: d.ciLow, ciHigh: d.ciHigh, n: d.n });
    });
    yield* rows;
  }
}

export function* differenceRows(plan: Plan, agg: Aggregation): Generator<DifferenceRow> {
  if (plan.reference === null) return;
  const reference = plan.points[plan.reference].label;
  for (let i = 0; i < plan.points.length; i++) {
    const acc = agg.diffs[i];
    if (!acc) continue;
    const point = plan.points[i];
    const rows: DifferenceRow[] = [];
    forEachCell(plan, point, (cell, period, firm, metric) => {
      if (acc.count[cell] === 0) return; // no counterpart in the reference
      const d = acc.describe(cell);
      rows.push({ scenario: point.label, reference, period, firm, metric, meanDiff: d.mean, ciLow: d.ciLow, ciHigh: d.ciHigh, n: d.n, pBetter: acc.shareHigher(cell) });
    });
    yield* rows;
  }
}

// ---------------------------------------------------------------------------------------
// End-of-run (summary.json) statistics

/** An end-of-run figure as summary.json holds it. */
export type IntervalFigure = ReturnType<typeof summaryFigure>;

export interface DifferenceFigure {
  meanDiff: number;
  sd: number;
  ci95: [number, number];
  pBetter: number;
  n: number;
}

const figure: (d: Described) => IntervalFigure = summaryFigure;

/** The end-of-run figures summary.json reports: totalProfit and the experiment's metrics. */
export const summaryFirmMetrics = (plan: Plan): string[] => ['totalProfit', ...plan.metrics.firm.filter((m) => m !== 'totalProfit')];

const firmValues = (runs: readonly RunSummary[], firm: string, metric: string): number[] =>
  runs.map((s) => {
    const f = s.firms.find((x) => x.name === firm);
    return f ? Number(f[metric]) : NaN;
  });
const marketValues = (runs: readonly RunSummary[], metric: string): number[] => runs.map((s) => s.market[metric]);

export interface PointSummary {
  scenario: string;
  params: Record<string, unknown>;
  firms: ({ name: string } & Record<string, IntervalFigure | string>)[];
  market: Record<string, IntervalFigure>;
}

export function pointSummary(plan: Plan, i: number, runs: readonly RunSummary[]): PointSummary {
  const point = plan.points[i];
  const firms = point.firms.map((name) => {
    const out: { name: string } & Record<string, IntervalFigure | string> = { name };
    for (const metric of summaryFirmMetrics(plan)) out[metric] = figure(describe(firmValues(runs, name, metric)));
    return out;
  });
  const market: Record<string, IntervalFigure> = {};
  for (const metric of plan.metrics.market) market[metric] = figure(describe(marketValues(runs, metric)));
  return { scenario: point.label, params: { ...point.params }, firms, market };
}

export interface DifferenceSummary {
  scenario: string;
  reference: string;
  firms: ({ name: string } & Record<string, DifferenceFigure | string>)[];
  market: Record<string, DifferenceFigure>;
}

const differenceFigure = (a: number[], b: number[]): DifferenceFigure => {
  const d = pairedDifference(a, b);
  return { meanDiff: d.meanDiff, sd: d.sd, ci95: [d.ciLow, d.ciHigh], pBetter: d.pBetter, n: d.n };
};

export function differenceSummary(plan: Plan, i: number, summaries: readonly (readonly RunSummary[])[]): DifferenceSummary {
  const ref = plan.reference!;
  const point = plan.points[i];
  const reference = plan.points[ref];
  const firms = point.firms.filter((name) => reference.firms.includes(name)).map((name) => {
    const out: { name: string } & Record<string, DifferenceFigure | string> = { name };
    for (const metric of summaryFirmMetrics(plan)) out[metric] = differenceFigure(firmValues(summaries[i], name, metric), firmValues(summaries[ref], name, metric));
    return out;
  });
  const market: Record<string, DifferenceFigure> = {};
  for (const metric of plan.metrics.market) market[metric] = differenceFigure(marketValues(summaries[i], metric), marketValues(summaries[ref], metric));
  return { scenario: point.label, reference: reference.label, firms, market };
}
