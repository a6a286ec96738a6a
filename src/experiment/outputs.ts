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
import { FIRM_METRIC_NAMES, MARKET_METRIC_NAMES, metricsIn } from '../model/metrics.js';
import { humanize } from '../report/theme.js';
import { InputError } from '../scenario/errors.js';
import { renderExperimentReport } from '../report/index.js';
import { experimentFindings, findingsLines, type Findings } from '../report/findings.js';
import { num as plainNum, sig, signed } from '../report/format.js';
import type { Scenario } from '../scenario/schema.js';
import type { AggregateRow, DifferenceRow, ExperimentReportInput, GameSummary, RunRow, SettingDifference } from './types.js';
import { toCsv } from '../io/csv.js';
import { gameSummaryOf } from './kinds/game/plan.js';
import type { Plan, PlanJob } from './engine/plan.js';
import { CsvFile } from './csv-file.js';
import { EXPERIMENT_FILE } from './engine/execute.js';
import { pruneRuns, readCachedHeader, removeTempFiles } from './engine/store.js';
import {
  MARKET, aggregateRows, aggregateRuns, differenceRows, differenceSummary, pointSummary, summaryFirmMetrics,
  type DifferenceSummary, type PointSummary,
} from './engine/aggregate.js';
import type { PrecisionStatus } from './engine/precision.js';
import { PER_SEED_METRICS } from './engine/metric-set.js';

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
  /** compare: settings that differ between the scenarios */
  scenarioDiff?: SettingDifference[];
  /** the report's findings: what the figures compare, and the sentences */
  findings: Findings;
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

export async function finalizeExperiment(dir: string, options: FinalizeOptions): Promise<{ plan: Plan; summary: ExperimentSummary; game?: GameSummary }> {
  const plan = readPlan(dir);
  if (plan.kind === 'calibrate' || plan.kind === 'sensitivity') {
    throw new InputError({ source: dir, path: '', message: `a ${plan.kind} directory is finished by its own command: run the same loyalty-sim ${plan.kind} again (it resumes from runs/)` });
  }
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
        if (plan.kind !== 'game' && reportRuns.length < REPORT_MAX_ROWS) {
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
    // pHigher repeats pBetter under a name that does not say higher is better (INTERFACE.md)
    const differencesCsv = new CsvFile(join(dir, 'differences.csv'), ['scenario', 'reference', 'period', 'firm', 'metric', 'meanDiff', 'ciLow', 'ciHigh', 'n', 'pBetter', 'pHigher']);
    for (const r of differenceRows(plan, agg)) {
      differencesCsv.row([r.scenario, r.reference, r.period, r.firm, r.metric, r.meanDiff, r.ciLow, r.ciHigh, r.n, r.pBetter, r.pBetter]);
      if (reportDifferences.length < REPORT_MAX_ROWS) reportDifferences.push(r);
    }
    differencesCsv.close();
  }

  const scenarioDiff = plan.kind === 'compare' ? scenarioDiffOf(plan.points.map((p) => p.scenario)) : undefined;
  // The game's summary is its payoff table and verdict (INTERFACE.md), read from the same runs;
  // its report formats that summary (per-period bands only while they stay readable).
  const game = plan.kind === 'game' ? gameSummaryOf(plan, agg.summaries, plan.points[0].scenarioName) : undefined;
  const gameBands = plan.points.length <= MAX_GAME_BAND_PROFILES;
  const reportInput: ExperimentReportInput = {
    kind: plan.kind,
    title: plan.title,
    description: plan.description,
    scenarios: plan.points.map((p) => p.label),
    firmNames: [...firmUnion],
    periods: Math.max(...plan.points.map((p) => p.periods)),
    seeds: seedsOf(plan),
    aggregate: game ? (gameBands ? reportRows.filter((r) => r.firm !== MARKET || r.metric === 'priceSalience') : []) : reportRows,
    perSeed: game && !gameBands ? [] : agg.perSeed,
    runs: reportRuns,
    differences: reportDifferences,
    parameters: plan.kind === 'grid' ? [...plan.parameters] : undefined,
    ...(scenarioDiff ? { scenarioDiff } : {}),
    ...(game ? { game } : {}),
  };
  // built once: summary.json, the report and the command line carry the same sentences
  const findings = experimentFindings(reportInput);

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
    findings,
  };
  if (scenarioDiff) summary.scenarioDiff = scenarioDiff;
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
  if (game) {
    writeFileAtomic(join(dir, 'summary.json'), stableJson(gameSummaryFile(plan, summary, game)));
    writeFileAtomic(join(dir, 'payoffs.csv'), payoffsCsv(game));
  } else writeFileAtomic(join(dir, 'summary.json'), stableJson(summary));

  // charts/ and report.html: rebuilt from scratch, or removed with --no-charts, so the
  // directory holds exactly what this command makes.
  rmSync(join(dir, 'charts'), { recursive: true, force: true });
  rmSync(join(dir, 'report.html'), { force: true });
  if (options.charts) renderExperimentReport(dir, reportInput, findings);

  writeManifest(dir, {
    argv: options.argv,
    inputFile: options.inputFile,
    extra: { experiment: plan.kind, runs: plan.jobs.length, ...options.manifest },
  });
  return { plan, summary, game };
}

/** Band charts of a game are drawn for at most this many profiles (one line each per panel). */
const MAX_GAME_BAND_PROFILES = 8;

/** summary.json of a game: the GameSummary of INTERFACE.md, and how the experiment ran. */
function gameSummaryFile(plan: Plan, experiment: ExperimentSummary, game: GameSummary) {
  const sequential = plan.game?.sequential ?? null;
  return {
    kind: 'game' as const,
    name: plan.name,
    title: plan.title,
    ...game,
    findings: experiment.findings,
    seedBase: plan.seedBase,
    replicates: plan.replicates,
    periods: experiment.periods,
    customers: experiment.customers,
    window: experiment.window,
    // sequential seeds: how many seeds the verdict took, and whether it was resolved within the budget
    sequential: sequential ? { maxSeeds: sequential.maxSeeds, seeds: plan.replicates, resolved: game.verdict !== 'inconclusive' } : null,
  };
}

function payoffsCsv(game: GameSummary): string {
  const rows: (string | number)[][] = [];
  game.profiles.forEach((profile, p) => {
    for (const firm of profile.firms) {
      for (const metric of ['profit', 'share', 'price', 'programCost'] as const) {
        const x = firm[metric];
        rows.push([p, profile.adopters.join(' '), firm.name, metric, x.mean, x.ci95[0], x.ci95[1], game.seeds.length]);
      }
    }
  });
  return toCsv(['profile', 'adopters', 'firm', 'metric', 'mean', 'ciLow', 'ciHigh', 'n'], rows);
}

/** What `game` prints: the verdict, its evidence, and what an inconclusive verdict needs. */
export function gameResultLines(game: GameSummary, sequential: { maxSeeds: number } | null): string[] {
  const lines = [`verdict: ${game.verdict} (${game.seeds.length} seeds${sequential ? `, sequential up to ${sequential.maxSeeds}` : ''})`];
  for (const line of game.evidence) lines.push(`  ${line}`);
  for (const v of game.vsRestraint) lines.push(`  ${v.firm} against restraint: ${v.outcome} (${sig(v.meanDiff)} [${sig(v.ciLow)}, ${sig(v.ciHigh)}])`);
  for (const u of game.unresolved.slice(0, 12)) lines.push(`  unresolved: ${u.comparison}: needs ${u.seedsNeeded === null ? 'more seeds than can be estimated (difference near zero)' : `about ${u.seedsNeeded} seeds`}`);
  if (game.unresolved.length > 12) lines.push(`  … and ${game.unresolved.length - 12} more unresolved comparisons (summary.json)`);
  return lines;
}

// ---------------------------------------------------------------------------------------
// Which scenarios compare, and what differs between them.

/**
 * Paired differences need the same firms over the same horizon: a firm missing on one
 * side has no pair, and last quarters of different horizons are different periods.
 */
export function checkComparable(plan: Plan): void {
  const ref = plan.points[plan.reference ?? 0];
  const problems = plan.points.filter((p) => p !== ref).flatMap((p) => {
    const out: string[] = [];
    const missing = ref.firms.filter((f) => !p.firms.includes(f));
    const extra = p.firms.filter((f) => !ref.firms.includes(f));
    if (missing.length || extra.length) {
      out.push(`${p.label} has firms ${p.firms.join(', ')} but ${ref.label} has ${ref.firms.join(', ')}: expected the same firm names (compare a scenario with one that \`extends\` it)`);
    }
    if (p.periods !== ref.periods) out.push(`${p.label} runs ${p.periods} periods but ${ref.label} runs ${ref.periods}: expected the same horizon (align them with --periods N)`);
    return out;
  });
  if (problems.length) throw new InputError(problems.map((message) => ({ source: 'compare', path: '', message: `cannot compare: ${message}` })));
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNamedList = (v: unknown): v is { name: string }[] => Array.isArray(v) && v.every((x) => isRecord(x) && typeof x.name === 'string');

/** A value in a diff: short JSON, `none` for null, `–` where the scenario has no such field. */
function shownValue(v: unknown): string {
  if (v === undefined) return '–';
  if (v === null) return 'none';
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Fields that name or describe a scenario, that an experiment replaces (the seed), or that only `game` reads. */
const NOT_SETTINGS = new Set(['name', 'description', 'seed', 'extends', 'game']);

/**
 * The settings that differ between resolved scenarios, as paths like --set takes them
 * (firms and segments by name), in the first scenario's field order. A whole block that
 * one scenario lacks (a program where the other has none) is one row.
 */
function scenarioDiffOf(scenarios: readonly Scenario[]): SettingDifference[] {
  const out: SettingDifference[] = [];
  const walk = (path: string, values: unknown[]): void => {
    if (values.every(isRecord)) {
      const keys = [...new Set(values.flatMap((v) => Object.keys(v)))].filter((k) => path !== '' || !NOT_SETTINGS.has(k));
      for (const k of keys) walk(path ? `${path}.${k}` : k, values.map((v) => v[k]));
    } else if (values.every(isNamedList)) {
      const names = [...new Set(values.flatMap((v) => v.map((x) => x.name)))];
      for (const name of names) walk(`${path}.${name}`, values.map((v) => v.find((x) => x.name === name)));
    } else {
      const shown = values.map(shownValue);
      if (new Set(values.map((v) => JSON.stringify(v))).size > 1) out.push({ path, values: shown });
    }
  };
  walk('', [...scenarios]);
  return out;
}

// ---------------------------------------------------------------------------------------
// What the commands print (stderr): the end-of-run figures people look for first, then
// the findings the report opens with.

/**
 * Shares in percent (levels) or points (differences); other metrics to three significant
 * figures of `reference` (the largest of a mean and its interval, so the three read alike).
 */
const figure = (metric: string, x: number, difference: boolean, reference = x): string => {
  if (!Number.isFinite(x)) return '–';
  if (metric === 'share') return difference ? signed(100 * x, (v) => plainNum(v, 1)) : `${plainNum(100 * x, 1)}%`;
  const a = Math.abs(reference);
  const digits = a === 0 || !Number.isFinite(a) ? 0 : Math.max(0, 2 - Math.floor(Math.log10(a)));
  return difference ? signed(x, (v) => plainNum(v, digits)) : plainNum(x, digits);
};
const triple = (metric: string, mean: number, low: number, high: number, difference: boolean): string => {
  const reference = Math.max(Math.abs(mean), Math.abs(low), Math.abs(high));
  return `${figure(metric, mean, difference, reference)} [${figure(metric, low, difference, reference)}, ${figure(metric, high, difference, reference)}]`;
};

const KEY_METRICS = metricsIn('headline').firm;
/** A difference in share is in points: its label says so. */
const differenceLabel = (metric: string): string => (metric === 'share' ? 'share (points)' : humanize(metric));
/** How many differing settings the command line lists before pointing at the report. */
const SHOWN_SETTINGS = 8;

type DifferenceCell = { meanDiff: number; ci95: [number, number]; pBetter: number; n: number };

export function resultLines(summary: ExperimentSummary): string[] {
  const lines: string[] = [];
  const window = summary.window ? `periods ${summary.window.from}–${summary.window.to - 1}` : 'last quarter';
  if (summary.kind === 'replicate' && summary.firms) {
    lines.push(`${summary.scenario}, mean over ${summary.replicates} seeds [95% CI], ${window}:`);
    for (const f of summary.firms) {
      const parts = KEY_METRICS.filter((m) => typeof f[m] === 'object').map((m) => {
        const x = f[m] as { mean: number; ci95: [number, number] };
        return `${m} ${triple(m, x.mean, x.ci95[0], x.ci95[1], false)}`;
      });
      lines.push(`  ${f.name.padEnd(14)} ${parts.join('  ')}`);
    }
  }
  if (summary.kind === 'compare' && summary.differences) {
    const diff = summary.scenarioDiff ?? [];
    if (summary.scenarioDiff && !diff.length) lines.push(`The scenarios' settings are identical (${summary.scenarios.join(', ')}).`);
    if (diff.length) {
      lines.push(`Settings that differ (${summary.scenarios.join(' | ')}):`);
      for (const d of diff.slice(0, SHOWN_SETTINGS)) lines.push(`  ${d.path}: ${d.values.join(' | ')}`);
      if (diff.length > SHOWN_SETTINGS) lines.push(`  … and ${diff.length - SHOWN_SETTINGS} more (report.html, summary.json)`);
    }
    for (const d of summary.differences) {
      const cell = (f: (typeof d.firms)[number], m: string) => (typeof f[m] === 'object' ? (f[m] as DifferenceCell) : undefined);
      // a metric no scenario moves (fixed prices) is a column of zeros: say so once instead
      const still = (m: string) => d.firms.every((f) => { const x = cell(f, m); return !x || (x.meanDiff === 0 && x.ci95[0] === 0 && x.ci95[1] === 0); });
      const shown = KEY_METRICS.filter((m) => d.firms.some((f) => cell(f, m)) && !still(m));
      const dropped = KEY_METRICS.filter((m) => d.firms.some((f) => cell(f, m)) && still(m));
      if (!shown.length) {
        lines.push(`${d.scenario} − ${d.reference}, paired over ${summary.replicates} seeds: no difference in ${dropped.join(', ')} for any firm on any seed`);
        continue;
      }
      lines.push(`${d.scenario} − ${d.reference}, paired over ${summary.replicates} seeds, ${window}: mean difference [95% CI], seeds where higher:`);
      for (const f of d.firms) {
        const parts = shown.map((m) => {
          const x = cell(f, m)!;
          const mark = x.ci95[0] > 0 || x.ci95[1] < 0 ? '*' : ' ';
          const higher = Math.round(x.pBetter * x.n);
          return `${differenceLabel(m)} ${triple(m, x.meanDiff, x.ci95[0], x.ci95[1], true)}${mark} higher in ${higher}/${x.n}`;
        });
        lines.push(`  ${f.name.padEnd(14)} ${parts.join('   ')}`);
      }
      if (dropped.length) lines.push(`  (${dropped.join(', ')}: no difference in any seed, left out)`);
    }
    lines.push('  (* 95% interval excludes zero)');
  }
  if (summary.kind === 'grid' && summary.points) {
    lines.push(`${summary.points.length} grid points × ${summary.replicates} seeds over ${(summary.parameters ?? []).join(', ')}`);
  }
  for (const p of summary.precision ?? []) {
    lines.push(p.met
      ? `precision ${p.target}: widest half-width ${figure('', p.worst, false)} ≤ ${figure('', p.halfWidth, false)}, reached with ${summary.replicates} seeds`
      : `precision ${p.target}: NOT reached: widest half-width ${figure('', p.worst, false)} (${p.where}) > ${figure('', p.halfWidth, false)} after ${summary.replicates} seeds (raise --max-seeds)`);
  }
  if (summary.findings) lines.push(...findingsLines(summary.findings));
  return lines;
}
