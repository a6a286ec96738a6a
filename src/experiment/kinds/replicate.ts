/**
 * replicate <scenario>: one scenario over many seeds; per-run results, means and 95%
 * intervals of every series and of the end-of-run figures.
 */
import { loadScenario } from '../../scenario/load.js';
import { bandCharts, experimentContent, summaryIntervalChart, summarySection } from '../../report/experiment-report.js';
import { meanFindings, seedCount, seedRange } from '../../report/experiment-findings.js';
import type { Findings } from '../../report/findings.js';
import type { ReportContent } from '../../report/write-report.js';
import type { ExperimentReportInput } from '../types.js';
import { pointSummary } from '../engine/aggregate.js';
import { buildPlan, firstLine, makePoint, safeName, type Plan, type PlanOptions } from '../engine/plan.js';
import { checkPlanRun, executeAndFinish, parsePlanArgs, planDir, planOptions, type PlanRun } from '../engine/plan-run.js';
import type { PrecisionStatus } from '../engine/precision.js';
import { baseSummary, planOutcome, reportInputOf, triple, windowText, type ExperimentSummary } from '../engine/summary.js';
import { prepareToFinish, writeTables } from '../engine/tables.js';
import { SCENARIO_POSITIONAL, type ExperimentKind, type KindOutcome } from './kind.js';

const DEFAULT_SEEDS = 16;

export function replicatePlan(ref: string, o: PlanOptions): Plan {
  const { scenario } = loadScenario(ref, o.load);
  const point = makePoint(safeName(scenario.name), scenario.name, scenario, {});
  return buildPlan(o, { kind: 'replicate', name: safeName(scenario.name), title: `${scenario.name}: ${o.replicates} replicates`, description: firstLine(scenario.description ?? ''), points: [point] });
}

/** The key figures per firm, mean (95% interval) over seeds. */
const KEY_METRICS = ['share', 'profit', 'price'];

function figureLines(summary: ExperimentSummary): string[] {
  if (!summary.firms) return [];
  return [
    `${summary.scenario}, mean over ${summary.replicates} seeds (95% CI), ${windowText(summary)}:`,
    ...summary.firms.map((f) => {
      const parts = KEY_METRICS.filter((m) => typeof f[m] === 'object').map((m) => {
        const x = f[m] as { mean: number; ci95: [number, number] };
        return `${m} ${triple(m, x.mean, x.ci95[0], x.ci95[1], false)}`;
      });
      return `  ${f.name.padEnd(14)} ${parts.join('  ')}`;
    }),
  ];
}

/** Each firm's share and profit over seeds. */
export function findingsOf(input: ExperimentReportInput): Findings {
  const sentences = meanFindings(input);
  if (!sentences.length) sentences.push('No run summaries to report.');
  return { basis: `mean over ${seedCount(input)}${seedRange(input.seeds)}: last-quarter means of each run, 95% intervals`, sentences, highlights: sentences.slice(0, 3) };
}

/** The series as mean bands, the last-quarter intervals, the summary table. */
export const reportOf = (input: ExperimentReportInput, findings = findingsOf(input)): ReportContent =>
  experimentContent(input, findings, [...bandCharts(input), ...summaryIntervalChart(input)], summarySection(input));

async function finish(dir: string, plan: Plan, precision: readonly PrecisionStatus[], manifest: Record<string, unknown>): Promise<KindOutcome> {
  prepareToFinish(dir, plan);
  const tables = writeTables(dir, plan, { runRows: true });
  const input = reportInputOf(plan, tables);
  const findings = findingsOf(input);
  const point = pointSummary(plan, 0, tables.agg.summaries[0]);
  const summary: ExperimentSummary = { ...baseSummary(plan, tables, findings, precision), scenario: point.scenario, firms: point.firms, market: point.market };
  return planOutcome(dir, plan, summary, reportOf(input, findings), figureLines(summary), manifest);
}

export const kind: ExperimentKind<{ dir: string; run: PlanRun }> = {
  positionals: { scenario: SCENARIO_POSITIONAL },
  options: planOptions(DEFAULT_SEEDS),
  pool: true,
  shardable: true,
  files: [],
  setup({ raw, load }, context) {
    const args = parsePlanArgs(raw, DEFAULT_SEEDS);
    const plan = replicatePlan(String(raw.scenario), { ...args, load });
    const run: PlanRun = { plan, dir: planDir(context.out, plan), precision: args.precision, maxSeeds: args.maxSeeds, unit: 'scenarios' };
    checkPlanRun(run, context);
    return { dir: run.dir, run };
  },
  run: (setup, context) => executeAndFinish(setup.run, context, finish),
  finish: (dir, plan, manifest) => finish(dir, plan, [], { ...manifest }),
};
