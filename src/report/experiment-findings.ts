/**
 * Findings of experiments over seeds: the shared helpers each kind's sentences are made
 * of (the figures with their 95% intervals, in the metric's unit; what the figures compare;
 * the runs a sentence is about). The kinds (src/experiment/kinds/) write the sentences.
 */
import type { ExperimentReportInput, RunRow } from '../experiment/types.js';
import { MARKET, SUMMARY_METRICS, present, summaryIntervals } from './experiment-data.js';
import { num, signed, unitFormatter, withCi } from './format.js';
import { metricDeclaration } from './theme.js';
import type { Described } from '../stats/index.js';

/** The scenario the others are compared with. */
export const referenceOf = (input: ExperimentReportInput): string => input.differences?.[0]?.reference ?? input.scenarios[0];
/** The summary metrics the runs carry, in the usual order. */
export const summaryMetricsOf = (input: ExperimentReportInput): string[] => present(SUMMARY_METRICS, input.runs.map((r) => r.metric));
/** The per-run rows of firms (not the market's): what the summary intervals and paired differences are over. */
export const firmRuns = (input: ExperimentReportInput): RunRow[] => input.runs.filter((r) => r.firm !== MARKET);
/** A grid's varied fields: as given, else the parameters the runs carry. */
export const parametersOf = (input: ExperimentReportInput): string[] => input.parameters ?? Object.keys(input.runs[0]?.params ?? {});

/** "31.2% (95% CI 30.8–31.6%)" in the metric's unit; differences of fractions in points. */
export function withInterval(metric: string, s: Pick<Described, 'mean' | 'ciLow' | 'ciHigh'>, signedValue = false): string {
  const unit = metricDeclaration(metric)?.unit;
  const f = unitFormatter(unit, Math.max(Math.abs(s.mean), Math.abs(s.ciLow), Math.abs(s.ciHigh)));
  const points = unit === 'fraction' && signedValue;
  const mean = points ? `${signed(100 * s.mean)} points` : signedValue ? signed(s.mean, f) : f(s.mean);
  return withCi(mean, s.ciLow, s.ciHigh, points ? (x) => num(100 * x, 1) : f);
}

/** " (seeds 3–91)", or nothing without seeds. */
export const seedRange = (seeds: readonly number[]): string => (seeds.length ? ` (seeds ${Math.min(...seeds)}–${Math.max(...seeds)})` : '');

/** "8 seeds" */
export const seedCount = (input: ExperimentReportInput): string => `${input.seeds.length} seed${input.seeds.length === 1 ? '' : 's'}`;

/** Per firm: its share and profit with their intervals over seeds, one sentence each. */
export function meanFindings(input: ExperimentReportInput): string[] {
  const intervals = summaryIntervals(firmRuns(input), present(['share', 'profit'], summaryMetricsOf(input)));
  const out: string[] = [];
  for (const firm of input.firmNames) {
    const parts = intervals.filter((i) => i.firm === firm).map((i) => `${i.metric} ${withInterval(i.metric, i)}`);
    if (parts.length) out.push(`${firm}: ${parts.join(', ')} over ${intervals.find((i) => i.firm === firm)?.n ?? 0} seeds.`);
  }
  return out;
}
