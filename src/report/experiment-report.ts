/**
 * The report of an experiment (replicate, compare, grid, game): the charts of its kind,
 * findings with 95% intervals, and summary tables. The experiment commands call
 * renderExperimentReport with their rows; see src/experiment/types.ts.
 */
import { join } from 'node:path';
import type { ExperimentReportInput, GameSummary } from '../experiment/types.js';
import { writeFileAtomic } from '../io/atomic.js';
import { chartNumber, type Row } from './data.js';
import {
  COMPARED_SERIES_METRICS, FIRM_SERIES_METRICS, MARKET, MARKET_SERIES_METRICS, SUMMARY_METRICS, bandData, differenceData, gridCells, intervalRow, pairedDifferences,
  parameterValues, present, profileLabel, sameStrategies, summaryIntervals, type PairedDifference, type SummaryInterval,
} from './experiment-data.js';
import { byUnit, capitalise, escapeHtml, num, pct, signed, unitFormatter } from './format.js';
import { htmlTable, reportHtml, type ReportSection } from './html.js';
import { renderSvgs, writeCharts } from './render.js';
import { bandChart, differenceChart, firmSeries, heatmapChart, intervalChart, payoffChart, responseChart, scenarioSeries, theatreChart } from './specs/experiment.js';
import { axisTitle, humanize, type NamedSpec } from './theme.js';
import { experimentFindings, firmRuns, parametersOf, referenceOf, summaryMetricsOf, withInterval, type Findings } from './findings.js';
import { vsRestraintChart } from './specs/game.js';

export { experimentFindings };

/** Band charts become unreadable past this many lines a panel (compared scenarios, game profiles). */
const MAX_BAND_SCENARIOS = 8;

/** `findings`: experimentFindings(input), when the caller has them already (the command line prints the same sentences). */
export function renderExperimentReport(dir: string, input: ExperimentReportInput, findings: Findings = experimentFindings(input)): void {
  const charts = renderSvgs(experimentCharts(input));
  writeCharts(dir, charts);
  const seeds = input.seeds.length;
  writeFileAtomic(
    join(dir, 'report.html'),
    reportHtml({
      title: input.title,
      question: question(input),
      meta: `${input.kind}: ${input.scenarios.length} scenario${input.scenarios.length === 1 ? '' : 's'}, ${seeds} seed${seeds === 1 ? '' : 's'}${seeds ? ` (${Math.min(...input.seeds)}–${Math.max(...input.seeds)})` : ''}, ${num(input.periods)} periods; firms ${input.firmNames.join(', ')}. Summaries are last-quarter means of each run; intervals are 95% intervals of the mean over seeds.`,
      findings: findings.sentences,
      basis: findings.basis,
      charts,
      sections: experimentSections(input),
    }),
  );
}

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

const chartName = (...parts: string[]) => parts.join('-').replace(/[^A-Za-z0-9-]+/g, '_');

export function experimentCharts(input: ExperimentReportInput): NamedSpec[] {
  const specs: NamedSpec[] = [];
  const scenarios = new Set(input.aggregate.map((a) => a.scenario));
  const compared = scenarios.size > 1;
  // a grid's points are drawn by its response curves and heatmaps, not as bands
  if (input.kind !== 'grid' && scenarios.size <= MAX_BAND_SCENARIOS) {
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
  }
  const metrics = summaryMetricsOf(input);
  if (input.kind === 'compare') specs.push(...compareCharts(input, metrics));
  else if (input.kind === 'grid') specs.push(...gridCharts(input, metrics));
  else if (input.kind === 'game' && input.game) specs.push(...gameCharts(input, input.game));
  if (input.kind !== 'grid' && metrics.length) {
    const intervals = summaryIntervals(firmRuns(input), metrics);
    specs.push({
      name: 'summary-intervals',
      spec: intervalChart({
        title: 'Last-quarter means with 95% intervals',
        subtitle: `each run summarised by its last quarter; intervals over ${input.seeds.length} seeds`,
        rows: intervals.map(intervalRow),
        firmNames: input.firmNames,
        series: compared || input.kind === 'game' ? scenarioSeries([...new Set(intervals.map((i) => i.scenario))]) : firmSeries(input.firmNames),
        metrics,
      }),
    });
  }
  return specs;
}


function compareCharts(input: ExperimentReportInput, metrics: string[]): NamedSpec[] {
  const specs: NamedSpec[] = [];
  const ref = referenceOf(input);
  const others = input.scenarios.filter((s) => s !== ref);
  // a metric no scenario moves (fixed prices) would be a chart of zeros
  const moved = (input.differences ?? []).filter((d) => d.meanDiff !== 0 || d.ciLow !== 0 || d.ciHigh !== 0).map((d) => d.metric);
  for (const metric of present(COMPARED_SERIES_METRICS, moved)) {
    specs.push({
      name: chartName('differences', metric),
      spec: differenceChart({
        metric,
        title: `${capitalise(humanize(metric))}: difference to ${ref}`,
        subtitle: `scenario − ${ref} on the same seeds, mean with 95% band`,
        data: differenceData(input, metric),
        series: firmSeries(input.firmNames),
        facetScenarios: others,
      }),
    });
  }
  const paired = pairedDifferences(firmRuns(input), ref, metrics);
  if (paired.length) {
    specs.push({
      name: 'paired-differences',
      spec: intervalChart({
        title: `Paired differences to ${ref}`,
        subtitle: 'last-quarter mean of scenario − reference on the same seed, with 95% intervals; zero marks no difference',
        rows: paired.map(intervalRow),
        firmNames: input.firmNames,
        series: scenarioSeries(others, 1),
        metrics,
        zero: true,
      }),
    });
  }
  return specs;
}

function gridCharts(input: ExperimentReportInput, metrics: string[]): NamedSpec[] {
  const specs: NamedSpec[] = [];
  const parameters = parametersOf(input);
  const shown = present(['profit', 'share', 'price'], metrics);
  for (const parameter of parameters.slice(0, 4)) {
    const { numeric } = parameterValues(input.runs, parameter);
    const rows: Row[] = shown.flatMap((metric) =>
      gridCells(input.runs, [parameter], metric).map((c) => ({ metric, firm: c.firm, value: c.params[0] as string | number, mean: chartNumber(c.interval.mean), low: chartNumber(c.interval.low), high: chartNumber(c.interval.high), n: c.interval.n })),
    );
    specs.push({ name: chartName('response', parameter), spec: responseChart({ parameter, numeric, rows, firmNames: input.firmNames, metrics: shown }) });
  }
  if (parameters.length >= 2) {
    const [x, y] = parameters;
    const [xs, ys] = [parameterValues(input.runs, x), parameterValues(input.runs, y)];
    const cells = xs.values.length * ys.values.length;
    for (const metric of present(['profit', 'share'], metrics)) {
      const cellsOf = gridCells(input.runs, [x, y], metric);
      const sampled = cellsOf.length / Math.max(1, input.firmNames.length) < cells / 2; // a sample, not a grid
      // per firm (each panel has its own colour scale): is the cell in the light upper half?
      const range = new Map(input.firmNames.map((f) => [f, cellsOf.filter((c) => c.firm === f).map((c) => c.interval.mean)]));
      const light = (firm: string, v: number) => v > (Math.min(...range.get(firm)!) + Math.max(...range.get(firm)!)) / 2;
      const coordinate = (v: unknown) => (sampled && typeof v === 'number' ? v : String(v));
      const rows: Row[] = cellsOf.map((c) => ({ firm: c.firm, x: coordinate(c.params[0]), y: coordinate(c.params[1]), mean: chartNumber(c.interval.mean), n: c.interval.n, light: light(c.firm, c.interval.mean) ? 1 : 0 }));
      const heatmap = heatmapChart({ metric, x, y, xValues: xs.values.map(String), yValues: ys.values.map(String), rows, firmNames: input.firmNames, labels: cells <= 64, sampled: sampled && xs.numeric && ys.numeric });
      specs.push({ name: chartName('heatmap', metric), spec: heatmap });
    }
  }
  return specs;
}

function gameCharts(input: ExperimentReportInput, game: GameSummary): NamedSpec[] {
  const specs: NamedSpec[] = [];
  const labels = game.profiles.map((p) => {
    const equilibrium = game.equilibria.some((e) => sameStrategies(e.strategies, p.strategies));
    return `${equilibrium ? '★ ' : ''}${profileLabel(p, game.players, game.values)}`;
  });
  const charts = [
    { metric: 'profit', name: 'payoffs', title: 'Payoffs of every strategy profile', changeTitle: 'profit change', changeFormat: '+.0%', change: (v: number, base: number) => v / base - 1 },
    { metric: 'share', name: 'payoff-shares', title: 'Shares in every strategy profile', changeTitle: 'share change (points)', changeFormat: '+.1f', change: (v: number, base: number) => 100 * (v - base) },
  ] as const;
  for (const c of charts) {
    const base = new Map(game.profiles[0].firms.map((f) => [f.name, f[c.metric].mean]));
    const rows: Row[] = game.profiles.flatMap((p, i) =>
      p.firms.map((f) => ({
        profile: labels[i],
        firm: f.name,
        mean: chartNumber(f[c.metric].mean),
        low: chartNumber(f[c.metric].ci95[0]),
        high: chartNumber(f[c.metric].ci95[1]),
        change: chartNumber(c.change(f[c.metric].mean, base.get(f.name) ?? NaN)),
      })),
    );
    const largest = Math.max(0, ...rows.map((r) => Math.abs(Number(r.change))).filter(Number.isFinite));
    specs.push({ name: c.name, spec: payoffChart({ title: c.title, rows, profiles: labels, firmNames: input.firmNames, metric: c.metric, changeTitle: c.changeTitle, changeFormat: c.changeFormat, strong: chartNumber(0.6 * largest) ?? 0 }) });
  }
  if (game.vsRestraint.length) {
    const first = game.profiles.find((p) => sameStrategies(p.strategies, game.equilibria[0].strategies));
    const restraint = game.profiles.find((p) => p.adopters.length === 0 && p.strategies.every((s) => s === game.values[0]));
    specs.push({
      name: 'vs-restraint',
      spec: vsRestraintChart({
        rows: game.vsRestraint.map((v) => ({ firm: v.firm, outcome: v.outcome, meanDiff: chartNumber(v.meanDiff), ciLow: chartNumber(v.ciLow), ciHigh: chartNumber(v.ciHigh) })),
        firms: game.players,
        equilibrium: first ? profileLabel(first, game.players, game.values) : 'the equilibrium',
        restraint: restraint ? profileLabel(restraint, game.players, game.values) : 'restraint',
        level: `${Number((100 * game.intervalLevel).toPrecision(4))}%`,
      }),
    });
  }
  if (game.theatreCurve.length) {
    const metrics = [...new Set(game.theatreCurve.map((t) => t.metric))];
    const curve = game.theatreCurve.map((t) => ({ adopters: t.adopters, group: t.group, metric: t.metric, mean: chartNumber(t.mean), ciLow: chartNumber(t.ciLow), ciHigh: chartNumber(t.ciHigh) }));
    specs.push({ name: 'theatre', spec: theatreChart({ rows: curve, metrics, adopters: game.players.length }) });
  }
  return specs;
}


function experimentSections(input: ExperimentReportInput): ReportSection[] {
  const metrics = summaryMetricsOf(input);
  const sections: ReportSection[] = [];
  if (input.kind === 'game' && input.game) sections.push(gameSection(input.game));
  if (input.kind === 'compare') {
    const paired = pairedDifferences(firmRuns(input), referenceOf(input), metrics);
    sections.push({
      title: `Paired differences to ${referenceOf(input)} (last quarter)`,
      html: htmlTable(
        ['scenario', 'firm', 'metric', 'difference (95% CI)', 'seeds higher', 'n'],
        paired.map((p: PairedDifference) => [p.scenario, p.firm, p.metric, withInterval(p.metric, p, true), pct(p.pBetter, 0), String(p.n)]),
        [1, 2],
      ),
    });
  }
  if (input.kind === 'grid') {
    const parameters = parametersOf(input);
    const shown = present(['share', 'profit', 'price'], metrics);
    const byMetric = shown.map((m) => new Map(gridCells(input.runs, parameters, m).map((c) => [JSON.stringify([c.params, c.firm]), c.interval])));
    const keys = [...new Set(gridCells(input.runs, parameters, shown[0] ?? 'profit').map((c) => JSON.stringify([c.params, c.firm])))];
    const rows = keys.slice(0, 400).map((k) => {
      const [params, firm] = JSON.parse(k) as [unknown[], string];
      return [...params.map(String), firm, ...byMetric.map((m, i) => withInterval(shown[i], m.get(k) ?? { mean: NaN, low: NaN, high: NaN }))];
    });
    sections.push({ title: 'Grid points (last quarter, mean over seeds)', html: htmlTable([...parameters, 'firm', ...shown], rows, parameters.map((_, i) => i).concat(parameters.length)) });
  } else if (metrics.length) {
    const intervals = summaryIntervals(firmRuns(input), metrics);
    const key = (i: SummaryInterval) => JSON.stringify([i.scenario, i.firm]);
    const rows = [...new Set(intervals.map(key))].map((k) => {
      const [scenario, firm] = JSON.parse(k) as [string, string];
      return [scenario, firm, ...metrics.map((m) => {
        const i = intervals.find((x) => x.scenario === scenario && x.firm === firm && x.metric === m);
        return i ? withInterval(m, i) : '–';
      })];
    });
    sections.push({ title: 'Summary (last quarter, mean over seeds)', html: htmlTable(['scenario', 'firm', ...metrics], rows, [1]) });
  }
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

function gameSection(game: GameSummary): ReportSection {
  const rows = game.profiles.flatMap((p) => {
    const equilibrium = game.equilibria.some((e) => sameStrategies(e.strategies, p.strategies));
    return p.firms.map((f) => [
      profileLabel(p, game.players, game.values),
      f.name,
      withInterval('profit', { mean: f.profit.mean, low: f.profit.ci95[0], high: f.profit.ci95[1] }),
      withInterval('share', { mean: f.share.mean, low: f.share.ci95[0], high: f.share.ci95[1] }),
      num(f.price.mean, 2),
      byUnit('currency', f.programCost.mean),
      equilibrium ? '★' : '',
    ]);
  });
  const evidence = game.evidence.length ? `<ul>${game.evidence.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>` : '';
  return {
    title: `Payoffs (verdict: ${game.verdict})`,
    html: htmlTable(['profile', 'firm', 'profit', 'share', 'price', 'program cost', 'equilibrium'], rows, [1]) + evidence,
  };
}
