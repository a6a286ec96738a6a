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
import { capitalise, num, pct, sharePoints, sig } from './format.js';

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
    ? `and loses the fewest: ${pct(Number(best.churn), 2)} per period against ${pct(Number(byChurn[byChurn.length - 1].churn), 2)} for ${byChurn[byChurn.length - 1].name}`
    : `while ${byChurn[0].name} loses the fewest customers (${pct(Number(byChurn[0].churn), 2)} per period)`;
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
