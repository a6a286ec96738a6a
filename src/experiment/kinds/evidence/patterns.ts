/**
 * The battery: every published pattern the model is checked against, as declarations
 * (pattern.ts). The calibration moments come from the shipped targets file
 * (calibration/retail.yaml), so a band is stated once; the rest are the checks the
 * literature list (LITERATURE.md) names, each with its source. The κ-sensitive ones are
 * marked: they bound the clutter κ (evidence --clutter).
 */
import { dirname, join } from 'node:path';
import { loadTargets, MARKET } from '../calibrate/targets.js';
import { scenariosDir } from '../../../scenario/files.js';
import type { Scenario } from '../../../model/schema.js';
import type { RunSummary } from '../../../model/summary.js';
import { firmValue, slope, type Pattern, type RunSpec } from './pattern.js';

/** The shipped calibration targets of the reference market. */
export const TARGETS_FILE = join(dirname(scenariosDir()), 'calibration', 'retail.yaml');

const FIRMS = ['Aurora', 'Boreal', 'Cirrus', 'Delta'] as const;
const SEGMENTS = ['priceSeekers', 'habitual', 'qualitySeekers', 'business'] as const;

// ---------------------------------------------------------------------------------------
// Shared runs: the reference market with Boreal's program and rivals' programs

const programs = (firms: readonly string[]) => firms.map((f) => `firms.${f}.program={enabled: true}`);
const RIVALS = ['Aurora', 'Cirrus', 'Delta'];
/** Boreal's launch alone and against three rival programs, in a market with outside options `outside`. */
const launchRuns = (prefix: string, outside: readonly string[] = []): Record<string, RunSpec> => ({
  [`${prefix}none`]: { scenario: 'baseline', set: outside },
  [`${prefix}alone`]: { scenario: 'baseline', set: [...outside, ...programs(['Boreal'])] },
  [`${prefix}rivals`]: { scenario: 'baseline', set: [...outside, ...programs(RIVALS)] },
  [`${prefix}all`]: { scenario: 'baseline', set: [...outside, ...programs(['Boreal', ...RIVALS])] },
});
/** A category where almost nobody goes without (rigid demand): every segment's outside option far below the firms. */
const RIGID = SEGMENTS.map((s) => `segments.${s}.outsideUtility=-12`);
/** Boreal's gain in `metric` from launching, with no rival program (alone) or three (rivals). */
const gain = (r: Readonly<Record<string, RunSummary>>, prefix: string, metric: string) => ({
  alone: firmValue(r[`${prefix}alone`], 'Boreal', metric) - firmValue(r[`${prefix}none`], 'Boreal', metric),
  crowded: firmValue(r[`${prefix}all`], 'Boreal', metric) - firmValue(r[`${prefix}rivals`], 'Boreal', metric),
});

// The theatre: each firm's launch alone, and against the three others' programs (all at period 52).
const launchAt52 = (firms: readonly string[]) => `events=[${firms.map((f) => `{period: 52, firm: ${f}, set: {program: {enabled: true}}}`).join(', ')}]`;
const THEATRE_RUNS: Record<string, RunSpec> = {
  none: { scenario: 'theatre', set: ['events=[]'] },
  all: { scenario: 'theatre' },
  ...Object.fromEntries(FIRMS.flatMap((f) => [
    [`alone-${f}`, { scenario: 'theatre', set: [launchAt52([f])] }],
    [`others-${f}`, { scenario: 'theatre', set: [launchAt52(FIRMS.filter((g) => g !== f))] }],
  ])),
};
/** Per seed: the slope of each firm's profit gain from launching on its share without programs (profit per week per share point). */
const sizeSlope = (r: Readonly<Record<string, RunSummary>>, without: (f: string) => RunSummary, withIt: (f: string) => RunSummary): number =>
  slope(FIRMS.map((f) => 100 * firmValue(r.none, f, 'share')), FIRMS.map((f) => firmValue(withIt(f), f, 'profit') - firmValue(without(f), f, 'profit')));

// Churn's causes: every failure removed vs every price equal (the market's mean list price).
const noFailures = FIRMS.map((f) => `firms.${f}.failureRate=0`);
const equalPrices = (s: Scenario): string[] => {
  const mean = FIRMS.reduce((a, f) => a + s.firms.find((x) => x.name === f)!.price, 0) / FIRMS.length;
  return FIRMS.map((f) => `firms.${f}.price=${mean}`);
};
const causeRuns = (scenario: string): Record<string, RunSpec> => ({
  [`${scenario}:noFailures`]: { scenario, set: noFailures },
  [`${scenario}:equalPrices`]: { scenario, set: equalPrices },
});
const failuresMinusPrices = (scenario: string) => (r: Readonly<Record<string, RunSummary>>) =>
  r[`${scenario}:noFailures`].market.churn - r[`${scenario}:equalPrices`].market.churn;

/** The customer-survey figures behind "why customers leave": relative frequencies of failure kinds, no primary study found. */
const WHY_LEAVE = 'survey figures of why customers leave (failure kinds named by 67–92%, price by 17%; no primary study found, used as relative frequencies)';

/** A firm's field shifted by `by`, as --set takes it. */
const shifted = (s: Scenario, firm: string, field: 'quality' | 'failureRate', by: (x: number) => number): string =>
  `firms.${firm}.${field}=${Number(by(s.firms.find((f) => f.name === firm)![field]).toFixed(6))}`;

const MARKUP = FIRMS.map((f) => `firms.${f}.strategy.price={policy: markup}`);

const PATTERNS: readonly Pattern[] = [
  {
    id: 'double jeopardy',
    claim: 'Smaller brands have fewer buyers, and those buyers are slightly less loyal.',
    source: 'Ehrenberg, Goodhardt & Barwise (1990); Sharp & Sharp (1997)',
    metric: 'elasticity of retention w.r.t. customers across firms (baseline)',
    band: { low: 0 },
    runs: { base: { scenario: 'baseline' } },
    measure: (r) => slope(r.base.firms.map((f) => Math.log(Number(f.customers))), r.base.firms.map((f) => Math.log(Number(f.retention)))),
  },
  {
    id: "a lone program's share gain",
    claim: 'After self-selection, a lone program wins a small share: one to five points.',
    source: 'Leenheer et al. (2007, IJRM 24); Meyer-Waarden (2007, J. Retailing 83(2))',
    metric: "Boreal's share with its program − without, no rival program (fraction)",
    band: { low: 0.01, high: 0.05 },
    runs: launchRuns(''),
    measure: (r) => gain(r, '', 'share').alone,
  },
  {
    id: 'dilution by rivals\' cards',
    claim: "A program's effect on its members' share of wallet is much smaller when they hold rivals' cards (at least halved with two or more).",
    source: 'Leenheer, van Heerde, Bijmolt & Smidts (2007, IJRM 24); Meyer-Waarden (2007, J. Retailing 83(2))',
    metric: "Boreal's share-of-wallet gain from its program with three rival programs ÷ with none",
    band: { high: 0.5 },
    runs: launchRuns(''),
    measure: (r) => { const g = gain(r, '', 'shareOfWallet'); return [g.crowded, g.alone]; },
    ratio: true,
    clutter: true,
  },
  {
    id: 'big firms gain more, alone',
    claim: 'Larger firms benefit more from their programs.',
    source: 'Liu & Yang (2009, JM 73(1))',
    metric: "slope of a lone launch's profit gain (per week) on the launcher's share (points), theatre",
    band: { low: 0 },
    runs: THEATRE_RUNS,
    measure: (r) => sizeSlope(r, () => r.none, (f) => r[`alone-${f}`]),
  },
  {
    id: 'big firms gain more, saturated',
    claim: 'Larger firms benefit more from their programs, in a market where every firm runs one (airlines).',
    source: 'Liu & Yang (2009, JM 73(1))',
    metric: "slope of the profit gain from launching against three rival programs (per week) on the launcher's share (points), theatre",
    band: { low: 0 },
    runs: THEATRE_RUNS,
    measure: (r) => sizeSlope(r, (f) => r[`others-${f}`], () => r.all),
    clutter: true,
  },
  {
    id: 'saturation, rigid category',
    claim: "In a rigid category each program's effect falls as programs saturate the market.",
    source: 'Liu & Yang (2009, JM 73(1)); Meyer-Waarden (2007, J. Retailing 83(2))',
    metric: "Boreal's share gain from launching alone − against three rival programs, outside option −12 (fraction)",
    band: { low: 0 },
    runs: launchRuns('rigid:', RIGID),
    measure: (r) => { const g = gain(r, 'rigid:', 'share'); return g.alone - g.crowded; },
    clutter: true,
  },
  {
    id: 'saturation, expandable category',
    claim: 'In a highly expandable category the saturation effect disappears and programs coexist.',
    source: 'Liu & Yang (2009, JM 73(1))',
    metric: 'that decline at the shipped outside options − in the rigid category (fraction)',
    band: { high: 0 },
    runs: { ...launchRuns(''), ...launchRuns('rigid:', RIGID) },
    measure: (r) => { const e = gain(r, '', 'share'); const g = gain(r, 'rigid:', 'share'); return (e.alone - e.crowded) - (g.alone - g.crowded); },
    clutter: true,
  },
  {
    id: 'breakage on resolved points',
    claim: 'About a third of points issued go unredeemed.',
    source: 'Colloquy (2011): $16bn of $48bn unredeemed (a survey figure, used as a band)',
    metric: "Boreal's breakage: expired ÷ (expired + redeemed) over the last closed year, lone program",
    band: { low: 0.2, high: 0.33 },
    runs: launchRuns(''),
    measure: (r) => firmValue(r.alone, 'Boreal', 'breakage'),
  },
  {
    id: 'complaint handling: recovered keep more',
    claim: 'Repurchase is higher when a complaint is resolved than when it is not.',
    source: 'TARP national surveys (from 1979); Grainer, McEvoy & King (1979)',
    metric: 'retention, Carer (recovers 90%) − Ignorer (10%), same failure rate (complaint-management)',
    band: { low: 0 },
    runs: { cm: { scenario: 'complaint-management' } },
    measure: (r) => firmValue(r.cm, 'Carer', 'retention') - firmValue(r.cm, 'Ignorer', 'retention'),
  },
  {
    id: 'the recovery paradox is bounded',
    claim: 'A good recovery can lift satisfaction above its pre-failure level only in narrow conditions; overall it does not beat no failure.',
    source: 'Maxham & Netemeyer (2002, JM 66(4)); de Matos et al. (2007)',
    metric: 'satisfaction, Carer (failures, 90% recovered) − Flawless (1% failures) (complaint-management)',
    band: { high: 0 },
    runs: { cm: { scenario: 'complaint-management' } },
    measure: (r) => firmValue(r.cm, 'Carer', 'satisfaction') - firmValue(r.cm, 'Flawless', 'satisfaction'),
  },
  {
    id: 'loss-averse satisfaction',
    claim: 'Negative disconfirmation affects satisfaction more than positive.',
    source: 'Anderson & Sullivan (1993, Marketing Science 12(2)); Mittal, Ross & Baldasare (1998, JM 62(1))',
    metric: "Delta's satisfaction lost with quality −0.05 ÷ gained with +0.05 (baseline)",
    band: { low: 1 },
    runs: {
      base: { scenario: 'baseline' },
      worse: { scenario: 'baseline', set: (s) => [shifted(s, 'Delta', 'quality', (q) => q - 0.05)] },
      better: { scenario: 'baseline', set: (s) => [shifted(s, 'Delta', 'quality', (q) => q + 0.05)] },
    },
    measure: (r) => [firmValue(r.base, 'Delta', 'satisfaction') - firmValue(r.worse, 'Delta', 'satisfaction'), firmValue(r.better, 'Delta', 'satisfaction') - firmValue(r.base, 'Delta', 'satisfaction')],
    ratio: true,
  },
  {
    id: 'a failing firm loses share',
    claim: 'Service failures drive customers away.',
    source: WHY_LEAVE,
    metric: "Delta's share with its failure rate doubled − as shipped (fraction, baseline)",
    band: { high: 0 },
    runs: {
      base: { scenario: 'baseline' },
      failing: { scenario: 'baseline', set: (s) => [shifted(s, 'Delta', 'failureRate', (x) => 2 * x)] },
    },
    measure: (r) => firmValue(r.failing, 'Delta', 'share') - firmValue(r.base, 'Delta', 'share'),
  },
  {
    id: 'failures drive churn in a service market',
    claim: 'Where service fails often, failures, not price, are why customers leave.',
    source: WHY_LEAVE,
    metric: 'market churn without any failure − with equal prices (why-customers-leave)',
    band: { high: 0 },
    runs: causeRuns('why-customers-leave'),
    measure: failuresMinusPrices('why-customers-leave'),
  },
  {
    id: 'price drives churn in a commodity market',
    claim: 'Where products are alike and service rarely fails, price is why customers leave.',
    source: WHY_LEAVE,
    metric: 'market churn without any failure − with equal prices (commodity)',
    band: { low: 0 },
    runs: causeRuns('commodity'),
    measure: failuresMinusPrices('commodity'),
  },
  {
    id: 'programs soften price competition',
    claim: 'With few firms and points pressure, rewards act as a commitment not to cut prices.',
    source: 'Kim, Shi & Srinivasan (2001, Marketing Science); Fong & Liu (2011); Klemperer (1987)',
    metric: 'mean price with programs − without (soft-competition, two firms, markup pricing)',
    band: { low: 0 },
    runs: { soft: { scenario: 'soft-competition', periods: 312 }, flat: { scenario: 'soft-competition', set: ['events=[]'], periods: 312 } },
    measure: (r) => r.soft.market.meanPrice - r.flat.market.meanPrice,
  },
  {
    id: 'programs at every firm lower prices',
    claim: 'With many firms, programs lower average prices.',
    source: 'Caminal & Claici (2007); Cabral (2016)',
    metric: 'mean price with programs at all four firms − without (theatre, markup pricing)',
    band: { high: 0 },
    runs: { all: { scenario: 'theatre', set: MARKUP }, none: { scenario: 'theatre', set: ['events=[]', ...MARKUP] } },
    measure: (r) => r.all.market.meanPrice - r.none.market.meanPrice,
  },
];

/** The calibration moments (published sources only; a model anchor is no evidence) as patterns on the reference market. */
function calibrationPatterns(): Pattern[] {
  const { targets } = loadTargets(TARGETS_FILE, 'baseline', {});
  return targets.filter((t) => !/^model anchor/i.test(t.source)).map((t) => ({
    id: t.name,
    claim: `Calibration target (${t.kind}): ${t.value}.`,
    source: t.source,
    metric: t.firm === MARKET ? `${t.metric} (market, baseline)` : `${t.metric} of ${t.firm} (baseline)`,
    band: { low: t.low, high: t.high },
    runs: { base: { scenario: 'baseline' } },
    measure: (r: Readonly<Record<string, RunSummary>>) => (t.firm === MARKET ? r.base.market[t.metric] : firmValue(r.base, t.firm, t.metric)),
  }));
}

/** Every pattern of the battery, the calibration moments first. */
export const battery = (): Pattern[] => [...calibrationPatterns(), ...PATTERNS];
