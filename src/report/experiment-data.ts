/**
 * An experiment's rows (aggregate, per-seed points, per-run summaries, differences, game)
 * shaped into the tidy rows the experiment charts, tables and findings use.
 */
import type { ExperimentReportInput, GameProfile, RunRow } from '../experiment/types.js';
import { metricsIn } from '../model/metrics.js';
import { chartNumber, type ColumnarData, type Row } from './data.js';
import { describe, type Described } from '../stats/index.js';

/** Firm metrics drawn over time and summarised, in this order when present. */
export const FIRM_SERIES_METRICS: readonly string[] = metricsIn('overview').firm;
/** Comparisons facet by firm: the key metrics only, or the page grows past a few megabytes. */
export const COMPARED_SERIES_METRICS: readonly string[] = metricsIn('headline').firm;
/** Faint per-seed lines need no more points than this per line, nor more lines than this per series. */
const SEED_LINE_POINTS = 100;
const SEED_LINES = 20;
export const MARKET_SERIES_METRICS: readonly string[] = metricsIn('overview').market;
export const SUMMARY_METRICS = FIRM_SERIES_METRICS;
export const MARKET = 'market';

/** Metrics of `wanted` that occur in `available`, in `wanted`'s order. */
export const present = (wanted: readonly string[], available: Iterable<string>): string[] => {
  const have = new Set(available);
  return wanted.filter((m) => have.has(m));
};

const BAND_FIELDS = ['period', 'mean', 'ciLow', 'ciHigh', 'value'] as const;
type BandField = (typeof BAND_FIELDS)[number];

/** Group points into one row per line with a column per field (see ColumnarData); absent fields stay empty. */
function columns<T>(points: readonly T[], key: (p: T) => Record<string, string | number>, fields: Partial<Record<BandField, (p: T) => number>>): ColumnarData {
  const lines = new Map<string, ColumnarData['values'][number]>();
  for (const p of points) {
    const head = key(p);
    const id = JSON.stringify(head);
    let line = lines.get(id);
    if (!line) {
      line = { ...head, ...Object.fromEntries(BAND_FIELDS.map((f) => [f, [] as (number | null)[]])) };
      lines.set(id, line);
    }
    for (const f of BAND_FIELDS) if (fields[f]) (line[f] as (number | null)[]).push(chartNumber(fields[f]!(p)));
  }
  return { values: [...lines.values()], flatten: [...BAND_FIELDS] };
}

/** Mean lines with their interval and per-seed lines of one metric (firm or market), for a band chart. */
export function bandData(input: ExperimentReportInput, metric: string, market: boolean): ColumnarData {
  const wanted = (p: { metric: string; period: number; firm: string }) => p.metric === metric && p.period >= 0 && (p.firm === MARKET) === market;
  const means = columns(input.aggregate.filter(wanted), (a) => ({ kind: 'mean', scenario: a.scenario, firm: a.firm }), {
    period: (a) => a.period, mean: (a) => a.mean, ciLow: (a) => a.ciLow, ciHigh: (a) => a.ciHigh,
  });
  const stride = Math.max(1, Math.ceil(input.periods / SEED_LINE_POINTS));
  const drawn = new Set([...input.seeds].sort((a, b) => a - b).slice(0, SEED_LINES));
  const seedPoints = input.perSeed.filter((p) => wanted(p) && drawn.has(p.seed) && (p.period % stride === 0 || p.period === input.periods - 1));
  const seeds = columns(seedPoints, (p) => ({ kind: 'seed', scenario: p.scenario, firm: p.firm, seed: p.seed }), { period: (p) => p.period, value: (p) => p.value });
  return { values: [...means.values, ...seeds.values], flatten: means.flatten };
}

/** Paired differences over time of one metric, for a difference chart. */
export function differenceData(input: ExperimentReportInput, metric: string): ColumnarData {
  const rows = (input.differences ?? []).filter((d) => d.metric === metric && d.period >= 0 && d.firm !== MARKET);
  return columns(rows, (d) => ({ kind: 'mean', scenario: d.scenario, firm: d.firm }), {
    period: (d) => d.period, mean: (d) => d.meanDiff, ciLow: (d) => d.ciLow, ciHigh: (d) => d.ciHigh,
  });
}

export interface SummaryInterval extends Described {
  readonly scenario: string;
  readonly firm: string;
  readonly metric: string;
}

/** Per scenario, firm and metric: the mean of the run summaries over seeds, with 95% interval. */
export function summaryIntervals(runs: readonly RunRow[], metrics: readonly string[]): SummaryInterval[] {
  const groups = new Map<string, { scenario: string; firm: string; metric: string; values: number[] }>();
  for (const r of runs) {
    if (!metrics.includes(r.metric)) continue;
    const key = JSON.stringify([r.scenario, r.firm, r.metric]);
    const g = groups.get(key) ?? { scenario: r.scenario, firm: r.firm, metric: r.metric, values: [] };
    g.values.push(r.value);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ scenario: g.scenario, firm: g.firm, metric: g.metric, ...describe(g.values) }));
}

export interface PairedDifference extends SummaryInterval {
  readonly reference: string;
  /** share of seeds where the scenario's value is higher */
  readonly pBetter: number;
}

/** Scenario − reference of each run summary on the same seed (common random numbers). */
export function pairedDifferences(runs: readonly RunRow[], reference: string, metrics: readonly string[]): PairedDifference[] {
  const key = (scenario: string, firm: string, metric: string, seed: number) => JSON.stringify([scenario, firm, metric, seed]);
  const referenceValues = new Map<string, number>();
  for (const r of runs) if (r.scenario === reference && metrics.includes(r.metric)) referenceValues.set(key('', r.firm, r.metric, r.seed), r.value);
  const groups = new Map<string, { scenario: string; firm: string; metric: string; diffs: number[] }>();
  for (const r of runs) {
    if (r.scenario === reference || !metrics.includes(r.metric)) continue;
    const base = referenceValues.get(key('', r.firm, r.metric, r.seed));
    if (base === undefined) continue;
    const k = JSON.stringify([r.scenario, r.firm, r.metric]);
    const g = groups.get(k) ?? { scenario: r.scenario, firm: r.firm, metric: r.metric, diffs: [] };
    g.diffs.push(r.value - base);
    groups.set(k, g);
  }
  return [...groups.values()].map((g) => ({
    scenario: g.scenario,
    reference,
    firm: g.firm,
    metric: g.metric,
    pBetter: g.diffs.filter((d) => d > 0).length / g.diffs.length,
    ...describe(g.diffs),
  }));
}

export const intervalRow = (s: SummaryInterval): Row => ({
  scenario: s.scenario,
  firm: s.firm,
  metric: s.metric,
  mean: chartNumber(s.mean),
  low: chartNumber(s.ciLow),
  high: chartNumber(s.ciHigh),
  n: s.n,
});

/** A parameter's values in order: numerically when all are numbers. */
export function parameterValues(runs: readonly RunRow[], parameter: string): { values: (string | number | boolean)[]; numeric: boolean } {
  const seen = new Map<string, string | number | boolean>();
  for (const r of runs) if (parameter in r.params) seen.set(String(r.params[parameter]), r.params[parameter]);
  const values = [...seen.values()];
  const numeric = values.every((v) => typeof v === 'number');
  values.sort((a, b) => (numeric ? (a as number) - (b as number) : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  return { values, numeric };
}

/** Grid: a metric's summary per firm at each combination of the given parameters' values, over seeds. */
export function gridCells(runs: readonly RunRow[], parameters: readonly string[], metric: string): { params: (string | number | boolean)[]; firm: string; interval: Described }[] {
  const groups = new Map<string, { params: (string | number | boolean)[]; firm: string; values: number[] }>();
  for (const r of runs) {
    if (r.metric !== metric || r.firm === MARKET) continue;
    const params = parameters.map((p) => r.params[p]);
    const k = JSON.stringify([params, r.firm]);
    const g = groups.get(k) ?? { params, firm: r.firm, values: [] };
    g.values.push(r.value);
    groups.set(k, g);
  }
  return [...groups.values()].map((g) => ({ params: g.params, firm: g.firm, interval: describe(g.values) }));
}

/** A game profile's name: who plays the non-default strategy, or the strategies in player order. */
export function profileLabel(profile: GameProfile, players: readonly string[], values: readonly unknown[]): string {
  const binary = values.length === 2 && values[0] === false && values[1] === true;
  if (binary) return profile.adopters.length ? profile.adopters.join(' + ') : 'nobody';
  return players.map((p, i) => `${p}: ${String(profile.strategies[i])}`).join(', ');
}

export const sameStrategies = (a: readonly unknown[], b: readonly unknown[]): boolean => JSON.stringify(a) === JSON.stringify(b);
