/**
 * grid <scenario>: a parameter grid (--vary) or a Latin hypercube sample (--sample lhs:N)
 * over scenario fields, every point on the same seeds; how each firm's figures respond.
 */
import { InputError } from '../../errors.js';
import { chartNumber, type Row } from '../../report/data.js';
import { gridCells, parameterValues, present } from '../../report/experiment-data.js';
import { parametersOf, seedCount, summaryMetricsOf, withInterval } from '../../report/experiment-findings.js';
import { chartName, experimentContent } from '../../report/experiment-report.js';
import type { Findings } from '../../report/findings.js';
import { htmlTable, type ReportSection } from '../../report/html.js';
import { heatmapChart, responseChart } from '../../report/specs/experiment.js';
import type { NamedSpec } from '../../report/theme.js';
import type { ReportContent } from '../../report/write-report.js';
import type { ExperimentReportInput } from '../types.js';
import { checkExperimentSize } from '../engine/args.js';
import { pointSummary } from '../engine/aggregate.js';
import { fullFactorial, latinHypercube, parseSample, parseVary } from '../engine/grid-spec.js';
import { gridPlan, type Plan } from '../engine/plan.js';
import { checkPlanRun, executeAndFinish, parsePlanArgs, planDir, planOptions, type PlanRun } from '../engine/plan-run.js';
import type { PrecisionStatus } from '../engine/precision.js';
import { baseSummary, planOutcome, reportInputOf, type ExperimentSummary } from '../engine/summary.js';
import { prepareToFinish, writeTables } from '../engine/tables.js';
import { SCENARIO_POSITIONAL, type ExperimentKind, type KindOutcome } from './kind.js';

const DEFAULT_SEEDS = 8;

function gridCharts(input: ExperimentReportInput, metrics: string[]): NamedSpec[] {
  const specs: NamedSpec[] = [];
  const parameters = parametersOf(input);
  const shown = present(['profit', 'share', 'price'], metrics);
  for (const parameter of parameters.slice(0, 4)) {
    const { numeric } = parameterValues(input.runs, parameter);
    const rows: Row[] = shown.flatMap((metric) =>
      gridCells(input.runs, [parameter], metric).map((c) => ({ metric, firm: c.firm, value: c.params[0] as string | number, mean: chartNumber(c.interval.mean), low: chartNumber(c.interval.ciLow), high: chartNumber(c.interval.ciHigh), n: c.interval.n })),
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

function gridSection(input: ExperimentReportInput): ReportSection {
  const parameters = parametersOf(input);
  const shown = present(['share', 'profit', 'price'], summaryMetricsOf(input));
  const byMetric = shown.map((m) => new Map(gridCells(input.runs, parameters, m).map((c) => [JSON.stringify([c.params, c.firm]), c.interval])));
  const keys = [...new Set(gridCells(input.runs, parameters, shown[0] ?? 'profit').map((c) => JSON.stringify([c.params, c.firm])))];
  const rows = keys.slice(0, 400).map((k) => {
    const [params, firm] = JSON.parse(k) as [unknown[], string];
    return [...params.map(String), firm, ...byMetric.map((m, i) => withInterval(shown[i], m.get(k) ?? { mean: NaN, ciLow: NaN, ciHigh: NaN }))];
  });
  return { title: 'Grid points (last quarter, mean over seeds)', html: htmlTable([...parameters, 'firm', ...shown], rows, parameters.map((_, i) => i).concat(parameters.length)) };
}

/** Per firm: where on the grid its profit is highest and lowest. */
export function findingsOf(input: ExperimentReportInput): Findings {
  const parameters = parametersOf(input);
  const out: string[] = [];
  if (summaryMetricsOf(input).includes('profit') && parameters.length) {
    const cells = gridCells(input.runs, parameters, 'profit');
    for (const firm of input.firmNames) {
      const own = cells.filter((c) => c.firm === firm).sort((a, b) => b.interval.mean - a.interval.mean);
      if (own.length < 2) continue;
      const at = (c: (typeof own)[number]) => parameters.map((p, i) => `${p} = ${String(c.params[i])}`).join(', ');
      const [best, worst] = [own[0], own[own.length - 1]];
      out.push(`${firm}'s profit is highest at ${at(best)}: ${withInterval('profit', best.interval)}; lowest at ${at(worst)}: ${withInterval('profit', worst.interval)}.`);
    }
  }
  if (!out.length) out.push('No run summaries to report.');
  return { basis: `${input.scenarios.length} grid points × ${seedCount(input)}: last-quarter means over seeds, 95% intervals`, sentences: out, highlights: out.slice(0, 3) };
}

/** How each firm's figures respond over the grid: response curves, heat maps, the grid's table. */
export const reportOf = (input: ExperimentReportInput, findings = findingsOf(input)): ReportContent =>
  experimentContent(input, findings, gridCharts(input, summaryMetricsOf(input)), [gridSection(input)]);

async function finish(dir: string, plan: Plan, precision: readonly PrecisionStatus[], manifest: Record<string, unknown>): Promise<KindOutcome> {
  prepareToFinish(dir, plan);
  const tables = writeTables(dir, plan, { runRows: true });
  const input = reportInputOf(plan, tables, { parameters: [...plan.parameters] });
  const findings = findingsOf(input);
  const summary: ExperimentSummary = {
    ...baseSummary(plan, tables, findings, precision),
    parameters: [...plan.parameters],
    ...(plan.sample ? { sample: plan.sample } : {}),
    points: plan.points.map((_, i) => pointSummary(plan, i, tables.agg.summaries[i])),
  };
  return planOutcome(dir, plan, summary, reportOf(input, findings), [`${summary.points!.length} grid points × ${summary.replicates} seeds over ${(summary.parameters ?? []).join(', ')}`], manifest);
}

export const kind: ExperimentKind<{ dir: string; run: PlanRun }> = {
  positionals: { scenario: SCENARIO_POSITIONAL },
  options: {
    ...planOptions(DEFAULT_SEEDS),
    vary: { type: 'string', array: true, describe: 'a field to vary: path=a,b,c or path=lo:hi:n (n values), or path=lo:hi with --sample (repeatable)' },
    sample: { type: 'string', describe: 'lhs:N: a Latin hypercube of N points over the --vary fields instead of the full grid' },
  },
  pool: true,
  shardable: true,
  files: [],
  setup({ raw, load }, context) {
    const args = parsePlanArgs(raw, DEFAULT_SEEDS);
    const axes = ((raw.vary as unknown[] | undefined) ?? []).map((v) => parseVary(String(v)));
    if (axes.length === 0) throw new InputError({ source: 'option --vary', path: '', message: 'expected at least one --vary path=values, e.g. --vary firms.0.price=8,9,10' });
    const paths = axes.map((a) => a.path);
    const dup = paths.find((path, i) => paths.indexOf(path) !== i);
    if (dup) throw new InputError({ source: 'option --vary', path: dup, message: 'expected each field once' });
    const sample = parseSample(raw.sample as string | undefined);
    checkExperimentSize(sample ? sample.n : axes.reduce((n, a) => n * (a.values?.length ?? 1), 1), args.replicates);
    const assignments = sample ? latinHypercube(axes, sample.n, args.seedBase) : fullFactorial(axes);
    const plan = gridPlan(String(raw.scenario), assignments, { ...args, load, parameters: paths, sample: sample ? `lhs:${sample.n}` : null });
    const run: PlanRun = { plan, dir: planDir(context.out, plan), precision: args.precision, maxSeeds: args.maxSeeds, unit: 'grid points' };
    checkPlanRun(run, context);
    return { dir: run.dir, run };
  },
  run: (setup, context) => executeAndFinish(setup.run, context, finish),
  finish: (dir, plan, manifest) => finish(dir, plan, [], { ...manifest }),
};
