/**
 * Findings: a few sentences written from the numbers, so that a reader gets the story of
 * a result before reading a chart. Each sentence states figures, never a judgement the
 * numbers do not carry, and every set of findings says what its figures compare (one
 * draw, or means and paired differences over seeds). Built once per result: the reports,
 * the command line and the output index all show these same sentences.
 */
import type { RunResult } from '../model/results.js';
import type { RunSummary } from '../model/summary.js';
import { eventGroups, listText, windowMean } from './data.js';
import { capitalise, num, pct, sharePoints, sig, signed, unitFormatter } from './format.js';
import type { ExperimentReportInput, GameSummary, RunRow } from '../experiment/types.js';
import { MARKET, SUMMARY_METRICS, gridCells, pairedDifferences, present, profileLabel, sameStrategies, summaryIntervals } from './experiment-data.js';
import { metricDeclaration } from './theme.js';

export interface Findings {
  /** what the figures are and what they compare, e.g. "one draw (seed 7)" or "paired over 8 seeds vs baseline" */
  readonly basis: string;
  /** most telling first */
  readonly sentences: readonly string[];
  /** the few sentences that matter most (for the command line's last lines and the index) */
  readonly highlights: readonly string[];
}

/** Findings as the command line prints them (stderr, after the result's path). */
export function findingsLines(f: Findings): string[] {
  return [`Findings (${f.basis}):`, ...f.sentences.map((s) => `  - ${s}`)];
}

export interface RunFindingsInput {
  readonly result: RunResult;
  readonly summary: RunSummary;
  readonly periodsPerYear: number;
  readonly reviewEvery: number;
}

const when = (period: number, periodsPerYear: number): string => `period ${period} (year ${num(period / periodsPerYear, 1)})`;

/** What one run's figures are: a single simulated history, without intervals. */
export const runBasis = (seed: number): string =>
  `one draw, seed ${seed}: one simulated history, no intervals; replicate or compare give 95% intervals over seeds`;

export function runFindings(input: RunFindingsInput): Findings {
  const events = eventFindings(input);
  const share = shareFinding(input);
  const profit = profitFinding(input);
  const program = programFinding(input);
  const market = marketFinding(input);
  const sentences = [...events, share, profit, program, loyaltyFinding(input), market, churnFinding(input)].filter((s): s is string => !!s);
  // the story in three lines: what happened at the first event, what programs cost, where prices went
  const highlights = [events[0], program, market, share, profit].filter((s): s is string => !!s).slice(0, 3);
  return { basis: runBasis(input.result.seed), sentences, highlights };
}

/**
 * Share before an event (one review period) against the last quarter, for the first three
 * event periods. Several firms acting at once (everyone launching a program) are one
 * event: its share changes are listed per firm and credited to no single firm.
 */
function eventFindings({ result: r, summary, periodsPerYear, reviewEvery }: RunFindingsInput): string[] {
  const out: string[] = [];
  const before = (k: number, period: number) => windowMean(r, 'share', k, period - reviewEvery, period);
  const after = (k: number) => windowMean(r, 'share', k, summary.window.from, summary.window.to);
  const change = (k: number, period: number) => sharePoints(after(k) - before(k, period));
  for (const group of eventGroups(r.events, r.firmNames)) {
    if (group.period <= 0 || group.period >= summary.window.from || out.length >= 3) continue;
    const j = r.firmNames.indexOf(group.firms[0]);
    if (j < 0) continue;
    const at = `${when(group.period, periodsPerYear)}`;
    if (group.firms.length === 1) {
      const rivals = r.firmNames.map((name, k) => ({ name, k })).filter(({ k }) => k !== j);
      const rivalText = rivals.length ? ` Rivals: ${listText(rivals.map(({ name, k }) => `${name} ${change(k, group.period)}`))}.` : '';
      out.push(
        `${group.text} in ${at}: its share moves from ${pct(before(j, group.period))} in the ${reviewEvery} periods before to ${pct(after(j))} in the last quarter (${sharePoints(after(j) - before(j, group.period))}).${rivalText}`,
      );
    } else {
      const moves = r.firmNames.map((name, k) => `${name} ${change(k, group.period)}`);
      out.push(
        `${capitalise(group.text)} in ${at}: shares in the last quarter against the ${reviewEvery} periods before: ${listText(moves)}. One event for ${group.firms.length} firms, so no single firm's move explains these changes.`,
      );
    }
  }
  return out;
}


function shareFinding({ summary }: RunFindingsInput): string {
  const firms = [...summary.firms].sort((a, b) => Number(b.share) - Number(a.share));
  const [leader, ...rest] = firms;
  const others = rest.length ? `; ${listText(rest.map((f) => `${f.name} ${pct(Number(f.share))}`))}` : '';
  return `In the last quarter ${leader.name} has the largest share of purchases, ${pct(Number(leader.share))}${others}.`;
}

function profitFinding({ summary }: RunFindingsInput): string {
  const firms = [...summary.firms].sort((a, b) => b.totalProfit - a.totalProfit);
  const parts = firms.map((f) => `${f.name} ${num(f.totalProfit)} (margin ${pct(Number(f.margin))} in the last quarter)`);
  return `Profit over the whole run: ${listText(parts)}.`;
}

/** What programs cost, in one sentence for every firm running one. */
function programFinding({ summary }: RunFindingsInput): string | undefined {
  const running = summary.firms.filter((f) => Number(f.programCost) > 0 && Number(f.revenue) > 0);
  if (!running.length) return undefined;
  const parts = running.map((f) => {
    const revenue = Number(f.revenue);
    return `${f.name} ${pct(Number(f.programCost) / revenue)} of revenue (rewards ${pct(Number(f.rewardsCost) / revenue)}; ${num(Number(f.members))} members, points liability ${num(Number(f.pointsLiability))})`;
  });
  return running.length === 1
    ? `${running[0].name}'s program costs ${parts[0].slice(running[0].name.length + 1)} in the last quarter.`
    : `Programs cost, in the last quarter: ${listText(parts)}.`;
}

function loyaltyFinding({ summary }: RunFindingsInput): string | undefined {
  if (summary.firms.length < 2) return undefined;
  const bySatisfaction = [...summary.firms].sort((a, b) => Number(b.satisfaction) - Number(a.satisfaction));
  const byChurn = [...summary.firms].sort((a, b) => Number(a.churn) - Number(b.churn));
  const best = bySatisfaction[0];
  const churnText = byChurn[0].name === best.name
    ? `and loses the fewest customers: ${pct(Number(best.churn), 1)} of a quarter's buyers do not come back the next quarter, against ${pct(Number(byChurn[byChurn.length - 1].churn), 1)} for ${byChurn[byChurn.length - 1].name}`
    : `while ${byChurn[0].name} loses the fewest customers (${pct(Number(byChurn[0].churn), 1)} of a quarter's buyers do not come back the next quarter)`;
  return `${best.name} has the most satisfied customers (mean satisfaction ${sig(Number(best.satisfaction))} against ${sig(Number(bySatisfaction[bySatisfaction.length - 1].satisfaction))} for ${bySatisfaction[bySatisfaction.length - 1].name}) ${churnText}.`;
}

function marketFinding({ result: r, summary }: RunFindingsInput): string {
  const first = (metric: string) => {
    const n = summary.window.to - summary.window.from;
    let s = 0;
    for (let t = 0; t < n; t++) s += r.market[metric][t];
    return s / n;
  };
  const change = (metric: string, digits: number) => {
    const a = first(metric);
    const b = summary.market[metric];
    const verb = Math.abs(b - a) <= 0.01 * Math.abs(a) ? 'stays near' : b > a ? 'rises from' : 'falls from';
    return verb === 'stays near' ? `${verb} ${num(b, digits)}` : `${verb} ${num(a, digits)} to ${num(b, digits)}`;
  };
  const programs = summary.market.programsPerCustomer > 0 ? `; customers hold ${num(summary.market.programsPerCustomer, 2)} programs each at the end` : '';
  return `From the first quarter to the last, the mean price ${change('meanPrice', 2)} and price salience ${change('priceSalience', 2)}${programs}.`;
}

function churnFinding({ summary }: RunFindingsInput): string | undefined {
  const causes = Object.entries(summary.churnCauses);
  const total = causes.reduce((a, [, v]) => a + v, 0);
  if (total <= 0) return undefined;
  const failures = causes.filter(([k]) => k !== 'price' && k !== 'other');
  const failureTotal = failures.reduce((a, [, v]) => a + v, 0);
  const top = [...failures].sort((a, b) => b[1] - a[1])[0];
  const topText = top ? `, most often after ${top[0].replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}` : '';
  return `Of ${num(total)} switches, ${pct(failureTotal / total, 0)} followed a service failure${topText}; ${pct((summary.churnCauses.price ?? 0) / total, 0)} went to a cheaper firm without one.`;
}

// ---------------------------------------------------------------------------------------
// Experiments: means and paired differences over seeds, with 95% intervals.

/** The scenario the others are compared with. */
export const referenceOf = (input: ExperimentReportInput): string => input.differences?.[0]?.reference ?? input.scenarios[0];
/** The summary metrics the runs carry, in the usual order. */
export const summaryMetricsOf = (input: ExperimentReportInput): string[] => present(SUMMARY_METRICS, input.runs.map((r) => r.metric));
/** The per-run rows of firms (not the market's): what the summary intervals and paired differences are over. */
export const firmRuns = (input: ExperimentReportInput): RunRow[] => input.runs.filter((r) => r.firm !== MARKET);
/** A grid's varied fields: as given, else the parameters the runs carry. */
export const parametersOf = (input: ExperimentReportInput): string[] => input.parameters ?? Object.keys(input.runs[0]?.params ?? {});

/** "31.2% (95% CI 30.8–31.6%)" in the metric's unit; differences of fractions in points. */
export function withInterval(metric: string, s: { mean: number; low: number; high: number }, signedValue = false): string {
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

const seedRange = (seeds: readonly number[]): string => (seeds.length ? ` (seeds ${Math.min(...seeds)}–${Math.max(...seeds)})` : '');

/** What an experiment's figures compare. */
export function experimentBasis(input: ExperimentReportInput): string {
  const n = input.seeds.length;
  const seeds = `${n} seed${n === 1 ? '' : 's'}`;
  if (input.kind === 'compare') return `paired over ${seeds} vs ${referenceOf(input)}: scenario − reference on the same seeds, last-quarter means, 95% intervals`;
  if (input.kind === 'grid') return `${input.scenarios.length} grid points × ${seeds}: last-quarter means over seeds, 95% intervals`;
  if (input.kind === 'game') return `every strategy profile on the same ${seeds}: last-quarter means, 95% intervals; the verdict on simultaneous intervals over the game's comparisons`;
  return `mean over ${seeds}${seedRange(input.seeds)}: last-quarter means of each run, 95% intervals`;
}

export function experimentFindings(input: ExperimentReportInput): Findings {
  const metrics = summaryMetricsOf(input);
  const out: string[] = [];
  if (input.kind === 'game' && input.game) {
    const game = input.game;
    out.push(`Verdict: ${VERDICTS[game.verdict] ?? game.verdict} (${game.seeds.length} seeds; ${game.comparisons} comparisons, each resolved when its simultaneous interval excludes zero).`);
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
    const ref = referenceOf(input);
    const paired = pairedDifferences(firmRuns(input), ref, present(['share', 'profit'], metrics));
    for (const scenario of input.scenarios.filter((s) => s !== ref)) {
      const own = paired.filter((p) => p.scenario === scenario);
      if (own.length && own.every((p) => p.mean === 0 && p.low === 0 && p.high === 0)) {
        out.push(`${scenario} and ${ref} give the same shares and profits on every one of the ${own[0].n} seeds: nothing that matters differs between them.`);
        continue;
      }
      for (const metric of ['share', 'profit']) {
        const rows = paired.filter((p) => p.scenario === scenario && p.metric === metric);
        if (rows.length) out.push(`${scenario} against ${ref}, ${metric}: ${rows.map((p) => `${p.firm} ${withInterval(metric, p, true)}`).join('; ')} (paired over ${rows[0].n} seeds).`);
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
  return { basis: experimentBasis(input), sentences: out, highlights: out.slice(0, 3) };
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
