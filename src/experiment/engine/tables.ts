/**
 * The tables every plan experiment writes once its runs are all in the cache: runs.csv
 * (one row per run), runs-tidy.csv (one row per run, firm and metric), aggregate.csv (mean,
 * sd and 95% interval per point, period, firm and metric) and, with a reference point,
 * differences.csv (paired differences on the same seeds). Also what the kinds' summaries
 * and reports read: the runs' end-of-run summaries and rows capped to what a report holds.
 *
 * Reads the plan from experiment.json and the runs from runs/, nothing else, so the
 * unsharded command and `merge` of any shard split write the same bytes.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FIRM_METRIC_NAMES, MARKET_METRIC_NAMES } from '../../model/metrics.js';
import { InputError } from '../../errors.js';
import { CsvFile } from '../../io/csv-file.js';
import type { AggregateRow, DifferenceRow, RunRow } from '../types.js';
import { MARKET, aggregateRows, aggregateRuns, differenceRows, type Aggregation } from './aggregate.js';
import { EXPERIMENT_FILE } from './execute.js';
import { PER_SEED_METRICS } from './metric-set.js';
import type { Plan, PlanJob } from './plan.js';
import { pruneRuns, readCachedHeader, removeTempFiles } from './store.js';
import { summaryFirmMetrics } from './aggregate.js';

/** Caps on what a report gets (the CSVs always hold everything). */
const REPORT_MAX_ROWS = 300_000;

export function readPlan(dir: string): Plan {
  const file = join(dir, EXPERIMENT_FILE);
  if (!existsSync(file)) throw new InputError({ source: dir, path: '', message: `not an experiment directory (no ${EXPERIMENT_FILE})` });
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Plan;
  } catch (e) {
    throw new InputError({ source: file, path: '', message: `unreadable experiment file (${(e as Error).message})` });
  }
}

/** Jobs of the plan without a valid cached run in `dir`. */
export function missingJobs(dir: string, plan: Plan): PlanJob[] {
  return plan.jobs.filter((job) => readCachedHeader(dir, job.key, job.hash) === null);
}

/** The seed of each replicate. */
export const seedsOf = (plan: Plan): number[] => {
  const seeds: number[] = [];
  for (const job of plan.jobs) seeds[job.replicate] = job.seed;
  return seeds;
};

export interface ExperimentTables {
  readonly agg: Aggregation;
  /** every firm of any point, in the points' order */
  readonly firmNames: readonly string[];
  /** aggregate.csv's rows, capped for the report */
  readonly aggregate: AggregateRow[];
  /** runs-tidy.csv's rows, capped for the report (none when `runRows` is false) */
  readonly runs: RunRow[];
  /** differences.csv's rows (with a reference point), capped for the report */
  readonly differences?: DifferenceRow[];
}

/**
 * Make a folder whose runs are all cached ready to be finished: from here on it is
 * rewritten, so the old result stops being complete; leftovers of interrupted writes and
 * runs outside the plan go.
 */
export function prepareToFinish(dir: string, plan: Plan): void {
  const missing = missingJobs(dir, plan);
  if (missing.length > 0) {
    throw new InputError({
      source: dir,
      path: '',
      message: `${missing.length} of ${plan.jobs.length} runs missing (e.g. ${missing.slice(0, 3).map((j) => j.key).join(', ')}): run the missing shards, or the command without --shard`,
    });
  }
  rmSync(join(dir, 'manifest.json'), { force: true });
  removeTempFiles(dir);
  pruneRuns(dir, new Set(plan.jobs.map((j) => j.key)));
}

/** runs.csv, runs-tidy.csv, aggregate.csv and differences.csv of a finished plan. `runRows`: keep runs-tidy rows for the report. */
export function writeTables(dir: string, plan: Plan, options: { runRows: boolean }): ExperimentTables {
  const params = plan.parameters;
  // Each point's varied parameters as CSV cells (runs.csv, runs-tidy.csv, aggregate.csv).
  const paramCells = plan.points.map((p) => params.map((k) => {
    const v = p.params[k];
    return typeof v === 'boolean' ? String(v) : v ?? '';
  }));

  const firmNames: string[] = [];
  const causes: string[] = [];
  for (const p of plan.points) {
    for (const f of p.firms) if (!firmNames.includes(f)) firmNames.push(f);
    for (const c of p.churnCauses) if (!causes.includes(c)) causes.push(c);
  }
  const firmSummaryMetrics = ['totalProfit', 'totalRevenue', ...FIRM_METRIC_NAMES];
  const runsCsv = new CsvFile(join(dir, 'runs.csv'), [
    'scenario', ...params, 'replicate', 'seed',
    ...firmNames.flatMap((f) => firmSummaryMetrics.map((m) => `${f}.${m}`)),
    ...MARKET_METRIC_NAMES.map((m) => `${MARKET}.${m}`),
    ...causes.map((c) => `churnCause.${c}`),
    ...firmNames.flatMap((f) => causes.map((c) => `${f}.churnCause.${c}`)),
  ]);
  const tidyCsv = new CsvFile(join(dir, 'runs-tidy.csv'), ['scenario', ...params, 'replicate', 'seed', 'firm', 'metric', 'value']);
  const tidyFirmMetrics = summaryFirmMetrics(plan);
  const runs: RunRow[] = [];
  let agg: Aggregation;
  try {
    agg = aggregateRuns(dir, plan, (job, record) => {
      const point = plan.points[job.point];
      const s = record.summary;
      const head = [point.label, ...paramCells[job.point], job.replicate, job.seed];
      const row: (string | number)[] = [...head];
      for (const f of firmNames) {
        const fs = s.firms.find((x) => x.name === f);
        for (const m of firmSummaryMetrics) row.push(fs ? Number(fs[m]) : '');
      }
      for (const m of MARKET_METRIC_NAMES) row.push(s.market[m] ?? '');
      for (const c of causes) row.push(s.churnCauses[c] ?? '');
      for (const f of firmNames) for (const c of causes) row.push(s.churnCausesByFirm?.[f]?.[c] ?? '');
      runsCsv.row(row);
      const tidy = (firm: string, metric: string, value: number) => {
        tidyCsv.row([...head, firm, metric, value]);
        if (options.runRows && runs.length < REPORT_MAX_ROWS) {
          runs.push({ scenario: point.label, params: { ...point.params }, replicate: job.replicate, seed: job.seed, firm, metric, value });
        }
      };
      for (const fs of s.firms) for (const m of tidyFirmMetrics) tidy(fs.name, m, Number(fs[m]));
      for (const m of plan.metrics.market) tidy(MARKET, m, s.market[m]);
    });
    runsCsv.close();
    tidyCsv.close();
  } catch (e) {
    runsCsv.abort();
    tidyCsv.abort();
    throw e;
  }

  // aggregate.csv (grid: the coordinates as extra columns after the contract's).
  const aggregate: AggregateRow[] = [];
  const aggregateCsv = new CsvFile(join(dir, 'aggregate.csv'), ['scenario', 'period', 'firm', 'metric', 'mean', 'sd', 'ciLow', 'ciHigh', 'n', ...params]);
  const pointParams = new Map(plan.points.map((p, i) => [p.label, paramCells[i]]));
  for (const r of aggregateRows(plan, agg)) {
    aggregateCsv.row([r.scenario, r.period, r.firm, r.metric, r.mean, r.sd, r.ciLow, r.ciHigh, r.n, ...(pointParams.get(r.scenario) ?? [])]);
    aggregate.push(r);
  }
  aggregateCsv.close();
  const reportAggregate = aggregate.length <= REPORT_MAX_ROWS
    ? aggregate
    : aggregate.filter((r) => PER_SEED_METRICS.includes(r.metric) || r.firm === MARKET).slice(0, REPORT_MAX_ROWS);

  let differences: DifferenceRow[] | undefined;
  if (plan.reference !== null) {
    differences = [];
    // pHigher repeats pBetter under a name that does not say higher is better (INTERFACE.md)
    const differencesCsv = new CsvFile(join(dir, 'differences.csv'), ['scenario', 'reference', 'period', 'firm', 'metric', 'meanDiff', 'ciLow', 'ciHigh', 'n', 'pBetter', 'pHigher']);
    for (const r of differenceRows(plan, agg)) {
      differencesCsv.row([r.scenario, r.reference, r.period, r.firm, r.metric, r.meanDiff, r.ciLow, r.ciHigh, r.n, r.pBetter, r.pBetter]);
      if (differences.length < REPORT_MAX_ROWS) differences.push(r);
    }
    differencesCsv.close();
  }
  return { agg, firmNames, aggregate: reportAggregate, runs, differences };
}
