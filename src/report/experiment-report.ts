/**
 * The pieces every plan experiment's report is made of (replicate, compare, grid, game,
 * decide): the page's frame (title, question, settings line), the mean bands of the series
 * over time, the last-quarter intervals, the summary and settings tables. Each kind
 * (src/experiment/kinds/) picks and orders them, and adds its own. Formats what the
 * experiment computed; computes nothing.
 */
import type { ExperimentReportInput } from '../experiment/types.js';
import {
  COMPARED_SERIES_METRICS, FIRM_SERIES_METRICS, MARKET, MARKET_SERIES_METRICS, bandData, intervalRow, present, summaryIntervals, type SummaryInterval,
} from './experiment-data.js';
import { capitalise, num } from './format.js';
import { htmlTable, type ReportSection } from './html.js';
import { bandChart, firmSeries, intervalChart, scenarioSeries } from './specs/experiment.js';
import { axisTitle, type NamedSpec } from './theme.js';
import { firmRuns, summaryMetricsOf, withInterval } from './experiment-findings.js';
import type { Findings } from './findings.js';
import type { ReportContent } from './write-report.js';

/** Band charts become unreadable past this many lines a panel (compared scenarios, game profiles). */
export const MAX_BAND_SCENARIOS = 8;

/** How many differing settings the page's opening lists; the Settings section lists them all. */
const OPENING_SETTINGS = 10;

/** The question; a comparison opens with what differs between its scenarios. */
function question(input: ExperimentReportInput): string {
  const text = input.description.trim() || `A ${input.kind} experiment.`;
  const diff = input.scenarioDiff;
  if (!diff) return text;
  if (!diff.length) return `${text}\nThe scenarios' settings are identical: differences are noise.`;
  const shown = diff.slice(0, OPENING_SETTINGS).map((d) => `  ${d.path}: ${d.values.join(' → ')}`);
  const more = diff.length > OPENING_SETTINGS ? [`  … and ${diff.length - OPENING_SETTINGS} more (Settings, below)`] : [];
  return [text, `Settings that differ (${input.scenarios.join(' → ')}):`, ...shown, ...more].join('\n');
}

/** A plan experiment's page: the frame around the kind's charts and sections. */
export function experimentContent(input: ExperimentReportInput, findings: Findings, charts: readonly NamedSpec[], sections: readonly ReportSection[], verdict?: string): ReportContent {
  const seeds = input.seeds.length;
  return {
    title: input.title,
    question: question(input),
    meta: `${input.kind}: ${input.scenarios.length} scenario${input.scenarios.length === 1 ? '' : 's'}, ${seeds} seed${seeds === 1 ? '' : 's'}${seeds ? ` (${Math.min(...input.seeds)}–${Math.max(...input.seeds)})` : ''}, ${num(input.periods)} periods; firms ${input.firmNames.join(', ')}. Summaries are last-quarter means of each run; intervals are 95% intervals of the mean over seeds.`,
    findings: findings.sentences,
    basis: findings.basis,
    charts,
    sections: [...sections, ...closingSections(input)],
    ...(verdict ? { verdict } : {}),
  };
}

export const chartName = (...parts: string[]) => parts.join('-').replace(/[^A-Za-z0-9-]+/g, '_');

/** The per-period series as mean bands over seeds: firm metrics (one panel per firm when scenarios are compared), then the market's. */
export function bandCharts(input: ExperimentReportInput): NamedSpec[] {
  const specs: NamedSpec[] = [];
  const scenarios = new Set(input.aggregate.map((a) => a.scenario));
  if (scenarios.size > MAX_BAND_SCENARIOS) return specs;
  const compared = scenarios.size > 1;
  const firmMetrics = present(compared ? COMPARED_SERIES_METRICS : FIRM_SERIES_METRICS, input.aggregate.filter((a) => a.firm !== MARKET).map((a) => a.metric));
  for (const metric of firmMetrics) {
    specs.push({
      name: chartName('mean', metric),
      spec: bandChart({
        metric,
        title: `${capitalise(axisTitle(metric))}: mean of ${input.seeds.length} seeds`,
        subtitle: `mean with 95% band; faint lines are single seeds${compared ? '; one panel per firm' : ''}`,
        data: bandData(input, metric, false),
        series: compared ? scenarioSeries([...scenarios]) : firmSeries(input.firmNames),
        facetFirms: compared ? input.firmNames : undefined,
      }),
    });
  }
  for (const metric of present(MARKET_SERIES_METRICS, input.aggregate.filter((a) => a.firm === MARKET).map((a) => a.metric))) {
    specs.push({
      name: chartName('mean', metric),
      spec: bandChart({ metric, title: `${capitalise(axisTitle(metric))}: mean of ${input.seeds.length} seeds`, subtitle: 'market level; mean with 95% band, faint lines are single seeds', data: bandData(input, metric, true), series: scenarioSeries([...scenarios]) }),
    });
  }
  return specs;
}

/** Each scenario's and firm's last-quarter means with their 95% intervals over seeds. */
export function summaryIntervalChart(input: ExperimentReportInput): NamedSpec[] {
  const metrics = summaryMetricsOf(input);
  if (!metrics.length) return [];
  const intervals = summaryIntervals(firmRuns(input), metrics);
  const byScenario = new Set(input.aggregate.map((a) => a.scenario)).size > 1 || input.kind === 'game';
  return [{
    name: 'summary-intervals',
    spec: intervalChart({
      title: 'Last-quarter means with 95% intervals',
      subtitle: `each run summarised by its last quarter; intervals over ${input.seeds.length} seeds`,
      rows: intervals.map(intervalRow),
      firmNames: input.firmNames,
      series: byScenario ? scenarioSeries([...new Set(intervals.map((i) => i.scenario))]) : firmSeries(input.firmNames),
      metrics,
    }),
  }];
}

/** The summary table: each scenario's and firm's last-quarter means over seeds. */
export function summarySection(input: ExperimentReportInput): ReportSection[] {
  const metrics = summaryMetricsOf(input);
  if (!metrics.length) return [];
  const intervals = summaryIntervals(firmRuns(input), metrics);
  const key = (i: SummaryInterval) => JSON.stringify([i.scenario, i.firm]);
  const rows = [...new Set(intervals.map(key))].map((k) => {
    const [scenario, firm] = JSON.parse(k) as [string, string];
    return [scenario, firm, ...metrics.map((m) => {
      const i = intervals.find((x) => x.scenario === scenario && x.firm === firm && x.metric === m);
      return i ? withInterval(m, i) : '–';
    })];
  });
  return [{ title: 'Summary (last quarter, mean over seeds)', html: htmlTable(['scenario', 'firm', ...metrics], rows, [1]) }];
}

/** What differs between compared scenarios, and the experiment's own settings: every page ends with these. */
function closingSections(input: ExperimentReportInput): ReportSection[] {
  const sections: ReportSection[] = [];
  if (input.scenarioDiff?.length) {
    sections.push({
      title: 'Settings that differ',
      html: htmlTable(['setting', ...input.scenarios], input.scenarioDiff.map((d) => [d.path, ...d.values]), input.scenarios.map((_, i) => i + 1)),
    });
  }
  sections.push({
    title: 'Settings',
    html: htmlTable(['setting', 'value'], [
      ['kind', input.kind],
      ['scenarios', input.scenarios.join(', ')],
      ['seeds', input.seeds.join(', ')],
      ['periods', num(input.periods)],
      ...(input.parameters?.length ? [['varied fields', input.parameters.join(', ')]] : []),
      ...(input.game ? [['strategy field', `${input.game.field}: ${input.game.values.map(String).join(' / ')}`], ['players', input.game.players.join(', ')]] : []),
    ], [1]),
  });
  return sections;
}
