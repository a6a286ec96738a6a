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
import { byUnit, escapeHtml, num, pct, signed, unitFormatter } from './format.js';
import { htmlTable, reportHtml, type ReportSection } from './html.js';
import { renderSvgs, writeCharts } from './render.js';
import { bandChart, differenceChart, firmSeries, heatmapChart, intervalChart, payoffChart, responseChart, scenarioSeries, theatreChart } from './specs/experiment.js';
import { axisTitle, humanize, metricDeclaration, type NamedSpec } from './theme.js';
import { vsRestraintChart } from './specs/game.js';

/** Band charts become unreadable past this many lines a panel (compared scenarios, game profiles). */
const MAX_BAND_SCENARIOS = 8;

export function renderExperimentReport(dir: string, input: ExperimentReportInput): void {
  const charts = renderSvgs(experimentCharts(input));
  writeCharts(dir, charts);
  const seeds = input.seeds.length;
  writeFileAtomic(
    join(dir, 'report.html'),
    reportHtml({
      title: input.title,
      question: input.description.trim() || `A ${input.kind} experiment.`,
      meta: `${input.kind}: ${input.scenarios.length} scenario${input.scenarios.length === 1 ? '' : 's'}, ${seeds} seed${seeds === 1 ? '' : 's'}${seeds ? ` (${Math.min(...input.seeds)}–${Math.max(...input.seeds)})` : ''}, ${num(input.periods)} periods; firms ${input.firmNames.join(', ')}. Summaries are last-quarter means of each run; intervals are 95% intervals of the mean over seeds.`,
      findings: experimentFindings(input),
      charts,
      sections: experimentSections(input),
    }),
  );
}

const reference = (input: ExperimentReportInput): string => input.differences?.[0]?.reference ?? input.scenarios[0];
const summaryMetrics = (input: ExperimentReportInput) => present(SUMMARY_METRICS, input.runs.map((r) => r.metric));
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
  const metrics = summaryMetrics(input);
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

/** The per-run rows of firms (not the market's): what the summary intervals and paired differences are over. */
const firmRuns = (input: ExperimentReportInput) => input.runs.filter((r) => r.firm !== MARKET);

/** A grid's varied fields: as given, else the parameters the runs carry. */
const parametersOf = (input: ExperimentReportInput): string[] => input.parameters ?? Object.keys(input.runs[0]?.params ?? {});

function compareCharts(input: ExperimentReportInput, metrics: string[]): NamedSpec[] {
  const specs: NamedSpec[] = [];
  const ref = reference(input);
  const others = input.scenarios.filter((s) => s !== ref);
  for (const metric of present(COMPARED_SERIES_METRICS, (input.differences ?? []).map((d) => d.metric))) {
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

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** "31.2% (95% CI 30.8–31.6%)" in the metric's unit. */
function withInterval(metric: string, s: { mean: number; low: number; high: number }, signedValue = false): string {
  const unit = metricDeclaration(metric)?.unit;
  const f = unitFormatter(unit, Math.max(Math.abs(s.mean), Math.abs(s.low), Math.abs(s.high)));
  const mean = signedValue ? (unit === 'fraction' ? `${signed(100 * s.mean)} points` : signed(s.mean, f)) : f(s.mean);
  if (!Number.isFinite(s.low)) return mean;
  const [low, high] = unit === 'fraction' && signedValue ? [num(100 * s.low, 1), num(100 * s.high, 1)] : [f(s.low), f(s.high)];
  const interval = s.low < 0 ? `${low} to ${high}` : `${low}–${high}`; // "−3.2–−2.8" misreads
  return `${mean} (95% CI ${interval})`;
}

const VERDICTS: Record<GameSummary['verdict'], string> = {
  'prisoners-dilemma': "a prisoner's dilemma: adopting is the equilibrium, yet every firm earns less than if none adopted (the theatre effect)",
  transfer: 'a transfer: the equilibrium makes some firms better off and others worse off than mutual restraint',
  coordination: 'a coordination game: more than one resolved equilibrium; which one firms reach depends on what the others do',
  'dominant-adoption': 'adoption is dominant and pays: each firm gains by adopting whatever the others do, and none loses against restraint',
  'dominant-restraint': 'restraint is dominant: no firm gains by adopting, whatever the others do',
  'single-equilibrium': 'one resolved equilibrium that is neither dominant nor worse for anyone than restraint',
  mixed: 'no pure equilibrium: in every profile some firm resolvedly gains by switching',
  inconclusive: 'inconclusive: the seeds run do not resolve every comparison the verdict rests on',
};

export function experimentFindings(input: ExperimentReportInput): string[] {
  const metrics = summaryMetrics(input);
  const out: string[] = [];
  if (input.kind === 'game' && input.game) {
    const game = input.game;
    out.push(`Verdict: ${VERDICTS[game.verdict]} (${game.seeds.length} seeds; ${game.comparisons} comparisons, each resolved when its simultaneous interval excludes zero).`);
    const named = (outcome: string) => game.vsRestraint.filter((v) => v.outcome === outcome).map((v) => `${v.firm} ${signed(v.meanDiff, (x) => num(x, 0))} (${num(v.ciLow, 0)} to ${num(v.ciHigh, 0)})`);
    const better = named('better'), worse = named('worse'), open = named('unresolved');
    if (better.length + worse.length + open.length > 0) {
      out.push(`Against mutual restraint, profit per period in the equilibrium: ${[better.length ? `better off ${better.join(', ')}` : '', worse.length ? `worse off ${worse.join(', ')}` : '', open.length ? `unresolved ${open.join(', ')}` : ''].filter(Boolean).join('; ')}.`);
    }
    if (game.unresolved.length) {
      const shown = game.unresolved.slice(0, 8).map((u) => `${u.comparison} (${u.seedsNeeded === null ? 'difference near zero: no estimate' : `about ${num(u.seedsNeeded)} seeds`})`);
      out.push(`Unresolved comparisons the verdict rests on: ${shown.join('; ')}${game.unresolved.length > 8 ? `; and ${game.unresolved.length - 8} more (summary.json)` : ''}.`);
    }
    const eq = game.equilibria.map((e) => {
      const profile = game.profiles.find((p) => sameStrategies(p.strategies, e.strategies));
      return profile ? profileLabel(profile, game.players, game.values) : e.strategies.map(String).join(', ');
    });
    out.push(eq.length ? `Pure Nash equilibria: ${eq.join('; ')}.` : 'No pure Nash equilibrium.');
    out.push(...game.evidence);
  }
  if (input.kind === 'compare') {
    const ref = reference(input);
    const paired = pairedDifferences(firmRuns(input), ref, present(['share', 'profit'], metrics));
    for (const scenario of input.scenarios.filter((s) => s !== ref)) {
      for (const metric of ['share', 'profit']) {
        const rows = paired.filter((p) => p.scenario === scenario && p.metric === metric);
        if (rows.length) out.push(`${scenario} against ${ref}, ${metric}: ${rows.map((p) => `${p.firm} ${withInterval(metric, p, true)}`).join('; ')} (${rows[0].n} paired seeds).`);
      }
    }
  }
  if (input.kind === 'grid') out.push(...gridFindings(input, metrics));
  if (input.kind === 'replicate' || (input.kind === 'game' && out.length === 0)) {
    const intervals = summaryIntervals(firmRuns(input), present(['share', 'profit'], metrics));
    for (const firm of input.firmNames) {
      const parts = intervals.filter((i) => i.firm === firm).map((i) => `${i.metric} ${withInterval(i.metric, i)}`);
      if (parts.length) out.push(`${firm}: ${parts.join(', ')} over ${intervals.find((i) => i.firm === firm)?.n ?? 0} seeds.`);
    }
  }
  if (!out.length) out.push('No run summaries to report.');
  return out;
}

function gridFindings(input: ExperimentReportInput, metrics: string[]): string[] {
  const parameters = parametersOf(input);
  if (!metrics.includes('profit') || !parameters.length) return [];
  const cells = gridCells(input.runs, parameters, 'profit');
  return input.firmNames.flatMap((firm) => {
    const own = cells.filter((c) => c.firm === firm).sort((a, b) => b.interval.mean - a.interval.mean);
    if (own.length < 2) return [];
    const at = (c: (typeof own)[number]) => parameters.map((p, i) => `${p} = ${String(c.params[i])}`).join(', ');
    const [best, worst] = [own[0], own[own.length - 1]];
    return [`${firm}'s profit is highest at ${at(best)}: ${withInterval('profit', best.interval)}; lowest at ${at(worst)}: ${withInterval('profit', worst.interval)}.`];
  });
}

function experimentSections(input: ExperimentReportInput): ReportSection[] {
  const metrics = summaryMetrics(input);
  const sections: ReportSection[] = [];
  if (input.kind === 'game' && input.game) sections.push(gameSection(input.game));
  if (input.kind === 'compare') {
    const paired = pairedDifferences(firmRuns(input), reference(input), metrics);
    sections.push({
      title: `Paired differences to ${reference(input)} (last quarter)`,
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
