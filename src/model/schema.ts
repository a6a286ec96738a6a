/**
 * The scenario schema: what the model takes as input, and the one source of truth for
 * scenario types (inferred), defaults, validation errors (scenario/ reads files against it)
 * and the generated reference (docs/scenario-reference.md).
 *
 * Units: prices and costs in currency per unit of basket; quality, expectations and
 * satisfaction on the quality scale (0 = worthless, 1 = perfect); utilities in logit units.
 * Every `.describe()` text ends up in the reference docs.
 */
import * as z from 'zod';
import { FIRM_METRIC_NAMES, MARKET_METRIC_NAMES } from './metrics.js';

/**
 * Bounds on every number, so that no valid scenario can overflow what the model computes
 * (revenue = price × basket × customers, costs × counts, squared points pressure, Float32
 * state columns): money up to 10⁶ a unit, utility-scale weights and values up to 10³,
 * spreads on the quality scale up to 10, periods and counts up to the horizon limit.
 * With N ≤ 10⁸ customers the largest sums stay below 10²⁵, far from overflow;
 * tests/hardening/bounds.test.ts runs the model at these bounds.
 */
export const MAX_MONEY = 1e6;
/**
 * The least value of a quantity that must be above zero (a price, a lognormal's mean, a
 * beta's sd): they divide (margins, the inertia premium, a lognormal's sd²/mean², a beta's
 * mean·(1 − mean)/sd²), so with everything else bounded by 10⁶ every ratio stays far from
 * overflow (a beta's sd² of 0 would leave its gamma sampler looping for ever).
 */
export const MIN_POSITIVE = 1e-6;
const MAX_WEIGHT = 1e3;
const MAX_QUALITY_SPREAD = 10;
export const MAX_PERIODS = 100_000;

const probability = z.number().min(0).max(1);
const nonNegative = z.number().min(0);
/** currency per unit: prices, costs, fees, rewards */
const money = nonNegative.max(MAX_MONEY);
/** utility-scale weights, rates and multipliers */
const weight = nonNegative.max(MAX_WEIGHT);
/** on the quality scale: noise, severities, thresholds */
const qualitySpread = nonNegative.max(MAX_QUALITY_SPREAD);
const positiveInt = z.number().int().min(1);
const periodCount = positiveInt.max(MAX_PERIODS);
/** a distribution's parameter (any of the customer-level quantities) */
const parameter = z.number().min(-MAX_MONEY).max(MAX_MONEY);
/** a price, or another quantity that divides */
const positive = z.number().min(MIN_POSITIVE).max(MAX_MONEY);

/** Households moving home per week: 0.0019 a week is 9.4% a year (census figures: 8–12%). */
export const RELOCATIONS_PER_WEEK = 0.0019;

/** A customer-level parameter: a constant, or a distribution drawn once per customer. */
export const Distribution = z.union([
  parameter,
  z.strictObject({
    dist: z.literal('normal'),
    mean: parameter,
    sd: nonNegative.max(MAX_MONEY),
    min: parameter.optional().describe('values are clamped to [min, max]'),
    max: parameter.optional(),
  }),
  z.strictObject({
    dist: z.literal('lognormal').describe('heavy-tailed, parameterised by its mean and sd'),
    mean: positive,
    sd: nonNegative.max(MAX_MONEY),
    max: parameter.optional(),
  }),
  z.strictObject({
    dist: z.literal('beta').describe('for probabilities, parameterised by its mean and sd'),
    mean: z.number().gt(0).lt(1),
    sd: z.number().min(MIN_POSITIVE).lt(0.5),
  }),
  z.strictObject({ dist: z.literal('uniform'), min: parameter, max: parameter }),
]);
export type Distribution = z.infer<typeof Distribution>;

export const Segment = z.strictObject({
  name: z.string().min(1),
  share: probability.describe('share of the N customers in this segment; shares sum to 1'),
  description: z.string().optional(),
  shopProbability: Distribution.default({ dist: 'beta', mean: 0.6, sd: 0.2 }).describe('f_i: chance to have a shopping occasion in a period (heavy vs light buyers)'),
  basketValue: Distribution.default({ dist: 'lognormal', mean: 1, sd: 0.8 }).describe('v_i: basket size multiplier; heavy-tailed'),
  priceSensitivity: Distribution.default({ dist: 'normal', mean: 0.5, sd: 0.1, min: 0.02 }).describe('β_i: utility lost per currency unit of price'),
  qualityWeight: Distribution.default({ dist: 'normal', mean: 5, sd: 1, min: 0 }).describe('w_q: weight on perceived quality'),
  rewardWeight: Distribution.default({ dist: 'normal', mean: 0.5, sd: 0.1, min: 0 }).describe('w_r: weight on reward value; w_r = β_i values points at par'),
  habitWeight: Distribution.default({ dist: 'normal', mean: 2.5, sd: 0.5, min: 0 }).describe('w_h: weight on habit H_ij'),
  satisfactionWeight: Distribution.default({ dist: 'normal', mean: 2, sd: 0.4, min: 0 }).describe('w_s: weight on satisfaction S_ij'),
  expectation: Distribution.default({ dist: 'normal', mean: 0.6, sd: 0.05 }).describe('E_i: initial expectation level (quality scale)'),
  switchingCost: Distribution.default({ dist: 'normal', mean: 1.2, sd: 0.3, min: 0 }).describe('c_i: psychological switching cost (utility)'),
  outsideUtility: z.number().min(-MAX_WEIGHT).max(MAX_WEIGHT).default(-2.5).describe('U_i0: utility of not buying this period'),
  joinProbability: probability.default(0.3).describe('chance to join an open program on a purchase there'),
  complaintProbability: probability.default(0.4).describe('chance to complain after a service failure'),
  tasteSd: weight.default(0).describe('σ_τ: sd of the persistent taste τ_ij ~ N(0, σ_τ²) a customer holds for each firm (location, assortment, the staff it knows), in utility units; drawn once per customer and firm, redrawn when the customer moves; 0: no persistent taste (the reference market\'s value is calibrated: scenarios/baseline.yaml)'),
  relocationRate: probability.default(RELOCATIONS_PER_WEEK).describe('μ: chance per period that a customer moves home: it redraws its tastes and forgets its habits and current firm, keeping memberships and points. Default 0.0019 for weekly periods (9.4% a year): households move 8–12% a year (census figures, e.g. US Census Bureau CPS/ASEC about 8–9% a year in the 2020s); scale it for other period lengths'),
});
export type Segment = z.infer<typeof Segment>;

export const Program = z.strictObject({
  enabled: z.boolean().default(true).describe('false: configured but not running (an event may launch it)'),
  earnRate: weight.default(1).describe('points per currency unit spent'),
  threshold: z.number().int().min(1).max(2 ** 30).default(500).describe('θ: points needed for one reward'),
  rewardValue: money.default(5).describe('currency paid out per reward; rate = earnRate·rewardValue/threshold'),
  goalGradient: weight.default(0.25).describe('γ: points pressure, the loss a member with P points feels on switching is γ·rewardValue·(P/θ)²'),
  expiryPeriods: periodCount.default(52).describe('points expire after this many periods without a purchase (breakage)'),
  fixedCostPer1000Customers: money.default(2).describe('program fixed cost per period per 1,000 customers in the market (scales with the sample N)'),
  costPerMember: money.default(0.02).describe('administration cost per member per period'),
  enrolment: z.enum(['open', 'targeted']).default('open'),
  targetSegments: z.array(z.string()).default([]).describe('targeted: segments invited to join'),
  minBasketValue: money.default(0).describe('targeted: only customers with basket value ≥ this are invited'),
  coalition: z.string().min(1).optional().describe('coalition program (one card across partner firms, Payback-like): firms naming the same coalition share one membership and one points balance; members earn at any partner and redeem at any partner; each partner pays for the share of the pool its points make up'),
});
export type Program = z.infer<typeof Program>;

export const Contract = z.strictObject({
  enabled: z.boolean().default(true),
  termPeriods: periodCount.default(104).describe('length of a contract'),
  discount: z.number().min(0).max(0.95).default(0.1).describe('price discount for contract customers (below 1: a contract price of 0 leaves every price-relative figure undefined)'),
  exitFee: money.default(30).describe('fee to break a contract early'),
  acceptance: probability.default(0.5).describe('chance a customer choosing the firm signs the contract'),
  unhappyServiceCost: money.default(0.5).describe('extra service cost per period per locked-in customer with satisfaction below unhappyThreshold'),
  unhappyThreshold: z.number().min(-MAX_QUALITY_SPREAD).max(MAX_QUALITY_SPREAD).default(-0.05),
});
export type Contract = z.infer<typeof Contract>;

/** Every moving price policy keeps the price within these. */
const priceBounds = { minPrice: money.default(0), maxPrice: positive.default(MAX_MONEY) };

export const PricePolicy = z.discriminatedUnion('policy', [
  z.strictObject({ policy: z.literal('fixed') }),
  z.strictObject({
    policy: z.literal('markup'),
    speed: probability.default(0.3).describe('share of the way toward the Lerner price moved per review'),
    noise: qualitySpread.default(0).describe('sd of multiplicative noise on the elasticity estimate (market research error)'),
    ...priceBounds,
  }),
  z.strictObject({
    policy: z.literal('adaptive'),
    step: z.number().gt(0).lt(1).default(0.03).describe('initial log-price step'),
    shrink: z.number().gt(0).max(1).default(0.97).describe('step multiplier per review'),
    minStep: z.number().min(0).lt(1).default(0.005),
    significance: weight.default(2).describe('reverse only when profit fell by more than this many standard errors'),
    ...priceBounds,
  }),
  z.strictObject({
    policy: z.literal('expression'),
    expression: z.string().min(1).describe('mathjs expression for the new price; see docs/strategies.md for the inputs'),
    ...priceBounds,
  }),
]);
export type PricePolicy = z.infer<typeof PricePolicy>;

export const ProgramPolicy = z.discriminatedUnion('policy', [
  z.strictObject({ policy: z.literal('fixed') }),
  z.strictObject({
    policy: z.literal('imitate'),
    probability: probability.default(0.5).describe('chance per review to copy the program of a rival that earned more'),
  }),
]);

export const QualityPolicy = z.discriminatedUnion('policy', [
  z.strictObject({ policy: z.literal('fixed') }),
  z.strictObject({
    policy: z.literal('expression'),
    expression: z.string().min(1),
    min: probability.default(0).describe('the quality the formula gives is clamped to [min, max] within [0, 1]'),
    max: probability.default(1),
  }),
]);

export const Strategy = z.strictObject({
  price: PricePolicy.default({ policy: 'fixed' }),
  program: ProgramPolicy.default({ policy: 'fixed' }),
  quality: QualityPolicy.default({ policy: 'fixed' }),
  reviewOffset: z.number().int().min(0).max(MAX_PERIODS).optional().describe('period offset of this firm\'s reviews (default: staggered by firm index)'),
});
export type Strategy = z.infer<typeof Strategy>;

export const Firm = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  price: positive.describe('p_j: list price per unit basket'),
  unitCost: money.default(6).describe('k_j: cost of goods per unit basket'),
  quality: z.number().min(0).max(1).default(0.65).describe('q_j: service quality (quality scale)'),
  qualityCostRate: money.default(2).describe('quality cost per unit sold = qualityCostRate·q²  (convex)'),
  promise: z.number().min(0).max(1).nullable().default(null).describe('advertised quality; null = no advertising promise'),
  promiseWeight: probability.default(0.5).describe('ω: weight of the advertised promise in the expectation customers form; at rest E = (1−ω)·X + ω·promise'),
  awareness: probability.default(1).describe('initial share of customers aware of the firm'),
  failureRate: probability.default(0.05).describe('chance of a service failure per purchase'),
  failureMix: z.record(z.string(), weight).default({}).describe('relative weight per failure kind (default: the market\'s frequencies)'),
  complaintCost: money.default(1).describe('cost of handling one complaint'),
  recoveryRate: probability.default(0.5).describe('share of complaints recovered to the customer\'s satisfaction'),
  recoveryCost: money.default(2).describe('extra cost per recovered complaint (refund, goodwill)'),
  program: Program.nullable().default(null),
  contract: Contract.nullable().default(null),
  strategy: Strategy.default({ price: { policy: 'fixed' }, program: { policy: 'fixed' }, quality: { policy: 'fixed' } }),
});
export type Firm = z.infer<typeof Firm>;

export const FailureKind = z.strictObject({
  name: z.string().min(1),
  frequency: weight.describe('relative frequency (share of leavers naming it)'),
  severity: qualitySpread.describe('drop in experienced quality'),
});

/** The seven kinds customers name; relative frequencies from the source articles (LITERATURE.md). */
export const DEFAULT_FAILURE_KINDS = [
  { name: 'lackOfAttention', frequency: 0.92, severity: 0.25 },
  { name: 'lackOfInitiative', frequency: 0.86, severity: 0.2 },
  { name: 'agreementNotKept', frequency: 0.81, severity: 0.4 },
  { name: 'errorsNotCorrected', frequency: 0.78, severity: 0.35 },
  { name: 'incompetentContact', frequency: 0.75, severity: 0.3 },
  { name: 'deeperNeedsMissed', frequency: 0.69, severity: 0.25 },
  { name: 'notTakenSeriously', frequency: 0.67, severity: 0.3 },
];

export const Behaviour = z.strictObject({
  habitSmoothing: probability.default(0.8).describe('α: H ← α·H + (1−α)·[chose j] per occasion (Guadagni & Little 1983)'),
  satisfactionLearning: probability.default(0.3).describe('λ: S ← (1−λ)·S + λ·(d ≥ 0 ? d : ℓ·d)'),
  lossAversion: z.number().min(1).max(10).default(2).describe('ℓ: negative disconfirmation moves satisfaction ℓ times as much as positive (Anderson & Sullivan 1993; Mittal, Ross & Baldasare 1998)'),
  qualityLearning: probability.default(0.2).describe('ρ: perceived quality Q_ij ← (1−ρ)·Q_ij + ρ·X after each experience at j (judgement: a belief that weighs about the last five visits)'),
  expectationLearning: probability.default(0.1).describe('ε: E ← E + ε·(X − E)'),
  qualityNoise: qualitySpread.default(0.1).describe('sd of experienced quality around q_j'),
  delightThreshold: qualitySpread.default(0.1).describe('δ: disconfirmation above which a customer is delighted'),
  disappointThreshold: qualitySpread.default(0.2).describe('disconfirmation below −this is strong disappointment'),
  recoveryParadox: z.number().min(0).max(1).default(0.2).describe('a recovered first failure adds this share of its severity as delight; a recovered repeat failure (another at the same firm within the failure memory) takes it away instead (the paradox is bounded: Maxham & Netemeyer 2002)'),
  unrecoveredPenalty: weight.default(0.5).describe('an unrecovered complaint hurts (1 + this)·severity'),
});

export const WordOfMouth = z.strictObject({
  referralProbability: probability.default(0.05).describe('chance a delighted customer refers one other customer'),
  referralPrior: z.number().min(-MAX_QUALITY_SPREAD).max(MAX_QUALITY_SPREAD).default(0.05).describe('satisfaction prior a referral gives the receiver'),
  negativeProbability: probability.default(0.1).describe('chance a strongly disappointed customer warns one other customer'),
  negativeImpact: qualitySpread.default(0.1).describe('satisfaction a warning takes from the receiver\'s view of the firm'),
  advertisingAwareness: probability.default(0.0006).describe('per-period chance an unaware customer becomes aware (Bass p ≈ 0.03/yr)'),
});

export const Event = z.strictObject({
  period: z.number().int().min(0).max(MAX_PERIODS),
  firm: z.string().min(1),
  set: z.record(z.string(), z.unknown()).describe('a partial firm (deep-merged), e.g. { program: { enabled: true } }'),
  note: z.string().optional(),
});

export const Game = z.strictObject({
  field: z.string().default('program.enabled').describe('firm field that forms each firm\'s strategy'),
  values: z.array(z.unknown()).min(2).default([false, true]),
  labels: z.array(z.string()).optional(),
  firms: z.array(z.string()).optional().describe('players (default: every firm)'),
});

/** A scenario's question names what it turns on; the run's first finding answers it. */
export const Lead = z.strictObject({
  event: z.enum(['programLaunch', 'programEnd', 'priceChange', 'qualityChange', 'scheduled']).optional()
    .describe('the change the question asks about: a program starting (scheduled or by imitation), a program ending, a list-price or quality change, or the scenario\'s scheduled events; the first finding says when it happened, or that it never did'),
  firms: z.array(z.string().min(1)).min(1).optional().describe('whose changes count (firm names; default: every firm), e.g. the rivals of the firm that launches'),
  metric: z.enum([...new Set([...FIRM_METRIC_NAMES, ...MARKET_METRIC_NAMES])] as [string, ...string[]]).optional()
    .describe('the figure the answer turns on, before the event the question names against the last quarter (without an event: first quarter against last): per firm when it is a firm metric (share, profit, …), else the market\'s (meanPrice, programsPerCustomer, …)'),
});

export const Scenario = z.strictObject({
  name: z.string().min(1).default('scenario'),
  description: z.string().default('').describe('the question the scenario answers'),
  lead: Lead.optional().describe('what the question turns on (an event, whose firms, a metric): the run\'s first finding answers it'),
  extends: z.string().optional().describe('a shipped scenario name or a path; this file is deep-merged onto it'),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  customers: z.number().int().min(1).max(100_000_000).default(20_000),
  periods: z.number().int().min(1).max(100_000).default(260),
  periodsPerYear: periodCount.default(52),
  reviewEvery: periodCount.default(13).describe('R: firms review strategy every R periods'),
  clutter: weight.default(0.25).describe('κ: program clutter; σ_i = 1/(1+κ·n_i) and price differences weigh β_i·κ·n_i more, n_i the cluttering memberships (see clutterFreeMemberships)'),
  clutterFreeMemberships: z.number().int().min(0).max(255).default(1).describe('memberships a customer holds before clutter sets in: n_i = max(0, m_i − this); 1 = a single card is not clutter, only the variety of cards is; 0 = every membership clutters'),
  behaviour: Behaviour.default(Behaviour.parse({})),
  wordOfMouth: WordOfMouth.default(WordOfMouth.parse({})),
  failureKinds: z.array(FailureKind).min(1).default(DEFAULT_FAILURE_KINDS),
  segments: z.array(Segment).min(1).max(255),
  firms: z.array(Firm).min(1).max(64),
  events: z.array(Event).default([]),
  game: Game.optional(),
});
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
export type FirmConfig = Firm;
export type ProgramConfig = Program;
export type ContractConfig = Contract;
