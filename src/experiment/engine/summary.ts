/**
 * What every plan experiment's summary.json and report start from: how it ran (seeds,
 * size, the window its figures summarise) and the rows the report draws. Each kind adds
 * its own fields (kinds/*.ts).
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic.js';
import { stableJson } from '../../io/json.js';
import { findingsLines, type Findings } from '../../report/findings.js';
import type { ReportContent } from '../../report/write-report.js';
import type { KindOutcome } from '../kinds/kind.js';
import { num as plainNum, signed, withCi } from '../../report/format.js';
import type { ExperimentReportInput } from '../types.js';
import type { PointSummary } from './aggregate.js';
import type { Plan } from './plan.js';
import type { PrecisionStatus } from './precision.js';
import { seedsOf, type ExperimentTables } from './tables.js';

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
  /** the report's findings: what the figures compare, and the sentences */
  findings: Findings;
  [field: string]: unknown;
}

/**
 * A plan experiment finished: its summary.json written, and what the shell does with it
 * (the report, the lines: where it went, the kind's figures, the precision reached, the
 * findings; the manifest's fields).
 */
export function planOutcome(dir: string, plan: Plan, summary: ExperimentSummary, report: ReportContent, figures: readonly string[], manifest: Record<string, unknown>): KindOutcome {
  writeFileAtomic(join(dir, 'summary.json'), stableJson(summary));
  return {
    dir,
    complete: true,
    report,
    lines: [`wrote ${dir}`, ...figures, ...precisionLines(summary), ...findingsLines(summary.findings)],
    json: summary,
    manifest: { experiment: plan.kind, runs: plan.jobs.length, ...manifest },
  };
}

/** The rows a plan experiment's report and findings read. */
export function reportInputOf(plan: Plan, tables: ExperimentTables, extra: Partial<ExperimentReportInput> = {}): ExperimentReportInput {
  return {
    kind: plan.kind,
    title: plan.title,
    description: plan.description,
    scenarios: plan.points.map((p) => p.label),
    firmNames: [...tables.firmNames],
    periods: Math.max(...plan.points.map((p) => p.periods)),
    seeds: seedsOf(plan),
    aggregate: tables.aggregate,
    perSeed: tables.agg.perSeed,
    runs: tables.runs,
    differences: tables.differences,
    ...extra,
  };
}

/** summary.json's fields every plan experiment has, in their order; `settings` (a comparison's differing settings) come before the precision reached. */
export function baseSummary(plan: Plan, tables: ExperimentTables, findings: Findings, precision: readonly PrecisionStatus[], settings: Record<string, unknown> = {}): ExperimentSummary {
  const first = tables.agg.summaries[0]?.[0];
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
    ...settings,
  };
  if (precision.length > 0) summary.precision = [...precision];
  return summary;
}

// ---------------------------------------------------------------------------------------
// The command line's figures: what people look for first, before the findings.

/**
 * Shares in percent (levels) or points (differences); other metrics to three significant
 * figures of `reference` (the largest of a mean and its interval, so the three read alike).
 */
export const figure = (metric: string, x: number, difference: boolean, reference = x): string => {
  if (!Number.isFinite(x)) return '–';
  if (metric === 'share') return difference ? signed(100 * x, (v) => plainNum(v, 1)) : `${plainNum(100 * x, 1)}%`;
  const a = Math.abs(reference);
  const digits = a === 0 || !Number.isFinite(a) ? 0 : Math.max(0, 2 - Math.floor(Math.log10(a)));
  return difference ? signed(x, (v) => plainNum(v, digits)) : plainNum(x, digits);
};

/** "12.3 (95% CI 11.9–12.7)", "+1.2 (95% CI −0.3 to 2.7)": a mean and its interval at one precision, as every command prints them. */
export const triple = (metric: string, mean: number, low: number, high: number, difference: boolean): string => {
  const reference = Math.max(Math.abs(mean), Math.abs(low), Math.abs(high));
  const bound = (x: number) => figure(metric, x, difference, reference).replace(/^\+/, '');
  return withCi(figure(metric, mean, difference, reference), low, high, bound);
};

/** "periods 195–259", or the last quarter when the summary has no window. */
export const windowText = (summary: ExperimentSummary): string => (summary.window ? `periods ${summary.window.from}–${summary.window.to - 1}` : 'last quarter');

/** Whether --precision reached its half-widths, and with how many seeds. */
export function precisionLines(summary: ExperimentSummary): string[] {
  return (summary.precision ?? []).map((p) => (p.met
    ? `precision ${p.target}: widest half-width ${figure('', p.worst, false)} ≤ ${figure('', p.halfWidth, false)}, reached with ${summary.replicates} seeds`
    : `precision ${p.target}: NOT reached: widest half-width ${figure('', p.worst, false)} (${p.where}) > ${figure('', p.halfWidth, false)} after ${summary.replicates} seeds (raise --max-seeds)`));
}
