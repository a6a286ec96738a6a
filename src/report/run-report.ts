/** The report of one run: charts, findings, summary tables and the scenario's settings. */
import { FIRM_METRICS, MARKET_METRICS } from '../model/metrics.js';
import type { RunResult } from '../model/results.js';
import { summarizeRun, type RunSummary } from '../model/summary.js';
import type { Scenario } from '../model/schema.js';
import type { Findings } from './findings.js';
import { runFindings } from './run-findings.js';
import { byUnit, escapeHtml, num, pct, sig, signed } from './format.js';
import { htmlTable, type ReportSection } from './html.js';
import { runCharts } from './specs/run.js';
import { SATISFACTION_SCALE, humanize, metricDeclaration } from './theme.js';
import { writeReport } from './write-report.js';
import { topicOf } from './questions.js';

export interface RunReportInput {
  readonly scenario: Scenario;
  readonly result: RunResult;
  /** summarizeRun(result), when the caller has it already */
  readonly summary?: RunSummary;
  /** runFindings of this run, when the caller has them already (the command line prints the same sentences) */
  readonly findings?: Findings;
}

/** charts/, report.html and report.json into a run directory that already holds the data files. */
export function renderRunReport(dir: string, { scenario, result, summary = summarizeRun(result), findings }: RunReportInput): void {
  const timing = { periodsPerYear: scenario.periodsPerYear, reviewEvery: scenario.reviewEvery };
  const found = findings ?? runFindings({ result, summary, scenario, ...timing });
  const years = result.periods / scenario.periodsPerYear;
  writeReport(dir, {
    title: `${scenario.name} — one draw, seed ${result.seed}`,
    question: scenario.description.trim() || 'No description: this scenario states no question.',
    meta: `One simulated history (seed ${result.seed}), not an average over seeds: \`loyalty-sim replicate\` gives intervals. ${num(result.customers)} customers, ${result.firmNames.length} firms, ${num(result.periods)} periods (${num(years, years < 10 ? 1 : 0)} years); seed ${result.seed}; program clutter κ = ${scenario.clutter}. Tables show the last quarter (periods ${summary.window.from}–${summary.window.to - 1}) unless they say otherwise.`,
    findings: found.sentences,
    basis: found.basis,
    charts: runCharts({ result, summary, scenario, ...timing }),
    sections: [firmSection(summary), marketSection(summary), settingsSection(scenario)],
    topic: topicOf(scenario),
  });
}

/** The firm table's columns: the metrics declared for it, each with its label. */
const FIRM_COLUMNS: readonly [string, string][] = FIRM_METRICS.filter((d) => d.appears.includes('runTable')).map((d) => [d.name, d.label ?? humanize(d.name)]);

function firmSection(summary: RunSummary): ReportSection {
  const rows = summary.firms.map((f) => [
    f.name,
    ...FIRM_COLUMNS.map(([m]) => (m === 'churn' ? pct(Number(f[m]), 2) : m === 'satisfaction' ? signed(Number(f[m]), sig) : byUnit(metricDeclaration(m)?.unit, Number(f[m])))),
    num(f.totalProfit),
  ]);
  const scale = `<p>Satisfaction is ${escapeHtml(SATISFACTION_SCALE)}: 0 is as expected, above 0 better than expected.</p>`;
  return { title: 'Firms (last quarter)', html: scale + htmlTable(['firm', ...FIRM_COLUMNS.map(([, label]) => label), 'total profit (run)'], rows) };
}

function marketSection(summary: RunSummary): ReportSection {
  const rows = MARKET_METRICS.map((d) => [humanize(d.name), byUnit(d.unit, summary.market[d.name]), d.unit, d.description]);
  return { title: 'Market (last quarter)', html: htmlTable(['metric', 'value', 'unit', 'meaning'], rows, [0, 2, 3]) };
}

const describePolicy = (p: { policy: string }) => p.policy;

function settingsSection(s: Scenario): ReportSection {
  const general = htmlTable(
    ['setting', 'value'],
    [
      ['customers', num(s.customers)],
      ['periods', `${num(s.periods)} (${s.periodsPerYear} per year)`],
      ['strategy review every', `${s.reviewEvery} periods`],
      ['program clutter κ', String(s.clutter)],
      ['seed (scenario default)', String(s.seed)],
    ],
    [1],
  );
  const firms = htmlTable(
    ['firm', 'price', 'unit cost', 'quality', 'promise', 'failure rate', 'recovery', 'program', 'contract', 'price policy', 'program policy'],
    s.firms.map((f) => [
      f.name,
      num(f.price, 2),
      num(f.unitCost, 2),
      sig(f.quality),
      f.promise === null ? '–' : sig(f.promise),
      pct(f.failureRate),
      pct(f.recoveryRate, 0),
      f.program
        ? `${f.program.enabled ? '' : 'off at start; '}${f.program.enrolment}, ${f.program.earnRate} pt/unit, ${f.program.rewardValue} per ${f.program.threshold} pts`
        : 'none',
      f.contract && f.contract.enabled ? `${f.contract.termPeriods} periods, ${pct(f.contract.discount, 0)} off, fee ${f.contract.exitFee}` : 'none',
      describePolicy(f.strategy.price),
      describePolicy(f.strategy.program),
    ]),
    [7, 8, 9, 10],
  );
  const segments = htmlTable(
    ['segment', 'share', 'description'],
    s.segments.map((g) => [g.name, pct(g.share, 0), g.description ?? '']),
    [2],
  );
  const events = s.events.length
    ? htmlTable(['period', 'firm', 'event'], s.events.map((e) => [String(e.period), e.firm, e.note ?? JSON.stringify(e.set)]), [1, 2])
    : '<p>No scheduled events.</p>';
  const full = `<details><summary>The full resolved scenario (scenario.json)</summary><pre>${escapeHtml(JSON.stringify(s, null, 2))}</pre></details>`;
  return { title: 'Settings', html: [general, '<h3>Firms</h3>', firms, '<h3>Segments</h3>', segments, '<h3>Scheduled events</h3>', events, full].join('\n') };
}
