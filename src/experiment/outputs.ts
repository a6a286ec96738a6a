/**
 * Finishing an experiment directory once every run is in its cache: aggregate.csv,
 * differences.csv (compare), runs.csv (one row per run), runs-tidy.csv (one row per run,
 * firm and metric), summary.json, charts and report, manifest.json.
 *
 * Reads the plan from experiment.json and the runs from runs/, nothing else, so the
 * unsharded command and `merge` of any shard split write the same bytes.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { stableJson } from '../io/json.js';
import { writeManifest } from '../io/run-output.js';
import { FIRM_METRIC_NAMES, MARKET_METRIC_NAMES } from '../model/metrics.js';
import { InputError } from '../scenario/errors.js';
import { renderExperimentReport } from '../report/index.js';
import type { AggregateRow, DifferenceRow, RunRow } from './types.js';
import type { Plan, PlanJob } from './plan.js';
import { CsvFile } from './csv-file.js';
import { EXPERIMENT_FILE } from './execute.js';
import { pruneRuns, readCachedHeader, removeTempFiles } from './store.js';
import {
  MARKET, aggregateRows, aggregateRuns, differenceRows, differenceSummary, pointSummary, summaryFirmMetrics,
  type DifferenceSummary, type PointSummary,
} from './aggregate.js';
import type { PrecisionStatus } from './precision.js';
import { PER_SEED_METRICS } from './metric-set.js';

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

export interface ExperimentSummary {
  kind: Plan['kind'];
  name: string;
  title: string;
  scenario?: string;
  scenarios: string[];
  reference?: string;
  parameters?: string[];
  sample?: string;
  seedBase: number;
  replicates: number;
  seeds: number[];
  periods: number;
  customers: number;
  window: { from: number; to: number } | null;
  metrics: Plan['metrics'];
  precision?: PrecisionStatus[];
  firms?: PointSummary['firms'];
  market?: PointSummary['market'];
  points?: PointSummary[];
  differences?: DifferenceSummary[];
}

export interface FinalizeOptions {
  readonly charts: boolean;
  readonly argv: readonly string[];
  readonly precision?: readonly PrecisionStatus[];
  readonly manifest?: Record<string, unknown>;
  readonly inputFile?: string;
}

/** Caps on what the report gets (the CSVs always hold everything). */
const REPORT_MAX_ROWS = 300_000;

const seedsOf = (plan: Plan): number[] => {
  const seeds: number[] = [];
  for (const job of plan.jobs) seeds[job.replicate] = job.seed;
  return seeds;
};

export async function finalizeExperiment(dir: string, options: FinalizeOptions): Promise<{ plan: Plan; summary: ExperimentSummary }> {
  const plan = readPlan(dir);
  const missing = missingJobs(dir, plan);
  if (missing.length > 0) {
    throw new InputError({
      source: dir,
      path: '',
      message: `${missing.length} of ${plan.jobs.length} runs missing (e.g. ${missing.slice(0, 3).map((j) => j.key).join(', ')}): run the missing shards, or the command without --shard`,
    });
  }
  // Every run is ready: from here on the folder is rewritten, so the old result stops being complete.
  rmSync(join(dir, 'manifest.json'), { force: true });
  removeTempFiles(dir);
  pruneRuns(dir, new Set(plan.jobs.map((j) => j.key)));

  const params = plan.parameters;
  // Each point's varied parameters as CSV cells (runs.csv, runs-tidy.csv, aggregate.csv).
  const paramCells = plan.points.map((p) => params.map((k) => {
    const v = p.params[k];
    return typeof v === 'boolean' ? String(v) : v ?? '';
  }));

  // runs.csv: one row per run; runs-tidy.csv: one row per run, firm and metric.
  const firmUnion: string[] = [];
  const causeUnion: string[] = [];
  for (const p of plan.points) {
    for (const f of p.firms) if (!firmUnion.includes(f)) firmUnion.push(f);
    for (const c of p.churnCauses) if (!causeUnion.includes(c)) causeUnion.push(c);
  }
  const firmSummaryMetrics = ['totalProfit', 'totalRevenue', ...FIRM_METRIC_NAMES];
  const runsCsv = new CsvFile(join(dir, 'runs.csv'), [
    'scenario', ...params, 'replicate', 'seed',
    ...firmUnion.flatMap((f) => firmSummaryMetrics.map((m) => `${f}.${m}`)),
    ...MARKET_METRIC_NAMES.map((m) => `${MARKET}.${m}`),
    ...causeUnion.map((c) => `churnCause.${c}`),
  ]);
  const tidyCsv = new CsvFile(join(dir, 'runs-tidy.csv'), ['scenario', ...params, 'replicate', 'seed', 'firm', 'metric', 'value']);
  const tidyFirmMetrics = summaryFirmMetrics(plan);
  const reportRuns: RunRow[] = [];
  let agg;
  try {
    agg = aggregateRuns(dir, plan, (job, record) => {
      const point = plan.points[job.point];
      const s = record.summary;
      const head = [point.label, ...paramCells[job.point], job.replicate, job.seed];
      const row: (string | number)[] = [...head];
      for (const f of firmUnion) {
        const fs = s.firms.find((x) => x.name === f);
        for (const m of firmSummaryMetrics) row.push(fs ? Number(fs[m]) : '');
      }
      for (const m of MARKET_METRIC_NAMES) row.push(s.market[m] ?? '');
      for (const c of causeUnion) row.push(s.churnCauses[c] ?? '');
      runsCsv.row(row);
      const tidy = (firm: string, metric: string, value: number) => {
        tidyCsv.row([...head, firm, metric, value]);
        if (reportRuns.length < REPORT_MAX_ROWS) {
          reportRuns.push({ scenario: point.label, params: { ...point.params }, replicate: job.replicate, seed: job.seed, firm, metric, value });
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
  const reportAggregate: AggregateRow[] = [];
  const aggregateCsv = new CsvFile(join(dir, 'aggregate.csv'), ['scenario', 'period', 'firm', 'metric', 'mean', 'sd', 'ciLow', 'ciHigh', 'n', ...params]);
  const pointParams = new Map(plan.points.map((p, i) => [p.label, paramCells[i]]));
  for (const r of aggregateRows(plan, agg)) {
    aggregateCsv.row([r.scenario, r.period, r.firm, r.metric, r.mean, r.sd, r.ciLow, r.ciHigh, r.n, ...(pointParams.get(r.scenario) ?? [])]);
    reportAggregate.push(r);
  }
  aggregateCsv.close();
  const reportRows = reportAggregate.length <= REPORT_MAX_ROWS
    ? reportAggregate
    : reportAggregate.filter((r) => (PER_SEED_METRICS as readonly string[]).includes(r.metric) || r.firm === MARKET).slice(0, REPORT_MAX_ROWS);

  let reportDifferences: DifferenceRow[] | undefined;
  if (plan.reference !== null) {
    reportDifferences = [];
    const differencesCsv = new CsvFile(join(dir, 'differences.csv'), ['scenario', 'reference', 'period', 'firm', 'metric', 'meanDiff', 'ciLow', 'ciHigh', 'n', 'pBetter']);
    for (const r of differenceRows(plan, agg)) {
      differencesCsv.row([r.scenario, r.reference, r.period, r.firm, r.metric, r.meanDiff, r.ciLow, r.ciHigh, r.n, r.pBetter]);
      if (reportDifferences.length < REPORT_MAX_ROWS) reportDifferences.push(r);
    }
    differencesCsv.close();
  }

  // summary.json
  const first = agg.summaries[0]?.[0];
  const summary: ExperimentSummary = {
    kind: plan.kind,
    name: plan.name,
    title: plan.title,
    scenarios: plan.points.map((p) => p.label),
    seedBase: plan.seedBase,
    replicates: plan.replicates,
    seeds: seedsOf(plan),
    periods: plan.points[0].periods,
    customers: plan.points[0].customers,
    window: first ? first.window : null,
    metrics: plan.metrics,
  };
  if (options.precision && options.precision.length > 0) summary.precision = [...options.precision];
  const points = plan.points.map((_, i) => pointSummary(plan, i, agg.summaries[i]));
  if (plan.kind === 'replicate') {
    summary.scenario = points[0].scenario;
    summary.firms = points[0].firms;
    summary.market = points[0].market;
  } else {
    if (plan.kind === 'grid') {
      summary.parameters = [...plan.parameters];
      if (plan.sample) summary.sample = plan.sample;
    }
    summary.points = points;
  }
  if (plan.reference !== null) {
    summary.reference = plan.points[plan.reference].label;
    summary.differences = plan.points.flatMap((_, i) => (i === plan.reference ? [] : [differenceSummary(plan, i, agg.summaries)]));
  }
  writeFileAtomic(join(dir, 'summary.json'), stableJson(summary));

  // charts/ and report.html: rebuilt from scratch, or removed with --no-charts, so the
  // directory holds exactly what this command makes.
  rmSync(join(dir, 'charts'), { recursive: true, force: true });
  rmSync(join(dir, 'report.html'), { force: true });
  if (options.charts) {
    renderExperimentReport(dir, {
      kind: plan.kind,
      title: plan.title,
      description: plan.description,
      scenarios: plan.points.map((p) => p.label),
      firmNames: [...firmUnion],
      periods: Math.max(...plan.points.map((p) => p.periods)),
      seeds: seedsOf(plan),
      aggregate: reportRows,
      perSeed: agg.perSeed,
      runs: reportRuns,
      differences: reportDifferences,
      parameters: plan.kind === 'grid' ? [...plan.parameters] : undefined,
    });
  }

  writeManifest(dir, {
    argv: options.argv,
    inputFile: options.inputFile,
    extra: { experiment: plan.kind, runs: plan.jobs.length, ...options.manifest },
  });
  return { plan, summary };
}

// ---------------------------------------------------------------------------------------
// What the commands print (stderr): the end-of-run figures people look for first.

const num = (x: number): string => {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 0.001 || a >= 1e6) ? x.toExponential(3) : String(Number(x.toPrecision(4)));
};

const KEY_METRICS = ['share', 'profit', 'price'];

export function resultLines(summary: ExperimentSummary): string[] {
  const lines: string[] = [];
  const window = summary.window ? `periods ${summary.window.from}–${summary.window.to - 1}` : 'last quarter';
  const metrics = (firms: PointSummary['firms']) => {
    for (const f of firms) {
      const parts = KEY_METRICS.filter((m) => typeof f[m] === 'object').map((m) => {
        const x = f[m] as { mean: number; ci95: [number, number] };
        return `${m} ${num(x.mean)} [${num(x.ci95[0])}, ${num(x.ci95[1])}]`;
      });
      lines.push(`  ${f.name.padEnd(14)} ${parts.join('  ')}`);
    }
  };
  if (summary.kind === 'replicate' && summary.firms) {
    lines.push(`${summary.scenario}, ${summary.replicates} seeds, mean [95% CI] over ${window}:`);
    metrics(summary.firms);
  }
  if (summary.kind === 'compare' && summary.differences) {
    for (const d of summary.differences) {
      lines.push(`${d.scenario} − ${d.reference}, ${summary.replicates} paired seeds, mean difference [95% CI] P(higher) over ${window}:`);
      for (const f of d.firms) {
        const parts = KEY_METRICS.filter((m) => typeof f[m] === 'object').map((m) => {
          const x = f[m] as { meanDiff: number; ci95: [number, number]; pBetter: number };
          const mark = x.ci95[0] > 0 || x.ci95[1] < 0 ? '*' : ' ';
          return `${m} ${x.meanDiff >= 0 ? '+' : ''}${num(x.meanDiff)} [${num(x.ci95[0])}, ${num(x.ci95[1])}]${mark} p=${num(x.pBetter)}`;
        });
        lines.push(`  ${f.name.padEnd(14)} ${parts.join('  ')}`);
      }
    }
    lines.push('  (* interval excludes zero)');
  }
  if (summary.kind === 'grid' && summary.points) {
    lines.push(`${summary.points.length} grid points × ${summary.replicates} seeds over ${(summary.parameters ?? []).join(', ')}`);
  }
  for (const p of summary.precision ?? []) {
    lines.push(p.met
      ? `precision ${p.target}: widest half-width ${num(p.worst)} ≤ ${num(p.halfWidth)}, reached with ${summary.replicates} seeds`
      : `precision ${p.target}: NOT reached: widest half-width ${num(p.worst)} (${p.where}) > ${num(p.halfWidth)} after ${summary.replicates} seeds (raise --max-seeds)`);
  }
  return lines;
}
