/**
 * Read a saved run directory (INTERFACE.md output layout) back into the scenario and a
 * RunResult, so that `loyalty-sim report <dir>` can redraw charts and report without
 * simulating again. The CSVs hold 10 significant digits: enough for any chart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIRM_METRICS, type FirmMetric } from '../model/metrics.js';
import { allocateResult, type FinalDistributions, type RunEvent, type RunResult } from '../model/results.js';
import { InputError } from '../errors.js';
import { Scenario } from '../model/schema.js';
import { parseCsv } from '../io/csv.js';
import { CHURN_CAUSES_FILE } from './run-files.js';

export interface SavedRun {
  readonly scenario: Scenario;
  readonly result: RunResult;
}

const problem = (source: string, message: string, path = ''): InputError => new InputError({ source, path, message });

function readText(dir: string, name: string): { file: string; text: string } {
  const file = join(dir, name);
  if (!existsSync(file)) throw problem(file, `missing: a run directory holds ${name} (is ${dir} a run directory, <out>/<scenario>/seed-N?)`);
  return { file, text: readFileSync(file, 'utf8') };
}

function readJson(dir: string, name: string): { file: string; value: unknown } {
  const { file, text } = readText(dir, name);
  try {
    return { file, value: JSON.parse(text) };
  } catch (e) {
    throw problem(file, `not valid JSON (${(e as Error).message})`);
  }
}

/** A CSV as a column lookup; numbers parsed, the first column's values kept as text too. */
function readCsv(dir: string, name: string, required: readonly string[] = ['period']) {
  const { file, text } = readText(dir, name);
  const { header, rows } = parseCsv(text);
  const index = new Map(header.map((h, i) => [h, i]));
  const number = (row: string[], column: string, line: number): number => {
    const value = Number(row[index.get(column)!]);
    if (row[index.get(column)!] !== 'NaN' && !Number.isFinite(value)) throw problem(file, `expected a number in column ${column}, got ${JSON.stringify(row[index.get(column)!])}`, `line ${line + 2}`);
    return value;
  };
  for (const column of required) if (!index.has(column)) throw problem(file, `missing column ${column}`);
  return { file, header, rows, index, number };
}

export function readRunDir(dir: string): SavedRun {
  const scenarioJson = readJson(dir, 'scenario.json');
  const parsed = Scenario.safeParse(scenarioJson.value);
  if (!parsed.success) throw problem(scenarioJson.file, `not a resolved scenario: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  const scenario = parsed.data;
  const summary = readJson(dir, 'summary.json').value as { seed?: unknown; customers?: unknown };
  const events = readJson(dir, 'events.json').value as { events?: RunEvent[]; final?: FinalDistributions };

  const timeseries = readCsv(dir, 'timeseries.csv');
  if (!timeseries.index.has('firm')) throw problem(timeseries.file, 'missing column firm');
  const firmColumn = timeseries.index.get('firm')!;
  const firmNames: string[] = [];
  for (const row of timeseries.rows) if (!firmNames.includes(row[firmColumn])) firmNames.push(row[firmColumn]);
  const market = readCsv(dir, 'market.csv');
  const failureKinds = market.header.filter((h) => h.startsWith('churn_')).map((h) => h.slice('churn_'.length));
  const periods = market.rows.length;
  if (timeseries.rows.length !== periods * firmNames.length) {
    throw problem(timeseries.file, `expected ${periods} periods × ${firmNames.length} firms = ${periods * firmNames.length} rows (as market.csv has ${periods} periods), found ${timeseries.rows.length}`);
  }

  const result = allocateResult({
    scenarioName: scenario.name,
    seed: typeof summary.seed === 'number' ? summary.seed : scenario.seed,
    periods,
    customers: typeof summary.customers === 'number' ? summary.customers : scenario.customers,
    firmNames,
    failureKinds,
    segmentNames: scenario.segments.map((segment) => segment.name),
  });
  // columns missing from an older file stay NaN: the charts leave a gap, nothing is invented
  const M = firmNames.length;
  for (const d of FIRM_METRICS) if (!timeseries.index.has(d.name)) result.firm[d.name as FirmMetric].fill(NaN);
  timeseries.rows.forEach((row, line) => {
    const t = timeseries.number(row, 'period', line);
    const j = firmNames.indexOf(row[firmColumn]);
    if (!Number.isInteger(t) || t < 0 || t >= periods) throw problem(timeseries.file, `period ${t} outside 0–${periods - 1}`, `line ${line + 2}`);
    for (const d of FIRM_METRICS) if (timeseries.index.has(d.name)) result.firm[d.name][t * M + j] = timeseries.number(row, d.name, line);
  });
  for (const column of Object.keys(result.market)) if (!market.index.has(column)) result.market[column].fill(NaN);
  market.rows.forEach((row, line) => {
    const t = market.number(row, 'period', line);
    for (const column of Object.keys(result.market)) if (market.index.has(column)) result.market[column][t] = market.number(row, column, line);
  });
  readChurnCauses(dir, result);
  result.events.push(...(events.events ?? []));
  const final = events.final ?? { satisfaction: [], habit: [] };
  (result.final.satisfaction as unknown[]).push(...final.satisfaction);
  (result.final.habit as unknown[]).push(...final.habit);
  return { scenario, result };
}

/** churn-causes.csv into result.leavers; a run saved before it existed keeps its counts at NaN (the report leaves them out). */
function readChurnCauses(dir: string, result: RunResult): void {
  const { causes, byFirm, bySegment } = result.leavers;
  if (!existsSync(join(dir, CHURN_CAUSES_FILE))) {
    byFirm.fill(NaN);
    bySegment.fill(NaN);
    return;
  }
  const { file, rows, index, number } = readCsv(dir, CHURN_CAUSES_FILE, ['by', 'name']);
  rows.forEach((row, line) => {
    const by = row[index.get('by')!];
    const names = by === 'firm' ? result.firmNames : by === 'segment' ? result.segmentNames : undefined;
    if (!names) throw problem(file, `expected by = firm or segment, got ${JSON.stringify(by)}`, `line ${line + 2}`);
    const k = names.indexOf(row[index.get('name')!]);
    if (k < 0) throw problem(file, `unknown ${by} ${JSON.stringify(row[index.get('name')!])} (expected one of ${names.join(', ')})`, `line ${line + 2}`);
    const table = by === 'firm' ? byFirm : bySegment;
    causes.forEach((cause, c) => { table[k * causes.length + c] = index.has(cause) ? number(row, cause, line) : NaN; });
  });
}
