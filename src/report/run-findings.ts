/**
 * The findings of one run: the answer to the scenario's question first (its `lead`: an
 * event, whose, and the figure it turns on), then the events that shaped the run, the
 * paths of prices the firms set at their reviews, shares, profits, what programs cost,
 * satisfaction and churn, the market's prices and why customers switched. One draw:
 * figures compare periods of this one run, never seeds.
 */
import { FIRM_METRIC_NAMES, type FirmMetric } from '../model/metrics.js';
import type { RunResult } from '../model/results.js';
import type { RunSummary } from '../model/summary.js';
import type { Scenario } from '../model/schema.js';
import { eventGroups, firmSeries, listText, windowMean } from './data.js';
import type { Findings } from './findings.js';
import { capitalise, num, pct, sharePoints, sig, signed, unitFormatter } from './format.js';
import { classifyEvents, isRoutine, type ChangeKind, type RunChange, type ScenarioFacts } from './run-events.js';
import { byGroup, causeGroup, groupPhrase, type CauseGroup } from './leaving-words.js';
import { humanize, metricDeclaration } from './theme.js';

export interface RunFindingsInput {
  readonly result: RunResult;
  readonly summary: RunSummary;
  readonly periodsPerYear: number;
  readonly reviewEvery: number;
  /** the scenario the run came from: its lead, and which events it scheduled */
  readonly scenario?: ScenarioFacts;
}

type Lead = NonNullable<Scenario['lead']>;
type LeadEvent = NonNullable<Lead['event']>;

const when = (period: number, periodsPerYear: number): string => `period ${period} (year ${num(period / periodsPerYear, 1)})`;

/** What one run's figures are: a single simulated history, without intervals. */
export const runBasis = (seed: number): string =>
  `one draw, seed ${seed}: one simulated history, no intervals; replicate or compare give 95% intervals over seeds`;

/**
 * A strategy decision as a sentence's subject and verb: "Boreal drops its program, as a
 * more profitable rival has none, and sets its price 8.92 → 8.68" (the review's note lists
 * "price 8.92 → 8.68; drops its program, …"). Scheduled events keep the scenario's note.
 */
function inWords(c: RunChange): RunChange {
  if (c.scheduled || c.note.startsWith(c.firm)) return c;
  const parts = c.note.split('; ').map((part) => (/^(price|quality) /.test(part) ? `sets its ${part}` : part));
  const ordered = [...parts.filter((p) => !p.startsWith('sets ')), ...parts.filter((p) => p.startsWith('sets '))];
  return { ...c, note: `${c.firm} ${ordered.join(', and ')}` };
}

export function runFindings(input: RunFindingsInput): Findings {
  const changes = classifyEvents(input.result.events, input.scenario);
  const lead = leadFinding(input, changes);
  const events = eventFindings(input, changes.filter((c) => !isRoutine(c) && c.period !== lead?.period).map(inWords));
  const program = programFinding(input);
  const market = marketFinding(input);
  const share = shareFinding(input);
  const profit = profitFinding(input);
  const sentences = [lead?.text, ...events, pathFinding(input, changes, 'price'), pathFinding(input, changes, 'quality'), share, profit, program, loyaltyFinding(input), market, churnFinding(input)];
  // the story in three lines: the answer (or the first event), what programs cost, where prices went
  const highlights = [lead?.text ?? events[0], program, market, share, profit].filter((s): s is string => !!s).slice(0, 3);
  return { basis: runBasis(input.result.seed), sentences: sentences.filter((s): s is string => !!s), highlights };
}

// ---------------------------------------------------------------------------------------
// The scenario's question answered: its event and its figure

const NOUN: Record<LeadEvent, [string, string]> = {
  programLaunch: ['program launch', 'program launches'],
  programEnd: ['program ending', 'program endings'],
  priceChange: ['list-price change', 'list-price changes'],
  qualityChange: ['quality change', 'quality changes'],
  scheduled: ['scheduled event', 'scheduled events'],
};
/** What several firms do at once, in the present tense. */
const VERB: Record<Exclude<LeadEvent, 'scheduled'>, string> = {
  programLaunch: 'launch programs',
  programEnd: 'end their programs',
  priceChange: 'change their list prices',
  qualityChange: 'change their quality',
};

const matches = (kind: LeadEvent) => (c: RunChange): boolean => (kind === 'scheduled' ? c.scheduled : c.kinds.includes(kind));
const listOr = (items: readonly string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

/** The first finding: when the question's event happened and how its figure moved, or that it never happened. */
function leadFinding(input: RunFindingsInput, changes: readonly RunChange[]): { text: string; period?: number } | undefined {
  const lead = input.scenario?.lead;
  if (!lead) return undefined;
  const { result: r, periodsPerYear } = input;
  const metric = lead.metric ?? 'share';
  if (!lead.event) return { text: acrossRun(input, metric) };
  const firms = lead.firms ?? r.firmNames;
  const theirs = changes.filter((c) => matches(lead.event!)(c) && firms.includes(c.firm));
  const who = lead.firms ? listOr(lead.firms) : 'any firm';
  if (!theirs.length) {
    const years = r.periods / periodsPerYear;
    const others = changes.filter((c) => matches(lead.event!)(c) && !firms.includes(c.firm)).map((c) => {
      // a launch that did not last is part of the answer: "…, ended in period 68"
      const end = lead.event === 'programLaunch' ? changes.find((e) => e.firm === c.firm && e.period > c.period && e.kinds.includes('programEnd')) : undefined;
      return { text: `${c.firm}'s in ${when(c.period, periodsPerYear)}`, end: end ? `, ended in ${when(end.period, periodsPerYear)}` : '' };
    });
    const rest = others.length === 1
      ? `: ${others[0].text} stayed the only one${others[0].end}`
      : others.length ? `: the only ones were ${others.map((o) => `${o.text}${o.end}`).join('; ')}` : '';
    return { text: `No ${NOUN[lead.event][0]} by ${who} in ${num(r.periods)} periods (${num(years, years < 10 ? 1 : 0)} years)${rest}.` };
  }
  const period = theirs[0].period;
  const first = theirs.filter((c) => c.period === period);
  const actors = [...new Set(first.map((c) => c.firm))];
  // the scenario's own words for its scheduled events, the review's for one firm's decision
  const text = lead.event === 'scheduled' || first.length === 1 || first.every((c) => c.scheduled)
    ? eventGroups(first.map(inWords), r.firmNames)[0].text
    : `${listText(actors)} ${VERB[lead.event]}`;
  const later = theirs.filter((c) => c.period !== period);
  const more = later.length
    ? `, the first of ${theirs.length} ${NOUN[lead.event][1]} by ${who} (then ${later.slice(0, 3).map((c) => `${c.firm} in period ${c.period}`).join(', ')}${later.length > 3 ? ', …' : ''})`
    : '';
  return { text: aroundEvent(input, { period, firms: actors, text }, metric, more), period };
}

/** A metric's mean over periods [from, to): one firm's, or the market's when `firm` is null. */
function meanOver(r: RunResult, metric: string, firm: number | null, from: number, to: number): number {
  if (firm !== null) return windowMean(r, metric as FirmMetric, firm, from, to);
  const series = r.market[metric];
  const a = Math.max(0, from);
  const b = Math.min(r.periods, to);
  if (!series || b <= a) return NaN;
  let s = 0;
  for (let t = a; t < b; t++) s += series[t];
  return s / (b - a);
}

/** A value of a metric in its unit: "31.9%", "10.86", "+0.011" (satisfaction signed). */
function valueText(metric: string, x: number, reference = x): string {
  const unit = metricDeclaration(metric)?.unit;
  return unit === 'disconfirmation' ? satisfactionValue(x) : unitFormatter(unit, Math.abs(reference))(x);
}

/** A change of a metric: "+5.8 points" for fractions, else signed in the metric's unit. */
function changeText(metric: string, a: number, b: number): string {
  const unit = metricDeclaration(metric)?.unit;
  if (unit === 'fraction') return sharePoints(b - a);
  if (unit === 'disconfirmation') return satisfactionValue(b - a);
  return signed(b - a, unitFormatter(unit, Math.max(Math.abs(a), Math.abs(b))));
}

const isFirmMetric = (metric: string): boolean => (FIRM_METRIC_NAMES as readonly string[]).includes(metric);

/**
 * An event and how a metric moved around it: its mean in the review period before against
 * the last quarter. One firm acting: its own move, then its rivals'. Several firms at once
 * (everyone launching a program): each firm's move, credited to no single firm. A market
 * metric: the market's move.
 */
function aroundEvent(input: RunFindingsInput, e: { period: number; firms: readonly string[]; text: string }, metric: string, more = ''): string {
  const { result: r, summary, periodsPerYear, reviewEvery } = input;
  const at = `${capitalise(e.text)} in ${when(e.period, periodsPerYear)}${more}`;
  if (e.period <= 0 || e.period >= summary.window.from) return `${at}; ${e.period <= 0 ? 'from the start of the run' : 'within the last quarter'}, so no before-and-after comparison.`;
  const before = (firm: number | null) => meanOver(r, metric, firm, e.period - reviewEvery, e.period);
  const after = (firm: number | null) => meanOver(r, metric, firm, summary.window.from, summary.window.to);
  const label = metricDeclaration(metric)?.unit === 'currency' ? `${humanize(metric)} per period` : humanize(metric);
  const moves = (a: number, b: number) => `moves from ${valueText(metric, a)} in the ${reviewEvery} periods before to ${valueText(metric, b)} in the last quarter (${changeText(metric, a, b)})`;
  if (!isFirmMetric(metric)) return `${at}: the ${label} ${moves(before(null), after(null))}.`;
  const change = (k: number) => changeText(metric, before(k), after(k));
  const j = r.firmNames.indexOf(e.firms[0]);
  if (e.firms.length === 1 && j >= 0) {
    const rivals = r.firmNames.map((name, k) => ({ name, k })).filter(({ k }) => k !== j);
    const rivalText = rivals.length ? ` Rivals: ${listText(rivals.map(({ name, k }) => `${name} ${change(k)}`))}.` : '';
    return `${at}: its ${label} ${moves(before(j), after(j))}.${rivalText}`;
  }
  return `${at}: ${label} in the last quarter against the ${reviewEvery} periods before: ${listText(r.firmNames.map((name, k) => `${name} ${change(k)}`))}. One event for ${e.firms.length} firms, so no single firm's move explains these changes.`;
}

/** A metric from the first quarter to the last: per firm, or the market's. */
function acrossRun({ result: r, summary }: RunFindingsInput, metric: string): string {
  const n = summary.window.to - summary.window.from;
  const move = (firm: number | null) => {
    const [a, b] = [meanOver(r, metric, firm, 0, n), meanOver(r, metric, firm, summary.window.from, summary.window.to)];
    return `${valueText(metric, a)} → ${valueText(metric, b)} (${changeText(metric, a, b)})`;
  };
  const moves = isFirmMetric(metric) ? listText(r.firmNames.map((name, j) => `${name} ${move(j)}`)) : move(null);
  return `${capitalise(humanize(metric))} from the first quarter to the last: ${moves}.`;
}

// ---------------------------------------------------------------------------------------
// Events and paths

/** The first three events (not the routine price moves), each with the shares around it. */
function eventFindings(input: RunFindingsInput, changes: readonly RunChange[]): string[] {
  return eventGroups(changes, input.result.firmNames)
    .filter((g) => g.period > 0 && g.period < input.summary.window.from && input.result.firmNames.includes(g.firms[0]))
    .slice(0, 3)
    .map((g) => aroundEvent(input, g, 'share'));
}

/** Where the firms' own reviews took a setting: first → last value per firm that changed it, with the count of changes. */
function pathFinding({ result: r }: RunFindingsInput, changes: readonly RunChange[], setting: 'price' | 'quality'): string | undefined {
  const kind: ChangeKind = setting === 'price' ? 'priceChange' : 'qualityChange';
  const counts = new Map<string, number>();
  for (const c of changes) if (!c.scheduled && c.kinds.includes(kind)) counts.set(c.firm, (counts.get(c.firm) ?? 0) + 1);
  if (!counts.size) return undefined;
  const format = setting === 'price' ? (x: number) => num(x, 2) : sig;
  const paths = r.firmNames.filter((f) => counts.has(f)).map((name) => {
    const series = firmSeries(r, setting, r.firmNames.indexOf(name));
    const n = counts.get(name)!;
    return `${name} ${format(series[0])} → ${format(series[series.length - 1])} (${num(n)} ${n === 1 ? 'change' : 'changes'})`;
  });
  return `${setting === 'price' ? 'List prices' : 'Quality'} set at the firms' own reviews, first period → last: ${listText(paths)}.`;
}

// ---------------------------------------------------------------------------------------
// Shares, profits, programs, satisfaction, prices, switching

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

/** Satisfaction as the scale it is on: "+0.011", experience against expectation. */
const satisfactionValue = (x: number): string => signed(x, sig);

/** "+0.011: experience beat expectation", "−0.196: experience fell short of expectation". */
const satisfactionText = (x: number): string =>
  `${satisfactionValue(x)}: experience ${x >= 0 ? 'beat' : 'fell short of'} expectation`;

function loyaltyFinding({ summary }: RunFindingsInput): string | undefined {
  if (summary.firms.length < 2) return undefined;
  const bySatisfaction = [...summary.firms].sort((a, b) => Number(b.satisfaction) - Number(a.satisfaction));
  const byChurn = [...summary.firms].sort((a, b) => Number(a.churn) - Number(b.churn));
  const best = bySatisfaction[0];
  const worst = bySatisfaction[bySatisfaction.length - 1];
  const churnText = byChurn[0].name === best.name
    ? `${best.name} also loses the fewest customers: ${pct(Number(best.churn), 1)} of a quarter's buyers do not come back the next quarter, against ${pct(Number(byChurn[byChurn.length - 1].churn), 1)} for ${byChurn[byChurn.length - 1].name}`
    : `${byChurn[0].name} loses the fewest customers (${pct(Number(byChurn[0].churn), 1)} of a quarter's buyers do not come back the next quarter)`;
  return `${best.name}'s customers are the most satisfied (${satisfactionText(Number(best.satisfaction))}) and ${worst.name}'s the least (${satisfactionText(Number(worst.satisfaction))}), satisfaction being experience minus expectation on the 0–1 quality scale; ${churnText}.`;
}

/** Every firm's list price the same in every period: the mean price paid moves only with the mix of purchases. */
function pricesFixed(r: RunResult): boolean {
  const M = r.firmNames.length;
  for (let i = M; i < r.periods * M; i++) if (r.firm.price[i] !== r.firm.price[i - M]) return false;
  return true;
}

function marketFinding({ result: r, summary }: RunFindingsInput): string {
  const first = (metric: string) => meanOver(r, metric, null, 0, summary.window.to - summary.window.from);
  const moved = (metric: string) => {
    const [a, b] = [first(metric), summary.market[metric]];
    return Math.abs(b - a) > 0.01 * Math.abs(a) ? Math.sign(b - a) : 0;
  };
  const change = (metric: string, digits: number) => {
    const [a, b] = [first(metric), summary.market[metric]];
    const direction = moved(metric);
    return direction === 0 ? `stays near ${num(b, digits)}` : `${direction > 0 ? 'rises from' : 'falls from'} ${num(a, digits)} to ${num(b, digits)}`;
  };
  const mix = moved('meanPrice') !== 0 && pricesFixed(r)
    ? ` (every list price is fixed: a mix shift, as purchases moved toward ${moved('meanPrice') < 0 ? 'cheaper' : 'dearer'} firms)`
    : '';
  const programs = summary.market.programsPerCustomer > 0 ? `; customers hold ${num(summary.market.programsPerCustomer, 2)} programs each at the end` : '';
  return `From the first quarter to the last, the mean price ${change('meanPrice', 2)}${mix} and price salience ${change('priceSalience', 2)}${programs}.`;
}

/**
 * Which customers leave, and why: per firm, the share of a quarter's buyers it loses and
 * the leading reasons its switchers had (over the whole run); then each segment's leading
 * reason. Market-wide only when the run has no counts by firm (a run saved before them).
 */
function churnFinding({ summary }: RunFindingsInput): string | undefined {
  const total = Object.values(summary.churnCauses).reduce((a, b) => a + b, 0);
  if (!(total > 0)) return undefined;
  const byFirm = summary.churnCausesByFirm ?? {};
  const firms = summary.firms.filter((f) => groupShares(byFirm[f.name]).length > 0);
  if (firms.length === 0) return marketChurnCauses(summary.churnCauses, total);
  const firmText = firms.map((f) => {
    const reasons = groupShares(byFirm[f.name]).slice(0, 3).map(({ group, share }) => `${pct(share, 0)} ${groupPhrase(group)}`);
    return `${f.name} loses ${pct(Number(f.churn), 1)} of a quarter's buyers; of its leavers ${listText(reasons)}`;
  });
  const segments = Object.entries(summary.churnCausesBySegment ?? {})
    .map(([segment, counts]) => ({ segment, top: groupShares(counts)[0] }))
    .filter((x) => x.top);
  const segmentText = segments.length > 1
    ? ` By segment, the leading reason: ${segments.map(({ segment, top }) => `${humanize(segment)}: ${pct(top.share, 0)} ${groupPhrase(top.group)}`).join('; ')}.`
    : '';
  return `Which customers leave, and why (switches over the whole run): ${firmText.join('. ')}.${segmentText}`;
}

/** A row's switches by cause as shares of its total by cause group, largest first (none when it has no switches or no counts). */
function groupShares(counts: Readonly<Record<string, number>> | undefined): { group: CauseGroup; share: number }[] {
  if (!counts) return [];
  const groups = byGroup(counts);
  const total = [...groups.values()].reduce((a, b) => a + b, 0);
  if (!(total > 0)) return [];
  return [...groups].map(([group, n]) => ({ group, share: n / total })).filter((g) => g.share > 0).sort((a, b) => b.share - a.share);
}

function marketChurnCauses(causes: Readonly<Record<string, number>>, total: number): string {
  const failures = Object.entries(causes).filter(([cause]) => causeGroup(cause) === 'service failure');
  const failureTotal = failures.reduce((a, [, v]) => a + v, 0);
  const top = [...failures].sort((a, b) => b[1] - a[1])[0];
  const topText = top ? `, most often after ${humanize(top[0])}` : '';
  return `Of ${num(total)} switches, ${pct(failureTotal / total, 0)} followed a service failure${topText}; ${pct((causes.price ?? 0) / total, 0)} went to a cheaper firm without one.`;
}
