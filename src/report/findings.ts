/**
 * Findings: a few sentences written from the numbers, so that a reader gets the story of
 * a run before reading a chart. Each sentence states figures, never a judgement the
 * numbers do not carry.
 */
import type { RunResult } from '../model/results.js';
import type { RunSummary } from '../model/summary.js';
import { windowMean } from './data.js';
import { num, pct, sharePoints, sig } from './format.js';
import { eventText } from './specs/run.js';

export interface RunFindingsInput {
  readonly result: RunResult;
  readonly summary: RunSummary;
  readonly periodsPerYear: number;
  readonly reviewEvery: number;
}

const list = (items: string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
const when = (period: number, periodsPerYear: number): string => `period ${period} (year ${num(period / periodsPerYear, 1)})`;

export function runFindings(input: RunFindingsInput): string[] {
  return [...eventFindings(input), shareFinding(input), profitFinding(input), ...programFindings(input), loyaltyFinding(input), marketFinding(input), churnFinding(input)].filter(
    (s): s is string => !!s,
  );
}

/** Share before an event (one review period) against the last quarter, for the first three events. */
function eventFindings({ result: r, summary, periodsPerYear, reviewEvery }: RunFindingsInput): string[] {
  const out: string[] = [];
  const seen = new Set<number>();
  for (const e of r.events) {
    const j = r.firmNames.indexOf(e.firm);
    if (j < 0 || e.period <= 0 || e.period >= summary.window.from || seen.has(e.period) || out.length >= 3) continue;
    seen.add(e.period);
    const before = (k: number) => windowMean(r, 'share', k, e.period - reviewEvery, e.period);
    const after = (k: number) => windowMean(r, 'share', k, summary.window.from, summary.window.to);
    const rivals = r.firmNames.map((name, k) => ({ name, k })).filter(({ k }) => k !== j);
    const rivalText = rivals.length ? ` Rivals: ${list(rivals.map(({ name, k }) => `${name} ${sharePoints(after(k) - before(k))}`))}.` : '';
    out.push(
      `${eventText(e)} in ${when(e.period, periodsPerYear)}: its share moves from ${pct(before(j))} in the ${reviewEvery} periods before to ${pct(after(j))} in the last quarter (${sharePoints(after(j) - before(j))}).${rivalText}`,
    );
  }
  return out;
}

function shareFinding({ summary }: RunFindingsInput): string {
  const firms = [...summary.firms].sort((a, b) => Number(b.share) - Number(a.share));
  const [leader, ...rest] = firms;
  const others = rest.length ? `; ${list(rest.map((f) => `${f.name} ${pct(Number(f.share))}`))}` : '';
  return `In the last quarter ${leader.name} has the largest share of purchases, ${pct(Number(leader.share))}${others}.`;
}

function profitFinding({ summary }: RunFindingsInput): string {
  const firms = [...summary.firms].sort((a, b) => b.totalProfit - a.totalProfit);
  const parts = firms.map((f) => `${f.name} ${num(f.totalProfit)} (margin ${pct(Number(f.margin))} in the last quarter)`);
  return `Profit over the whole run: ${list(parts)}.`;
}

function programFindings({ summary }: RunFindingsInput): string[] {
  return summary.firms
    .filter((f) => Number(f.programCost) > 0 && Number(f.revenue) > 0)
    .map((f) => {
      const revenue = Number(f.revenue);
      return `${f.name}'s program costs ${pct(Number(f.programCost) / revenue)} of its revenue in the last quarter (rewards ${pct(Number(f.rewardsCost) / revenue)}); it has ${num(Number(f.members))} members and a points liability of ${num(Number(f.pointsLiability))}.`;
    });
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

