/**
 * Every metric in one place: its name, unit and meaning, the tallies it is computed from,
 * how it is computed at the close of a period, how a run summarises it, and where it
 * appears by default. Everything else reads these declarations: the period tally's layout
 * (tally.ts), the result columns, timeseries.csv and market.csv, summary.json, the
 * experiments' default sets and `--metrics`, the reports' tables and charts, and the
 * generated reference (docs/metrics.md).
 *
 * Adding a metric is one declaration here plus the mechanism pass that adds to its tally.
 * A declaration's `compute` may read its declared tallies and the metrics declared before
 * it (tests/model/metrics.test.ts holds every declaration to that).
 */

/** How a run summarises a metric (summary.json): the mean over the last quarter of the horizon, or the sum over it. */
export type SummaryRule = 'lastQuarter' | 'total';

/**
 * Where a metric appears without being asked for:
 * - `experiments`: the per-period set replicate, compare and grid aggregate (`--metrics` default);
 * - `game`: the per-period set a game aggregates;
 * - `headline`: the figures people look for first (the command line's result lines, per-seed
 *   lines behind mean bands, the series a comparison draws per firm);
 * - `overview`: what an experiment report draws over time and tabulates;
 * - `runTable`: the columns of a run report's firm table.
 */
export type MetricView = 'experiments' | 'game' | 'headline' | 'overview' | 'runTable';

/** A firm's period at close: what a firm metric is computed from. */
export interface FirmPeriod {
  /** the firm's tally of this period, by field (only the fields the metric declares) */
  readonly tally: Readonly<Record<string, number>>;
  /** this firm's metrics of this period declared before the one being computed */
  readonly value: Readonly<Record<string, number>>;
  /** the firm's current settings */
  readonly price: number;
  readonly quality: number;
  /** program fixed cost this period, and the cost of its members (a coalition partner pays its part) */
  readonly programFixedCost: number;
  readonly programMemberCost: number;
  /** members of the firm's program (a coalition partner reports the coalition's) */
  readonly members: number;
  /** points outstanding at period end, the value of a point, and the liability they carry */
  readonly pointsOutstanding: number;
  readonly pointValue: number;
  readonly pointsLiability: number;
  /** every firm's purchases and revenue this period */
  readonly marketPurchases: number;
  readonly marketRevenue: number;
}

/** The market's period at close: what a market metric is computed from. */
export interface MarketPeriod {
  /** the market tally of this period, by field */
  readonly tally: Readonly<Record<string, number>>;
  /** market metrics of this period declared before the one being computed */
  readonly value: Readonly<Record<string, number>>;
  readonly firms: number;
  readonly customers: number;
  /** firm metric `name` of firm j this period */
  firm(name: FirmMetric, j: number): number;
  /** a firm tally field summed over the firms, in firm order */
  firmTally(field: string): number;
  /** list price of firm j */
  price(j: number): number;
  /** memberships summed over the programs (a coalition counts once) */
  readonly memberships: number;
}

interface Declaration<Period, Name extends string = string, Tallies extends readonly string[] = readonly string[]> {
  readonly name: Name;
  readonly unit: string;
  readonly description: string;
  readonly summary: SummaryRule;
  readonly appears: readonly MetricView[];
  /** a short label for tables (default: the name in words) */
  readonly label?: string;
  /** the tally fields `compute` reads */
  readonly tallies: Tallies;
  readonly compute: (p: Period) => number;
}

export type FirmMetricDeclaration<Name extends string = string, Tallies extends readonly string[] = readonly string[]> = Declaration<FirmPeriod, Name, Tallies>;
export type MarketMetricDeclaration<Name extends string = string, Tallies extends readonly string[] = readonly string[]> = Declaration<MarketPeriod, Name, Tallies>;
/** What consumers outside the period close read of a declaration. */
export type MetricDeclaration = Pick<FirmMetricDeclaration, 'name' | 'unit' | 'description' | 'summary' | 'appears' | 'label'>;

interface Options {
  readonly summary?: SummaryRule;
  readonly appears?: readonly MetricView[];
  readonly label?: string;
}

/** A firm metric computed from its tallies. */
function firm<const Name extends string, const Tallies extends readonly string[]>(name: Name, unit: string, description: string, tallies: Tallies, compute: (p: FirmPeriod) => number, options: Options = {}): FirmMetricDeclaration<Name, Tallies> {
  return { name, unit, description, tallies, compute, summary: options.summary ?? 'lastQuarter', appears: options.appears ?? [], label: options.label };
}

/** A firm metric that is its own tally field as it stands (counts and cost lines). */
const tallied = <const Name extends string>(name: Name, unit: string, description: string, options: Options = {}): FirmMetricDeclaration<Name, readonly [Name]> =>
  firm(name, unit, description, [name] as const, (p) => p.tally[name], options);

function market<const Name extends string, const Tallies extends readonly string[]>(name: Name, unit: string, description: string, tallies: Tallies, compute: (p: MarketPeriod) => number, options: Options = {}): MarketMetricDeclaration<Name, Tallies> {
  return { name, unit, description, tallies, compute, summary: options.summary ?? 'lastQuarter', appears: options.appears ?? [], label: options.label };
}

/** a / b, or 0 where nothing was counted */
const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);

/** The costs of one period: the cost lines, in the order profit subtracts them. */
const programCostOf = (p: FirmPeriod): number => p.tally.rewardsCost + p.programFixedCost + p.programMemberCost;
const revenueOf = (p: FirmPeriod): number => p.tally.sales + p.tally.exitFees;

/** Per firm and period; column order of timeseries.csv after `period, firm`. */
export const FIRM_METRICS = [
  firm('customers', 'customers', 'customers whose current (last-bought-from) firm this is', ['customers'], (p) => p.tally.customers, { appears: ['experiments'] }),
  firm('share', 'fraction', 'share of purchases this period', ['purchases'], (p) => ratio(p.tally.purchases, p.marketPurchases),
    { appears: ['experiments', 'game', 'headline', 'overview', 'runTable'] }),
  firm('revenueShare', 'fraction', 'share of market revenue this period', ['sales', 'exitFees'], (p) => ratio(revenueOf(p), p.marketRevenue)),
  tallied('purchases', 'purchases', 'shopping occasions that ended in a purchase here'),
  firm('revenue', 'currency', 'sales at the price paid (after contract discounts) plus exit fees', ['sales', 'exitFees'], revenueOf,
    { appears: ['experiments', 'game', 'runTable'], label: 'revenue / period' }),
  firm('profit', 'currency', 'revenue minus every cost line',
    ['sales', 'exitFees', 'costOfGoods', 'rewardsCost', 'qualityCost', 'complaintCost', 'serviceCost'],
    (p) => revenueOf(p) - (p.tally.costOfGoods + programCostOf(p) + p.tally.qualityCost + p.tally.complaintCost + p.tally.serviceCost),
    { appears: ['experiments', 'game', 'headline', 'overview', 'runTable'], label: 'profit / period' }),
  // Below a thousandth of a currency unit, a margin says nothing (and can overflow).
  firm('margin', 'fraction', 'profit / revenue', [], (p) => (p.value.revenue > 1e-3 ? p.value.profit / p.value.revenue : 0), { appears: ['runTable'] }),
  firm('price', 'currency/unit', 'list price', [], (p) => p.price, { appears: ['experiments', 'game', 'headline', 'overview', 'runTable'] }),
  firm('quality', 'quality', 'service quality q_j', [], (p) => p.quality),
  firm('members', 'customers', 'program members', [], (p) => p.members, { appears: ['experiments', 'runTable'] }),
  firm('satisfaction', 'disconfirmation', 'mean satisfaction S_ij of the firm\'s current customers', ['satisfactionSum', 'customers'],
    (p) => ratio(p.tally.satisfactionSum, p.tally.customers), { appears: ['experiments', 'overview', 'runTable'], label: 'satisfaction (experience − expectation)' }),
  firm('delighted', 'fraction', 'share of this period\'s buyers whose experience beat expectation by more than δ', ['delighted', 'purchases'],
    (p) => ratio(p.tally.delighted, p.tally.purchases)),
  firm('habit', 'habit', 'mean habit H_ij of the firm\'s current customers', ['habitSum', 'customers'], (p) => ratio(p.tally.habitSum, p.tally.customers)),
  firm('perceivedQuality', 'quality', 'mean perceived quality Q_ij of the firm\'s current customers (learned from their experiences there)',
    ['perceivedQualitySum', 'customers'], (p) => ratio(p.tally.perceivedQualitySum, p.tally.customers)),
  firm('churn', 'fraction', 'share of the firm\'s customers at period start who bought elsewhere this period', ['churned', 'customersAtStart'],
    (p) => ratio(p.tally.churned, p.tally.customersAtStart), { appears: ['experiments', 'overview', 'runTable'], label: 'churn / period' }),
  firm('retention', 'fraction', '1 − churn', [], (p) => 1 - p.value.churn),
  tallied('acquired', 'customers', 'customers won from rivals or from no firm this period'),
  tallied('locked', 'customers', 'customers under contract with the firm'),
  tallied('contractEnds', 'customers', 'contracts that reached their term this period'),
  tallied('contractBreaks', 'customers', 'contracts broken early (exit fee paid)'),
  tallied('complaints', 'complaints', 'complaints received'),
  tallied('recoveries', 'complaints', 'complaints recovered'),
  tallied('failures', 'failures', 'service failures'),
  tallied('referrals', 'referrals', 'positive referrals made by the firm\'s delighted buyers'),
  tallied('warnings', 'referrals', 'negative word of mouth made by the firm\'s disappointed buyers'),
  tallied('costOfGoods', 'currency', 'unit cost × baskets sold'),
  tallied('rewardsCost', 'currency', 'rewards redeemed (cash basis)'),
  firm('programFixedCost', 'currency', 'program fixed cost', [], (p) => p.programFixedCost),
  firm('programMemberCost', 'currency', 'program cost per member', [], (p) => p.programMemberCost),
  firm('programCost', 'currency', 'rewardsCost + programFixedCost + programMemberCost', ['rewardsCost'], programCostOf,
    { appears: ['experiments', 'game', 'runTable'], label: 'program cost / period' }),
  tallied('qualityCost', 'currency', 'cost of service quality (convex in q)'),
  tallied('complaintCost', 'currency', 'complaint handling and recovery'),
  tallied('serviceCost', 'currency', 'extra service effort for unhappy locked-in customers'),
  tallied('exitFees', 'currency', 'exit fees received (part of revenue)'),
  tallied('pointsIssued', 'points', 'points earned by members'),
  tallied('pointsRedeemed', 'points', 'points redeemed for rewards'),
  tallied('pointsExpired', 'points', 'points expired after inactivity (breakage)'),
  firm('pointsOutstanding', 'points', 'points held by members at period end', [], (p) => p.pointsOutstanding),
  firm('pointsLiability', 'currency', 'outstanding points × reward value per point × expected redemption rate', [], (p) => p.pointsLiability,
    { appears: ['runTable'] }),
  firm('breakage', 'currency', 'value of expired points (cost avoided, not revenue)', ['pointsExpired'], (p) => p.tally.pointsExpired * p.pointValue),
  firm('elasticity', 'elasticity', 'own-price elasticity of demand implied by customers\' choice probabilities', ['elasticityWeighted', 'choiceWeight'],
    (p) => ratio(p.tally.elasticityWeighted, p.tally.choiceWeight), { appears: ['experiments'] }),
  firm('inertiaPremium', 'fraction of price',
    'what staying is worth to a shopper whose current firm this is, (w_h·H_ij + c_i + σ_i·w_r·Π_ij)/β_i, as a fraction of the price; mean over those shoppers',
    ['inertiaSum', 'inertiaShoppers'], (p) => ratio(p.tally.inertiaSum, p.tally.inertiaShoppers), { appears: ['experiments'] }),
] as const;

/** Σ_j over firms of f(j), in firm order. */
const overFirms = (p: MarketPeriod, f: (j: number) => number): number => {
  let s = 0;
  for (let j = 0; j < p.firms; j++) s += f(j);
  return s;
};
/** The mean list price over firms, each price divided before it is added. */
const listPriceMean = (p: MarketPeriod): number => overFirms(p, (j) => p.price(j) / p.firms);

/** Per period, market level; column order of market.csv after `period`. */
export const MARKET_METRICS = [
  market('meanPrice', 'currency/unit', 'purchase-weighted mean list price', [],
    (p) => (overFirms(p, (j) => p.firm('purchases', j)) > 0 ? overFirms(p, (j) => p.firm('share', j) * p.price(j)) : listPriceMean(p)),
    { appears: ['experiments', 'game', 'overview'] }),
  market('priceDispersion', 'currency/unit', 'standard deviation of list prices across firms', [], (p) => {
    const mean = listPriceMean(p);
    return Math.sqrt(overFirms(p, (j) => (p.price(j) - mean) ** 2 / p.firms));
  }),
  market('elasticity', 'elasticity', 'firms\' own-price elasticities, weighted by purchase share', [],
    (p) => overFirms(p, (j) => p.firm('share', j) * p.firm('elasticity', j)), { appears: ['experiments'] }),
  market('inertiaPremium', 'fraction of price',
    'what staying is worth to a shopper at its current firm, as a fraction of that firm\'s price; mean over shoppers with a current firm (so each firm weighs by its customers)',
    [], (p) => ratio(p.firmTally('inertiaSum'), p.firmTally('inertiaShoppers')), { appears: ['experiments'] }),
  market('priceSalience', 'elasticity', 'share-weighted own-price elasticity customers face, Σ_j P_ij·β_eff·p_j·(1−P_ij) / Σ_j P_ij, mean over shoppers',
    ['salienceSum', 'shoppers'], (p) => ratio(p.tally.salienceSum, p.tally.shoppers), { appears: ['experiments', 'game', 'overview'] }),
  market('hhi', 'index 0–1', 'Herfindahl–Hirschman index of purchase shares', [], (p) => overFirms(p, (j) => p.firm('share', j) * p.firm('share', j)),
    { appears: ['experiments'] }),
  market('programsPerCustomer', 'programs', 'mean program memberships per customer', [], (p) => p.memberships / p.customers,
    { appears: ['experiments', 'game'] }),
  market('consumerSurplus', 'currency', 'mean logit log-sum (incl. not buying) / β_i over shoppers', ['surplusSum', 'shoppers'],
    (p) => ratio(p.tally.surplusSum, p.tally.shoppers), { appears: ['experiments'] }),
  market('shoppers', 'customers', 'customers with a shopping occasion', ['shoppers'], (p) => p.tally.shoppers),
  market('purchases', 'purchases', 'occasions ending in a purchase', [], (p) => overFirms(p, (j) => p.firm('purchases', j))),
  market('buyRate', 'fraction', 'purchases / shoppers (1 − share choosing not to buy)', ['shoppers'], (p) => ratio(p.value.purchases, p.tally.shoppers),
    { appears: ['experiments'] }),
  market('revenue', 'currency', 'market revenue', [], (p) => overFirms(p, (j) => p.firm('revenue', j))),
  market('profit', 'currency', 'sum of firm profits', [], (p) => overFirms(p, (j) => p.firm('profit', j))),
  market('switches', 'customers', 'purchases from a firm other than the customer\'s current one', ['switches'], (p) => p.tally.switches),
  market('churnPrice', 'customers', 'switches with no recent failure, to a cheaper firm', ['churnPrice'], (p) => p.tally.churnPrice),
  market('churnOther', 'customers', 'switches with no recent failure, not to a cheaper firm', ['churnOther'], (p) => p.tally.churnOther),
  market('pointsLiability', 'currency', 'points liability of all programs', [], (p) => overFirms(p, (j) => p.firm('pointsLiability', j))),
] as const;

/**
 * One market column per failure kind, after the declared ones: the switches attributed to
 * that kind (the customer met it at its firm within the failure memory). With `churnPrice`
 * and `churnOther` they decompose `switches` by cause.
 */
export const FAILURE_KIND_METRIC = {
  column: (kind: string): string => `churn_${kind}`,
  pattern: 'churn_<kind>',
  unit: 'customers',
  description: 'switches attributed to failure kind <kind> (met at the customer\'s firm within the failure memory)',
} as const;

/** Switches attributed to each failure kind are market columns `churn_<kind>`. */
export const churnCauseColumn = FAILURE_KIND_METRIC.column;

export type FirmMetric = (typeof FIRM_METRICS)[number]['name'];
export type MarketMetric = (typeof MARKET_METRICS)[number]['name'];
/** The fields of a firm's and of the market's period tally: every tally a declaration reads. */
export type FirmTallyField = (typeof FIRM_METRICS)[number]['tallies'][number];
export type MarketTallyField = (typeof MARKET_METRICS)[number]['tallies'][number];

export const FIRM_METRIC_NAMES: readonly FirmMetric[] = FIRM_METRICS.map((d) => d.name);
export const MARKET_METRIC_NAMES: readonly MarketMetric[] = MARKET_METRICS.map((d) => d.name);

/** The metrics of a view, firm and market, in declaration order. */
export function metricsIn(view: MetricView): { readonly firm: readonly string[]; readonly market: readonly string[] } {
  return {
    firm: FIRM_METRICS.filter((d) => d.appears.includes(view)).map((d) => d.name),
    market: MARKET_METRICS.filter((d) => d.appears.includes(view)).map((d) => d.name),
  };
}

const DECLARED = new Map<string, MetricDeclaration>([...MARKET_METRICS, ...FIRM_METRICS].map((d): [string, MetricDeclaration] => [d.name, d]));

const FAILURE_PREFIX = FAILURE_KIND_METRIC.column('');

/** The declaration of a metric by name (the firm's where a firm and a market metric share the name), if any; `churn_<kind>` columns included. */
export function metricDeclaration(name: string): MetricDeclaration | undefined {
  const declared = DECLARED.get(name);
  if (declared || !name.startsWith(FAILURE_PREFIX)) return declared;
  const kind = name.slice(FAILURE_PREFIX.length);
  return { name, unit: FAILURE_KIND_METRIC.unit, description: FAILURE_KIND_METRIC.description.replace('<kind>', kind), summary: 'lastQuarter', appears: [] };
}
