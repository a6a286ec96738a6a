/**
 * compare <s1> <s2> ...: scenarios on the same seeds (common random numbers); every
 * series and end-of-run figure as a paired difference to the reference, with 95%
 * intervals, and the settings that differ between the scenarios.
 */
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { loadScenario } from '../../scenario/load.js';
import type { Scenario } from '../../model/schema.js';
import {
  COMPARED_SERIES_METRICS, differenceData, intervalRow, pairedDifferences, present, type PairedDifference,
} from '../../report/experiment-data.js';
import { firmRuns, referenceOf, seedCount, summaryMetricsOf, withInterval } from '../../report/experiment-findings.js';
import { bandCharts, chartName, experimentContent, summaryIntervalChart, summarySection } from '../../report/experiment-report.js';
import type { Findings } from '../../report/findings.js';
import { capitalise, pct } from '../../report/format.js';
import { htmlTable, type ReportSection } from '../../report/html.js';
import { differenceChart, firmSeries, intervalChart, scenarioSeries } from '../../report/specs/experiment.js';
import { humanize, type NamedSpec } from '../../report/theme.js';
import type { ReportContent } from '../../report/write-report.js';
import type { ExperimentReportInput, SettingDifference } from '../types.js';
import { differenceSummary, pointSummary } from '../engine/aggregate.js';
import { buildPlan, makePoint, safeName, type Plan, type PlanOptions } from '../engine/plan.js';
import { checkPlanRun, executeAndFinish, parsePlanArgs, planDir, planOptions, type PlanRun } from '../engine/plan-run.js';
import type { PrecisionStatus } from '../engine/precision.js';
import { baseSummary, planOutcome, reportInputOf, triple, windowText, type ExperimentSummary } from '../engine/summary.js';
import { prepareToFinish, writeTables } from '../engine/tables.js';
import type { ExperimentKind, KindOutcome } from './kind.js';

const DEFAULT_SEEDS = 16;

export function comparePlan(refs: readonly string[], c: PlanOptions & { reference?: string; name?: string }): Plan {
  if (refs.length < 2) throw new InputError({ source: 'compare', path: '', message: `expected at least two scenarios, got ${refs.length}` });
  const scenarios = refs.map((ref) => loadScenario(ref, c.load).scenario);
  const used = new Map<string, number>();
  const points = scenarios.map((s) => {
    const base = safeName(s.name);
    const seen = used.get(base) ?? 0;
    used.set(base, seen + 1);
    const id = seen === 0 ? base : `${base}-${seen + 1}`;
    return makePoint(id, seen === 0 ? s.name : `${s.name}-${seen + 1}`, s, {});
  });
  let reference = 0;
  if (c.reference !== undefined) {
    reference = points.findIndex((p) => p.label === c.reference || p.scenarioName === c.reference);
    if (reference < 0) {
      throw new InputError({ source: 'option --reference', path: '', message: `expected one of the compared scenarios (${points.map((p) => p.label).join(', ')}), got ${JSON.stringify(c.reference)}` });
    }
  }
  let name = c.name ?? points.map((p) => p.label).join('-vs-');
  if (c.name === undefined && name.length > 80) name = `${points[0].label}-vs-${points.length - 1}-more`;
  return buildPlan(c, {
    kind: 'compare',
    name: safeName(name),
    title: `${points.map((p) => p.label).join(' vs ')}: ${c.replicates} paired seeds`,
    description: `Differences against ${points[reference].label} on common random numbers.`,
    reference,
    points,
  });
}

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

/** Fields that name or describe a scenario (its question and lead), that an experiment replaces (the seed), or that only `game` reads. */
const NOT_SETTINGS = new Set(['name', 'description', 'lead', 'seed', 'extends', 'game']);

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


/** Paired differences over time of the headline series, and the last-quarter differences with their intervals. */
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

function pairedSection(input: ExperimentReportInput, metrics: string[]): ReportSection {
  const paired = pairedDifferences(firmRuns(input), referenceOf(input), metrics);
  return {
    title: `Paired differences to ${referenceOf(input)} (last quarter)`,
    html: htmlTable(
      ['scenario', 'firm', 'metric', 'difference (95% CI)', 'seeds higher', 'n'],
      paired.map((p: PairedDifference) => [p.scenario, p.firm, p.metric, withInterval(p.metric, p, true), pct(p.pBetter, 0), String(p.n)]),
      [1, 2],
    ),
  };
}

/** Per compared scenario, each firm's share and profit against the reference. */
export function findingsOf(input: ExperimentReportInput): Findings {
  const out: string[] = [];
  const ref = referenceOf(input);
  const paired = pairedDifferences(firmRuns(input), ref, present(['share', 'profit'], summaryMetricsOf(input)));
  for (const scenario of input.scenarios.filter((s) => s !== ref)) {
    const own = paired.filter((p) => p.scenario === scenario);
    if (own.length && own.every((p) => p.mean === 0 && p.ciLow === 0 && p.ciHigh === 0)) {
      out.push(`${scenario} and ${ref} give the same shares and profits on every one of the ${own[0].n} seeds: nothing that matters differs between them.`);
      continue;
    }
    for (const metric of ['share', 'profit']) {
      const rows = paired.filter((p) => p.scenario === scenario && p.metric === metric);
      if (rows.length) out.push(`${scenario} against ${ref}, ${metric}: ${rows.map((p) => `${p.firm} ${withInterval(metric, p, true)}`).join('; ')} (paired over ${rows[0].n} seeds).`);
    }
  }
  if (!out.length) out.push('No run summaries to report.');
  return {
    basis: `paired over ${seedCount(input)} vs ${ref}: scenario − reference on the same seeds, last-quarter means, 95% intervals`,
    sentences: out,
    highlights: out.slice(0, 3),
  };
}

/** The series per firm, their differences to the reference over time and at the end, the tables. */
export function reportOf(input: ExperimentReportInput, findings = findingsOf(input)): ReportContent {
  const metrics = summaryMetricsOf(input);
  return experimentContent(input, findings, [...bandCharts(input), ...compareCharts(input, metrics), ...summaryIntervalChart(input)], [pairedSection(input, metrics), ...summarySection(input)]);
}

/** The key figures the command line shows for differences. */
const KEY_METRICS = ['share', 'profit', 'price'];
/** How many differing settings the command line lists before pointing at the report. */
const SHOWN_SETTINGS = 8;
/** A difference in share is in points: its label says so. */
const differenceLabel = (metric: string): string => (metric === 'share' ? 'share (points)' : humanize(metric));

type DifferenceCell = { meanDiff: number; ci95: [number, number]; pBetter: number; n: number };
type DifferenceSummaries = ReturnType<typeof differenceSummary>[];

function figureLines(summary: ExperimentSummary): string[] {
  const lines: string[] = [];
  const differences = summary.differences as DifferenceSummaries;
  const diff = (summary.scenarioDiff as SettingDifference[] | undefined) ?? [];
  if (summary.scenarioDiff && !diff.length) lines.push(`The scenarios' settings are identical (${summary.scenarios.join(', ')}).`);
  if (diff.length) {
    lines.push(`Settings that differ (${summary.scenarios.join(' | ')}):`);
    for (const d of diff.slice(0, SHOWN_SETTINGS)) lines.push(`  ${d.path}: ${d.values.join(' | ')}`);
    if (diff.length > SHOWN_SETTINGS) lines.push(`  … and ${diff.length - SHOWN_SETTINGS} more (report.html, summary.json)`);
  }
  for (const d of differences) {
    const cell = (f: (typeof d.firms)[number], m: string) => (typeof f[m] === 'object' ? (f[m] as DifferenceCell) : undefined);
    // a metric no scenario moves (fixed prices) is a column of zeros: say so once instead
    const still = (m: string) => d.firms.every((f) => { const x = cell(f, m); return !x || (x.meanDiff === 0 && x.ci95[0] === 0 && x.ci95[1] === 0); });
    const shown = KEY_METRICS.filter((m) => d.firms.some((f) => cell(f, m)) && !still(m));
    const dropped = KEY_METRICS.filter((m) => d.firms.some((f) => cell(f, m)) && still(m));
    if (!shown.length) {
      lines.push(`${d.scenario} − ${d.reference}, paired over ${summary.replicates} seeds: no difference in ${dropped.join(', ')} for any firm on any seed`);
      continue;
    }
    lines.push(`${d.scenario} − ${d.reference}, paired over ${summary.replicates} seeds, ${windowText(summary)}: mean difference (95% CI), seeds where higher:`);
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
  return lines;
}

async function finish(dir: string, plan: Plan, precision: readonly PrecisionStatus[], manifest: Record<string, unknown>): Promise<KindOutcome> {
  prepareToFinish(dir, plan);
  const tables = writeTables(dir, plan, { runRows: true });
  const scenarioDiff = scenarioDiffOf(plan.points.map((p) => p.scenario));
  const input = reportInputOf(plan, tables, { scenarioDiff });
  const findings = findingsOf(input);
  const summary: ExperimentSummary = {
    ...baseSummary(plan, tables, findings, precision, { scenarioDiff }),
    points: plan.points.map((_, i) => pointSummary(plan, i, tables.agg.summaries[i])),
    reference: plan.points[plan.reference!].label,
    differences: plan.points.flatMap((_, i) => (i === plan.reference ? [] : [differenceSummary(plan, i, tables.agg.summaries)])),
  };
  return planOutcome(dir, plan, summary, reportOf(input, findings), figureLines(summary), manifest);
}

export const kind: ExperimentKind<{ dir: string; run: PlanRun }> = {
  positionals: { scenarios: { type: 'string', array: true, describe: 'two or more scenarios (paths or shipped names); the first is the reference' } },
  options: {
    ...planOptions(DEFAULT_SEEDS),
    reference: { type: 'string', describe: 'the scenario the others are compared with (default: the first)' },
    name: { type: 'string', describe: 'output folder name (default: s1-vs-s2...)' },
  },
  pool: true,
  shardable: true,
  files: ['differences.csv'],
  setup({ raw, load }, context) {
    const args = parsePlanArgs(raw, DEFAULT_SEEDS);
    const refs = ((raw.scenarios as unknown[] | undefined) ?? []).map(String);
    const plan = comparePlan(refs, { ...args, load, reference: raw.reference as string | undefined, name: raw.name as string | undefined });
    checkComparable(plan); // before any run: different firms or horizons have no paired differences
    const run: PlanRun = { plan, dir: planDir(context.out, plan), precision: args.precision, maxSeeds: args.maxSeeds, unit: 'scenarios' };
    checkPlanRun(run, context);
    return { dir: run.dir, run };
  },
  run: (setup, context) => executeAndFinish(setup.run, context, finish),
  finish: (dir, plan, manifest) => finish(dir, plan, [], { ...manifest }),
};
