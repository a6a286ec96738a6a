/**
 * decide <scenario> --firm F: one firm's options against doing nothing. "Doing nothing" is
 * the scenario as written; an option is a set of changes in the form --set takes
 * (`firms.Delta.price=-5%`). Every alternative runs on the same seeds (common random
 * numbers), so each difference is paired, and rivals keep the policies the scenario gives
 * them, so adaptive rivals answer each option.
 *
 * The best option is the alternative with the highest profit whose difference to every
 * other alternative (doing nothing included) is resolved: the comparisons are every pair of
 * alternatives, fixed before any result is seen, each on a Bonferroni-simultaneous interval
 * (95% for the family), as the game's verdict. An unresolved difference is never read as
 * equal: the findings name it, and --precision adds seeds until it resolves or --max-seeds
 * is spent. A plan like compare's (doing nothing is the reference), so workers, resume,
 * --shard and merge work as for every plan kind.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic.js';
import { toCsv } from '../../io/csv.js';
import { stableJson } from '../../io/json.js';
import type { RunSummary } from '../../model/summary.js';
import { InputError, describeValue } from '../../errors.js';
import { loadScenario, type LoadOptions } from '../../scenario/load.js';
import type { Firm, Scenario } from '../../model/schema.js';
import { pairedDifference } from '../../stats/index.js';
import { experimentContent, summarySection } from '../../report/experiment-report.js';
import { findingsLines, type Findings } from '../../report/findings.js';
import { ciBounds, differenceWithInterval, num, signed, unitFormatter, withCi } from '../../report/format.js';
import { htmlTable } from '../../report/html.js';
import { chart } from '../../report/specs/common.js';
import { firmColour, type NamedSpec, type VlSpec } from '../../report/theme.js';
import type { ReportContent } from '../../report/write-report.js';
import type { ReportAnswer } from '../../report/answers.js';
import { nonNegativeIntOption, parseSeeds, positiveIntOption, seedOptions, SHARD_OPTION, WORKERS_OPTION } from '../engine/args.js';
import { DEFAULT_METRICS, metricSetText, parseMetricSet, type MetricSet } from '../engine/metric-set.js';
import { buildPlan, firstLine, makePoint, safeName, variantFolder, type Plan } from '../engine/plan.js';
import { checkPlanRun, executeAndFinish, planDir, type PlanRun } from '../engine/plan-run.js';
import { reportInputOf } from '../engine/summary.js';
import { prepareToFinish, writeTables } from '../engine/tables.js';
import { GAME_ALPHA, seedsNeeded, testComparison } from './game/verdict.js';
import { SCENARIO_POSITIONAL, type ExperimentKind, type KindOutcome } from './kind.js';

const DEFAULT_SEEDS = 8;
const DEFAULT_MAX_SEEDS = 64;
const NOTHING = 'do nothing';

/** What an option changes: a name and settings as --set takes them. */
export interface DecideOption {
  readonly name: string;
  readonly settings: readonly string[];
}

/** What experiment.json records of a decision (Plan.spec): enough to finish it from its runs. */
interface DecideSpec {
  readonly firm: string;
  /** the options in the plan's point order (point k + 1 is option k; point 0 is doing nothing) */
  readonly options: readonly DecideOption[];
  /** why an option is what it is (a default replaced by its opposite) */
  readonly notes: readonly string[];
  /** options that change nothing for the firm, and why */
  readonly leftOut: readonly { readonly name: string; readonly reason: string }[];
  /** --precision: add seeds until the best option separates, up to maxSeeds */
  readonly sequential: { readonly maxSeeds: number } | null;
}

const specOf = (plan: Plan): DecideSpec => plan.spec as unknown as DecideSpec;

// ---------------------------------------------------------------------------------------
// The options

const optionError = (message: string, path = ''): InputError => new InputError({ source: 'option --option', path, message });

/** `NAME=path=value[,path=value]`: the settings split where a comma starts the next path=. */
export function parseOption(text: string): DecideOption {
  const eq = text.indexOf('=');
  const name = eq > 0 ? text.slice(0, eq).trim() : '';
  if (!name) throw optionError(`expected NAME=path=value[,path=value], e.g. "cut price=firms.Delta.price=-5%", got ${describeValue(text)}`);
  if (name === NOTHING) throw optionError(`"${NOTHING}" is the scenario as written; name the option otherwise`);
  const settings = text.slice(eq + 1).split(/,(?=\s*[A-Za-z0-9_][\w.-]*\s*=)/).map((s) => s.trim());
  for (const s of settings) {
    if (s.indexOf('=') <= 0) throw optionError(`expected path=value after "${name}=", e.g. firms.Delta.price=-5%, got ${describeValue(s)}`, name);
  }
  return { name, settings };
}

/** Whether the firm runs a program in the scenario as written: from the start, or by a scheduled launch (the events doing it). */
function programOf(s: Scenario, firm: Firm): { runs: boolean; launches: number[] } {
  const launches = s.events.flatMap((e, k) => (e.firm === firm.name && (e.set as { program?: { enabled?: unknown } }).program?.enabled === true ? [k] : []));
  return { runs: firm.program?.enabled === true || launches.length > 0, launches };
}

/** A number as a setting: 12 significant digits, so 0.65 + 0.05 is 0.7. */
const setting = (x: number): string => String(Number(x.toPrecision(12)));

/**
 * The default options: a program (launched, or dropped where the firm already runs one:
 * launching it again would change nothing, and whether to keep it is the same decision seen
 * from the other side), price −5%, quality +0.05, complaint recovery +20 points (the last
 * two capped at 1, and left out where already there).
 */
function defaultOptions(s: Scenario, firm: Firm): { options: DecideOption[]; notes: string[]; leftOut: { name: string; reason: string }[] } {
  const f = `firms.${firm.name}`;
  const options: DecideOption[] = [];
  const notes: string[] = [];
  const leftOut: { name: string; reason: string }[] = [];
  const program = programOf(s, firm);
  if (program.runs) {
    const when = program.launches.length ? `launches one in period ${s.events[program.launches[0]].period}` : 'runs one from the start';
    options.push({ name: 'drop the program', settings: [`${f}.program.enabled=false`, ...program.launches.map((k) => `events.${k}.set.program.enabled=false`)] });
    notes.push(`${firm.name} already ${when} in ${s.name}, so launching a program would change nothing: the option is to drop it (never run it), and its difference is what the program earns with the sign turned.`);
  } else {
    options.push({ name: 'launch a program', settings: [`${f}.program.enabled=true`] });
    if (!firm.program) notes.push(`${firm.name} has no program in ${s.name}: "launch a program" runs the default program (docs/model.md) from the start.`);
  }
  options.push({ name: 'cut price 5%', settings: [`${f}.price=-5%`] });
  const raise = (label: string, path: string, now: number, step: number, words: string) => {
    if (now >= 1) leftOut.push({ name: `${label}`, reason: `${firm.name}'s ${words} is already at its maximum (${now})` });
    else options.push({ name: now + step > 1 ? `${label.split(' +')[0]} to the maximum` : label, settings: [`${f}.${path}=${setting(Math.min(1, now + step))}`] });
  };
  raise('quality +0.05', 'quality', firm.quality, 0.05, 'quality');
  if (firm.quality < 1) {
    const q = Math.min(1, firm.quality + 0.05);
    notes.push(`Quality costs ${firm.name} qualityCostRate·q² per unit sold in the model (rate ${firm.qualityCostRate}): quality ${firm.quality} → ${setting(q)} adds ${num(firm.qualityCostRate * (q * q - firm.quality * firm.quality), 3)} a unit; weigh the option against what that step of quality costs in fact.`);
  }
  raise('complaint recovery +20 points', 'recoveryRate', firm.recoveryRate, 0.2, 'complaint recovery rate');
  return { options, notes, leftOut };
}

export interface DecidePlanOptions {
  readonly firm: string;
  /** --option texts; none: the defaults */
  readonly options: readonly string[];
  readonly load: LoadOptions;
  readonly seedBase: number;
  readonly replicates: number;
  readonly metrics: MetricSet;
  readonly sequential: { readonly maxSeeds: number } | null;
}

/** Point ids hash the settings, so reordering --option keeps keys (and caches). */
const pointId = (settings: readonly string[]): string => `o${createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 12)}`;

export function decidePlan(ref: string, o: DecidePlanOptions): Plan {
  const { scenario: base } = loadScenario(ref, o.load);
  const firm = base.firms.find((f) => f.name === o.firm);
  if (!firm) throw new InputError({ source: 'option --firm', path: '', message: `expected a firm of ${base.name} (${base.firms.map((f) => f.name).join(', ')}), got ${describeValue(o.firm)}` });
  const given = o.options.map(parseOption);
  const names = given.map((g) => g.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw optionError(`expected each option name once, got "${twice}" twice`);
  const { options: candidates, notes, leftOut } = given.length ? { options: given, notes: [], leftOut: [] } : defaultOptions(base, firm);
  const unchanged = JSON.stringify(base);
  const points = [makePoint('nothing', NOTHING, base, {})];
  const options: DecideOption[] = [];
  for (const option of candidates) {
    let scenario: Scenario;
    try {
      scenario = loadScenario(ref, { ...o.load, set: [...(o.load.set ?? []), ...option.settings] }).scenario;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      throw new InputError(e.problems.map((p) => (p.source === 'option --set' ? { ...p, source: `option --option "${option.name}"` } : p)));
    }
    if (JSON.stringify(scenario) === unchanged) {
      leftOut.push({ name: option.name, reason: `it changes nothing in ${base.name} (${option.settings.join(', ')})` });
      continue;
    }
    const id = pointId(option.settings);
    const same = points.find((p) => p.id === id);
    if (same) throw optionError(`"${option.name}" has the same settings as "${same.label}"`, option.name);
    points.push(makePoint(id, option.name, scenario, {}));
    options.push(option);
  }
  if (!options.length) throw optionError(`no option changes anything for ${firm.name} in ${base.name}: ${leftOut.map((l) => `${l.name}: ${l.reason}`).join('; ')}`);
  const spec: DecideSpec = { firm: firm.name, options, notes, leftOut, sequential: o.sequential };
  return buildPlan(o, {
    kind: 'decide',
    name: safeName(base.name),
    folder: variantFolder('decide', firm.name),
    title: `${base.name}: ${firm.name}'s options against doing nothing`,
    description: `Which option pays ${firm.name} most, against doing nothing? ${firstLine(base.description ?? '')}`.trim(),
    reference: 0,
    points,
    spec: spec as unknown as Record<string, unknown>,
  });
}

// ---------------------------------------------------------------------------------------
// The decision

/** The figures each option changes: the firm's profit, share and churn, and its rivals' profit together. */
const METRICS = ['profit', 'share', 'churn', 'rivalsProfit'] as const;
type DecideMetric = (typeof METRICS)[number];
const METRIC_LABELS: Record<DecideMetric, string> = { profit: 'profit', share: 'share', churn: 'churn', rivalsProfit: "rivals' profit" };
/** Fractions, whose differences are in points. */
const IN_POINTS = new Set<DecideMetric>(['share', 'churn']);

/** One figure per seed of one alternative. */
function valuesOf(runs: readonly RunSummary[], firm: string, metric: DecideMetric): number[] {
  return runs.map((s) => {
    if (metric === 'rivalsProfit') return s.firms.filter((f) => f.name !== firm).reduce((total, f) => total + Number(f.profit), 0);
    const f = s.firms.find((x) => x.name === firm);
    return f ? Number(f[metric]) : NaN;
  });
}

/** An option − doing nothing, paired over seeds. */
interface Cell {
  readonly meanDiff: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  /** share of seeds where the option's value is higher */
  readonly pHigher: number;
  readonly n: number;
}

const cellOf = (a: readonly number[], b: readonly number[]): Cell => {
  const d = pairedDifference(a, b);
  return { meanDiff: d.meanDiff, ciLow: d.ciLow, ciHigh: d.ciHigh, pHigher: d.pBetter, n: d.n };
};

interface Separation {
  readonly against: string;
  readonly meanDiff: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly resolved: boolean;
}

interface Decision {
  /** the option resolvedly above every other alternative, or null */
  readonly best: string | null;
  /** doing nothing is resolvedly above every option */
  readonly doNothing: boolean;
  /** the alternative with the highest mean profit ("do nothing" or an option) */
  readonly leading: string;
  /** the leader − each other alternative, on the simultaneous intervals */
  readonly separation: readonly Separation[];
  /** the leader's comparisons the seeds do not resolve */
  readonly unresolved: readonly { readonly comparison: string; readonly seedsNeeded: number | null }[];
  /** every pair of alternatives: the Bonferroni divisor */
  readonly comparisons: number;
  /** the two-sided level of each simultaneous interval */
  readonly level: number;
}

/** The decision from each alternative's profit per seed (alternative 0: doing nothing). */
export function decisionOf(names: readonly string[], profit: readonly (readonly number[])[]): Decision {
  const m = (names.length * (names.length - 1)) / 2;
  const means = profit.map((p, i) => (i === 0 ? 0 : pairedDifference(p, profit[0]).meanDiff));
  const leader = means.reduce((best, x, i) => (x > means[best] ? i : best), 0);
  const tested = names.map((name, j) => (j === leader ? null : testComparison({ label: `${names[leader]} against ${name}`, a: profit[leader], b: profit[j] }, m)));
  const separation = tested.flatMap((t, j) => (t ? [{ against: names[j], meanDiff: t.meanDiff, ciLow: t.ciLow, ciHigh: t.ciHigh, resolved: t.outcome > 0 }] : []));
  const unresolved = tested.flatMap((t) => (t && t.outcome <= 0 ? [{ comparison: t.label, seedsNeeded: seedsNeeded(t, m) }] : []));
  const resolved = unresolved.length === 0;
  return {
    best: resolved && leader > 0 ? names[leader] : null,
    doNothing: resolved && leader === 0,
    leading: names[leader],
    separation,
    unresolved,
    comparisons: m,
    level: 1 - GAME_ALPHA / Math.max(1, m),
  };
}

const decisionOfRuns = (plan: Plan, runs: readonly (readonly RunSummary[])[]): Decision =>
  decisionOf(plan.points.map((p) => p.label), runs.map((r) => valuesOf(r, specOf(plan).firm, 'profit')));

/**
 * Sequential seeds (--precision): null once the decision is resolved; otherwise the seeds
 * to run next, aimed at the largest estimate an unresolved comparison needs, at least a
 * batch more (a quarter of the seeds so far, at least 2), at most double, within the budget.
 */
export function nextDecideSeeds(plan: Plan, runs: RunSummary[][]): number | null {
  const { sequential } = specOf(plan);
  if (!sequential) return null;
  const d = decisionOfRuns(plan, runs);
  if (d.unresolved.length === 0) return null;
  const current = plan.replicates;
  const needed = Math.max(0, ...d.unresolved.map((u) => u.seedsNeeded ?? 2 * current));
  return Math.min(sequential.maxSeeds, Math.min(2 * current, Math.max(current + Math.max(2, Math.ceil(current / 4)), needed)));
}

// ---------------------------------------------------------------------------------------
// The result: options.csv, summary.json, findings, report

interface OptionResult extends DecideOption, Record<DecideMetric, Cell> {}

export interface DecideSummary extends Decision {
  readonly kind: 'decide';
  readonly name: string;
  readonly title: string;
  readonly scenario: string;
  readonly firm: string;
  /** the period the profit figures are per ("week" with 52 periods a year) */
  readonly per: string;
  readonly options: readonly OptionResult[];
  readonly notes: readonly string[];
  readonly leftOut: DecideSpec['leftOut'];
  /** the rivals and how they behave (the policies the scenario gives them) */
  readonly rivals: string;
  readonly seedBase: number;
  readonly seeds: readonly number[];
  readonly periods: number;
  readonly customers: number;
  readonly window: { from: number; to: number } | null;
  readonly sequential: { readonly maxSeeds: number; readonly resolved: boolean } | null;
  readonly findings: Findings;
}

const POLICY_WORDS: Record<string, string> = {
  markup: 'sets its price by markup on the elasticity it measures',
  adaptive: 'moves its price by hill climbing on profit',
  expression: 'sets its price by a formula',
  imitate: 'copies the program of a rival that earns more',
};

/** How the rivals behave: their adaptive policies and scheduled events, or that they hold still. */
function rivalsText(s: Scenario, firm: string): string {
  const rivals = s.firms.filter((f) => f.name !== firm);
  const moving = rivals.flatMap((f) => {
    const ways = [
      f.strategy.price.policy !== 'fixed' ? POLICY_WORDS[f.strategy.price.policy] : '',
      f.strategy.program.policy !== 'fixed' ? POLICY_WORDS[f.strategy.program.policy] : '',
      f.strategy.quality.policy !== 'fixed' ? 'sets its quality by a formula' : '',
    ].filter(Boolean);
    return ways.length ? [`${f.name} ${ways.join(' and ')}`] : [];
  });
  // "Aurora, Boreal and Cirrus launch programs in period 52": the rivals' events, grouped by what and when
  const groups = new Map<string, string[]>();
  for (const e of s.events.filter((x) => x.firm !== firm)) {
    const key = `${(e.set as { program?: { enabled?: unknown } }).program?.enabled === true ? 'launch' : 'change'}|${e.period}`;
    groups.set(key, [...(groups.get(key) ?? []), e.firm].filter((f, i, all) => all.indexOf(f) === i));
  }
  const scheduled = [...groups].map(([key, firms]) => {
    const [what, period] = key.split('|');
    const one = firms.length === 1;
    return `${listed(firms)} ${what === 'launch' ? (one ? 'launches a program' : 'launch programs') : (one ? 'changes its settings' : 'change their settings')} in period ${period}`;
  });
  const events = scheduled.length ? ` (their scheduled events run as written: ${scheduled.join('; ')})` : '';
  if (moving.length) return `Rivals keep the policies the scenario gives them, so the adaptive ones answer each option: ${moving.join('; ')}${events}.`;
  return `Rivals keep the policies the scenario gives them: ${listed(rivals.map((f) => f.name))} ${rivals.length === 1 ? 'holds its' : 'hold their'} prices, quality and programs as set${events}, so none answers an option (an answering rival would change these figures).`;
}

/** "Aurora, Boreal and Cirrus" */
const listed = (names: readonly string[]): string => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0] ?? '');

const perOf = (s: Scenario): string => (s.periodsPerYear === 52 ? 'week' : 'period');

/** "+168 a week (95% CI 159–177)" */
function profitText(c: Cell, per: string): string {
  const f = unitFormatter(undefined, Math.max(Math.abs(c.meanDiff), Math.abs(c.ciLow), Math.abs(c.ciHigh)));
  return withCi(`${signed(c.meanDiff, f)} a ${per}`, c.ciLow, c.ciHigh, f);
}

/** "+153, 136–171" */
function shortText(c: Cell): string {
  const f = unitFormatter(undefined, Math.max(Math.abs(c.meanDiff), Math.abs(c.ciLow), Math.abs(c.ciHigh)));
  return `${signed(c.meanDiff, f)}, ${ciBounds(c.ciLow, c.ciHigh, f)}`;
}

/** A figure's difference with its interval: money as it is, fractions in points. */
const cellText = (metric: DecideMetric, c: Cell): string => (IN_POINTS.has(metric)
  ? `${differenceWithInterval(100 * c.meanDiff, 100 * c.ciLow, 100 * c.ciHigh)} points`
  : differenceWithInterval(c.meanDiff, c.ciLow, c.ciHigh));

const pctLevel = (level: number): string => `${Number((100 * level).toPrecision(4))}%`;

/** The answer in one sentence: the best option, doing nothing, or what the seeds cannot separate. */
function answerSentence(s: Omit<DecideSummary, 'findings'>): string {
  const byName = new Map(s.options.map((o) => [o.name, o]));
  const nothing: Cell = { meanDiff: 0, ciLow: 0, ciHigh: 0, pHigher: 0, n: 0 };
  const cell = (name: string) => byName.get(name)?.profit ?? nothing;
  const ranked = [...s.options].sort((a, b) => b.profit.meanDiff - a.profit.meanDiff);
  const runnerUp = ranked.find((o) => o.name !== s.leading);
  const named = (name: string, text: string) => (name === NOTHING ? 'doing nothing' : `"${name}" (${text})`);
  const seeds = `${s.seeds.length} seeds`;
  const leads = s.separation.map((x) => `over ${x.against === NOTHING ? 'doing nothing' : `"${x.against}"`} ${differenceWithInterval(x.meanDiff, x.ciLow, x.ciHigh)}`).join(', ');
  if (s.best !== null) {
    const next = runnerUp && runnerUp.name !== s.best ? `ahead of ${named(runnerUp.name, shortText(runnerUp.profit))}` : 'ahead of doing nothing';
    return `Best for ${s.firm}: "${s.best}": ${profitText(cell(s.best), s.per)} against doing nothing, ${next}; the ${seeds} separate it from every other alternative (its lead ${leads}; ${pctLevel(s.level)} simultaneous intervals).`;
  }
  if (s.doNothing) {
    return `Doing nothing is best for ${s.firm}: every option lowers its profit, resolvedly on ${seeds} (the least harm: "${ranked[0].name}", ${profitText(ranked[0].profit, s.per)}).`;
  }
  const needed = Math.max(0, ...s.unresolved.map((u) => u.seedsNeeded ?? 0));
  const estimate = needed > 0 ? ` (about ${num(needed)} seeds would separate them)` : ' (the difference is near zero: no estimate of the seeds it would take)';
  const more = s.sequential ? `--precision stopped at --max-seeds ${s.sequential.maxSeeds}${estimate}` : `with --precision, seeds are added until they can${estimate}`;
  const openNames = s.unresolved.map((u) => u.comparison.replace(`${s.leading} against `, '')).map((name) => named(name, shortText(cell(name))));
  const open = openNames.length > 1 ? [`${openNames.slice(0, -1).join(', ')} and ${openNames[openNames.length - 1]}`] : openNames;
  const unresolvedMeans = `unresolved: the ${pctLevel(s.level)} simultaneous interval of the difference includes zero`;
  if (s.leading === NOTHING) {
    return `No option is shown to raise ${s.firm}'s profit: every option's mean is below doing nothing, but ${open.join(', ')} cannot be told from it on ${seeds} (${unresolvedMeans}); ${more}.`;
  }
  return `Best for ${s.firm} so far: "${s.leading}": ${profitText(cell(s.leading), s.per)} against doing nothing, ahead of ${open.join(', ')} — the ${seeds} cannot separate them (${unresolvedMeans}); ${more}.`;
}

function findingsOf(s: Omit<DecideSummary, 'findings'>): Findings {
  const options = s.options.map((o) => `"${o.name}" (${o.settings.join(', ')}): ${METRICS.map((m) => `${METRIC_LABELS[m]} ${cellText(m, o[m])}`).join(', ')}.`);
  const leftOut = s.leftOut.map((l) => `Left out: "${l.name}": ${l.reason}.`);
  const sentences = [answerSentence(s), s.rivals, ...s.notes, ...options, ...leftOut];
  return {
    basis: `each option − doing nothing for ${s.firm}, paired over ${s.seeds.length} seeds: last-quarter means per ${s.per}, 95% intervals; the best option on ${pctLevel(s.level)} simultaneous intervals over all ${s.comparisons} pairs of alternatives`,
    sentences,
    highlights: sentences.slice(0, 2),
  };
}

/** The decision for the front page: the verdict, each option's profit against doing nothing, what the leader does to the rivals. */
function answerOf(s: DecideSummary): ReportAnswer {
  const leader = s.options.find((o) => o.name === s.leading);
  const apart = s.unresolved.map((u) => u.comparison.replace(`${s.leading} against `, '')).map((n) => (n === NOTHING ? 'doing nothing' : n));
  const meaning = s.best !== null
    ? `${s.best} raises ${s.firm}'s profit most, resolvedly ahead of every other option and of doing nothing`
    : s.doNothing ? `every option lowers ${s.firm}'s profit: doing nothing is best`
      : `${s.leading === NOTHING ? 'doing nothing' : s.leading} leads, but the seeds cannot separate it from ${apart.join(', ')} (unresolved: the interval of the difference includes zero)`;
  return {
    verdict: s.best !== null ? `best: ${s.best}` : s.doNothing ? 'do nothing' : 'unresolved',
    meaning,
    measure: `${s.firm}'s profit per ${s.per}, each option − doing nothing, 95% intervals over ${s.seeds.length} seeds`,
    figures: s.options.map((o) => ({ name: o.name, value: differenceWithInterval(o.profit.meanDiff, o.profit.ciLow, o.profit.ciHigh), outcome: o.name === s.best ? 'best' : o.name === s.leading ? 'leads, unresolved' : '' })),
    who: leader ? `Under ${leader.name} the rivals' profit changes by ${differenceWithInterval(leader.rivalsProfit.meanDiff, leader.rivalsProfit.ciLow, leader.rivalsProfit.ciHigh)} a ${s.per} together. ${s.rivals}` : s.rivals,
  };
}

function optionsCsv(s: Omit<DecideSummary, 'findings'>): string {
  const rows = s.options.flatMap((o) => METRICS.map((m) => [o.name, o.settings.join('; '), m, o[m].meanDiff, o[m].ciLow, o[m].ciHigh, o[m].pHigher, o[m].n]));
  return toCsv(['option', 'settings', 'metric', 'meanDiff', 'ciLow', 'ciHigh', 'pHigher', 'seeds'], rows);
}

/** Each option − doing nothing, one panel per figure, with 95% intervals; zero marks doing nothing. */
function optionsChart(s: DecideSummary): VlSpec {
  const rows = s.options.flatMap((o) => METRICS.map((m) => {
    const k = IN_POINTS.has(m) ? 100 : 1;
    const whose = m === 'rivalsProfit' ? `${METRIC_LABELS[m]} (together)` : `${s.firm} ${METRIC_LABELS[m]}`;
    return { option: o.name, figure: `${whose}${IN_POINTS.has(m) ? ' (points)' : ` per ${s.per}`}`, mean: k * o[m].meanDiff, low: k * o[m].ciLow, high: k * o[m].ciHigh };
  }));
  const y = { field: 'option', type: 'nominal', sort: s.options.map((o) => o.name), title: null, axis: { labelLimit: 300 } };
  const colour = firmColour(0);
  return chart(`${s.firm}'s options against doing nothing`, `each option − doing nothing on the same ${s.seeds.length} seeds: last-quarter means with 95% intervals; the dashed line is doing nothing. Rivals keep their policies.`, {
    data: { values: rows },
    facet: { row: { field: 'figure', type: 'nominal', title: null, sort: [...new Set(rows.map((r) => r.figure))], header: { labelAngle: 0, labelAlign: 'left' } } },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 520,
      height: { step: 24 },
      layer: [
        { mark: { type: 'rule', color: '#444', strokeDash: [3, 3] }, encoding: { x: { datum: 0, type: 'quantitative' } } },
        { mark: { type: 'rule', strokeWidth: 2, color: colour }, encoding: { y, x: { field: 'low', type: 'quantitative', title: null, axis: { format: ',.4~g' } }, x2: { field: 'high' } } },
        { mark: { type: 'point', filled: true, size: 60, color: colour }, encoding: { y, x: { field: 'mean', type: 'quantitative' }, tooltip: [{ field: 'option' }, { field: 'figure' }, { field: 'mean', type: 'quantitative', format: ',.4~g' }, { field: 'low', type: 'quantitative', title: '95% low', format: ',.4~g' }, { field: 'high', type: 'quantitative', title: '95% high', format: ',.4~g' }] } },
      ],
    },
  });
}

function decideSections(s: DecideSummary) {
  const mark = (name: string) => (name === s.best ? '★ ' : '');
  return [
    {
      title: `Options against doing nothing (${s.firm}, last quarter, paired over ${s.seeds.length} seeds)`,
      html: htmlTable(['option', 'settings', ...METRICS.map((m) => `${METRIC_LABELS[m]}${IN_POINTS.has(m) ? ' (points)' : ''} (95% CI)`), 'seeds with higher profit'],
        s.options.map((o) => [`${mark(o.name)}${o.name}`, o.settings.join(', '), ...METRICS.map((m) => cellText(m, o[m])), `${Math.round(o.profit.pHigher * o.profit.n)} of ${o.profit.n}`]), [0, 1]),
    },
    {
      title: `How far ${s.leading} leads (${pctLevel(s.level)} simultaneous intervals, ${s.comparisons} comparisons)`,
      html: htmlTable(['against', 'profit difference', 'resolved'], s.separation.map((x) => [x.against, differenceWithInterval(x.meanDiff, x.ciLow, x.ciHigh), x.resolved ? 'yes' : 'no: the interval includes zero']), [0, 2]),
    },
  ];
}

/** The figures on the terminal, one row per option, after the answer. */
function tableLines(s: DecideSummary): string[] {
  const header = ['option', ...METRICS.map((m) => (IN_POINTS.has(m) ? `${METRIC_LABELS[m]} (points)` : `${METRIC_LABELS[m]} a ${s.per}`))];
  const rows = s.options.map((o) => [`${o.name === s.best ? '* ' : '  '}${o.name}`, ...METRICS.map((m) => (IN_POINTS.has(m)
    ? differenceWithInterval(100 * o[m].meanDiff, 100 * o[m].ciLow, 100 * o[m].ciHigh)
    : differenceWithInterval(o[m].meanDiff, o[m].ciLow, o[m].ciHigh)))]);
  const widths = header.map((h, i) => Math.max(h.length + (i === 0 ? 2 : 0), ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i])).join('   ').trimEnd()}`;
  const window = s.window ? `periods ${s.window.from}–${s.window.to - 1}` : 'last quarter';
  return [
    `${s.firm}'s options − doing nothing in ${s.scenario}, paired over ${s.seeds.length} seeds, ${window}: mean difference (95% CI)${s.best ? '; * the best option' : ''}`,
    line([`  ${header[0]}`, ...header.slice(1)]),
    ...rows.map(line),
  ];
}

async function finish(dir: string, plan: Plan, manifest: Record<string, unknown>): Promise<KindOutcome> {
  prepareToFinish(dir, plan);
  const tables = writeTables(dir, plan, { runRows: true });
  const spec = specOf(plan);
  const runs = tables.agg.summaries;
  const base = plan.points[0].scenario;
  const decision = decisionOfRuns(plan, runs);
  const options = spec.options.map((o, k) => ({
    ...o,
    ...Object.fromEntries(METRICS.map((m) => [m, cellOf(valuesOf(runs[k + 1], spec.firm, m), valuesOf(runs[0], spec.firm, m))])),
  }) as OptionResult);
  const first = runs[0]?.[0];
  const body: Omit<DecideSummary, 'findings'> = {
    kind: 'decide',
    name: plan.name,
    title: plan.title,
    scenario: plan.points[0].scenarioName,
    firm: spec.firm,
    per: perOf(base),
    ...decision,
    options,
    notes: spec.notes,
    leftOut: spec.leftOut,
    rivals: rivalsText(base, spec.firm),
    seedBase: plan.seedBase,
    seeds: runs[0].map((r) => r.seed),
    periods: plan.points[0].periods,
    customers: plan.points[0].customers,
    window: first ? first.window : null,
    sequential: spec.sequential ? { maxSeeds: spec.sequential.maxSeeds, resolved: decision.unresolved.length === 0 } : null,
  };
  const findings = findingsOf(body);
  const summary: DecideSummary = { ...body, findings };
  writeFileAtomic(join(dir, 'summary.json'), stableJson(summary));
  writeFileAtomic(join(dir, 'options.csv'), optionsCsv(summary));
  const input = reportInputOf(plan, tables);
  const verdict = summary.best !== null ? `best: ${summary.best}` : summary.doNothing ? 'do nothing' : 'unresolved';
  const report: ReportContent = {
    ...experimentContent(input, findings, [{ name: 'options', spec: optionsChart(summary) } as NamedSpec], [...decideSections(summary), ...summarySection(input)], verdict),
    answer: answerOf(summary),
  };
  return {
    dir,
    complete: true,
    report,
    lines: [`wrote ${dir}`, ...tableLines(summary), ...findingsLines(findings)],
    json: summary,
    manifest: { experiment: plan.kind, runs: plan.jobs.length, ...manifest },
  };
}

export const kind: ExperimentKind<{ dir: string; run: PlanRun }> = {
  positionals: { scenario: SCENARIO_POSITIONAL },
  options: {
    firm: { type: 'string', demandOption: true, describe: 'the firm deciding (its name in the scenario)' },
    option: { type: 'string', array: true, describe: 'an option: NAME=path=value[,path=value] with paths and values as --set takes them, e.g. "cut price=firms.Delta.price=-5%" (repeatable; default: launch a program (or drop the one it runs), price −5%, quality +0.05, complaint recovery +20 points)' },
    ...seedOptions(DEFAULT_SEEDS, 'replicates per option (same seeds for every option and for doing nothing); with --precision, the first batch'),
    ...WORKERS_OPTION,
    ...SHARD_OPTION,
    metrics: { type: 'string', describe: `per-period metrics to aggregate (default: ${metricSetText(DEFAULT_METRICS)})` },
    precision: { type: 'boolean', default: false, describe: 'add seeds in batches (same seeds for every option) until the best option separates from every other and from doing nothing, up to --max-seeds' },
    'max-seeds': { type: 'number', default: DEFAULT_MAX_SEEDS, describe: 'most seeds --precision may use' },
  },
  pool: true,
  shardable: true,
  files: ['options.csv', 'differences.csv'],
  setup({ raw, load }, context) {
    const replicates = parseSeeds(raw.seeds, 10_000) ?? DEFAULT_SEEDS;
    const maxSeeds = positiveIntOption('max-seeds', raw.maxSeeds, 10_000) ?? DEFAULT_MAX_SEEDS;
    if (raw.precision && maxSeeds < replicates) throw new InputError({ source: 'option --max-seeds', path: '', message: `expected at least --seeds (${replicates}), got ${maxSeeds}` });
    const plan = decidePlan(String(raw.scenario), {
      firm: String(raw.firm),
      options: ((raw.option as unknown[] | undefined) ?? []).map(String),
      load,
      seedBase: nonNegativeIntOption('seed-base', raw.seedBase) ?? 1,
      replicates,
      metrics: raw.metrics !== undefined ? parseMetricSet(raw.metrics as string) : DEFAULT_METRICS,
      sequential: raw.precision ? { maxSeeds } : null,
    });
    const run: PlanRun = {
      plan, dir: planDir(context.out, plan), precision: [], maxSeeds: raw.precision ? maxSeeds : replicates, unit: 'alternatives',
      ...(raw.precision ? { adapt: nextDecideSeeds } : {}),
    };
    checkPlanRun(run, context);
    return { dir: run.dir, run };
  },
  run: (setup, context) => executeAndFinish(setup.run, context, (dir, plan, _precision, manifest) => finish(dir, plan, manifest)),
  finish: (dir, plan, manifest) => finish(dir, plan, { ...manifest }),
};
