/**
 * The output directory of one run (INTERFACE.md): timeseries.csv and market.csv (every
 * declared metric, per period), churn-causes.csv (the switches of the whole run by cause,
 * per firm left and per segment), summary, resolved scenario, events, manifest, and (unless
 * --no-charts) charts and report. Built beside the target and swapped in whole.
 */
import { join } from 'node:path';
import { FAILURE_KIND_METRIC, FIRM_METRIC_NAMES, MARKET_METRIC_NAMES } from '../model/metrics.js';
import type { RunResult } from '../model/results.js';
import type { Scenario } from '../model/schema.js';
import { summarizeRun, type RunSummary } from '../model/summary.js';
import { replaceDirAtomic, writeFileAtomic } from '../io/atomic.js';
import { toCsv } from '../io/csv.js';
import { stableJson } from '../io/json.js';
import { writeManifest } from '../io/manifest.js';
import { writeMarker } from '../io/ownership.js';

export interface RunOutputOptions {
  readonly charts: boolean;
  readonly argv: readonly string[];
  readonly inputFile: string;
  /** renders charts/ and report.html into a directory that already holds the data files */
  readonly renderReport?: (dir: string, summary: RunSummary) => void;
  /** writes further data files (panel.parquet) into the directory before the report */
  readonly extra?: (dir: string) => void;
}

export function runDir(out: string, scenarioName: string, seed: number): string {
  return join(out, scenarioName, `seed-${seed}`);
}

export function writeRunOutput(dir: string, scenario: Scenario, result: RunResult, options: RunOutputOptions): RunSummary {
  const summary = summarizeRun(result);
  replaceDirAtomic(dir, (tmp) => {
    writeMarker(tmp);
    writeFileAtomic(join(tmp, 'timeseries.csv'), timeseriesCsv(result));
    writeFileAtomic(join(tmp, 'market.csv'), marketCsv(result));
    writeFileAtomic(join(tmp, CHURN_CAUSES_FILE), churnCausesCsv(result));
    writeFileAtomic(join(tmp, 'summary.json'), stableJson(summary));
    writeFileAtomic(join(tmp, 'scenario.json'), stableJson(scenario));
    writeFileAtomic(join(tmp, 'events.json'), stableJson({ events: result.events, final: result.final }));
    options.extra?.(tmp);
    if (options.charts && options.renderReport) options.renderReport(tmp, summary);
    writeManifest(tmp, { seed: result.seed, argv: options.argv, inputFile: options.inputFile });
  });
  return summary;
}

export const TIMESERIES_COLUMNS = ['period', 'firm', ...FIRM_METRIC_NAMES] as const;

export function timeseriesCsv(r: RunResult): string {
  const M = r.firmNames.length;
  function* rows() {
    for (let t = 0; t < r.periods; t++) {
      for (let j = 0; j < M; j++) {
        const row: (string | number)[] = [t, r.firmNames[j]];
        for (const name of FIRM_METRIC_NAMES) row.push(r.firm[name][t * M + j]);
        yield row;
      }
    }
  }
  return toCsv(TIMESERIES_COLUMNS, rows());
}

export function marketColumns(r: RunResult): string[] {
  return ['period', ...MARKET_METRIC_NAMES, ...r.failureKinds.map(FAILURE_KIND_METRIC.column)];
}

export function marketCsv(r: RunResult): string {
  const cols = marketColumns(r).slice(1);
  function* rows() {
    for (let t = 0; t < r.periods; t++) yield [t, ...cols.map((c) => r.market[c][t])];
  }
  return toCsv(marketColumns(r), rows());
}

export const CHURN_CAUSES_FILE = 'churn-causes.csv';

/** The header of churn-causes.csv: what a row counts (`firm` left or leaver's `segment`), its name, the switches by cause, their sum. */
export const churnCausesColumns = (r: RunResult): string[] => ['by', 'name', ...r.leavers.causes, 'switches'];

export function churnCausesCsv(r: RunResult): string {
  const { causes, byFirm, bySegment } = r.leavers;
  const C = causes.length;
  function* rows() {
    for (const [by, names, table] of [['firm', r.firmNames, byFirm], ['segment', r.segmentNames, bySegment]] as const) {
      for (const [k, name] of names.entries()) {
        const counts = Array.from(table.subarray(k * C, (k + 1) * C));
        yield [by, name, ...counts, counts.reduce((a, b) => a + b, 0)];
      }
    }
  }
  return toCsv(churnCausesColumns(r), rows());
}
