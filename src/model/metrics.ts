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
  /** the firm's last closed quarter and year: running figures carried between window ends */
  readonly window: FirmWindow;
}

/**
 * A firm's figures over the last closed calendar quarter and year (src/model/buying-windows.ts
 * and the program books): counted at the window's last period and carried until the next
 * window closes; 0 until the first one closes. A quarter is round(periodsPerYear / 4)
 * periods, a year periodsPerYear, both counted from period 0.
 */
export interface FirmWindow {
  /** customers who bought here in the quarter before the last closed one; those of them with no purchase here in the last closed quarter */
  readonly quarterBuyers: number;
  readonly quarterLost: number;
  /** last closed year: customers who bought here, their purchases here, all their purchases in the category */
  readonly yearBuyers: number;
  readonly yearPurchases: number;
  readonly yearBuyerPurchases: number;
  /** every firm's purchases in the last closed year */
  readonly marketYearPurchases: number;
  /** last closed year: the buyers' volume here (purchases × basket value, in baskets), and the volume of the heaviest 20% of them */
  readonly yearVolume: number;
  readonly yearHeavyVolume: number;
  /** last closed year: points redeemed and points expired (resolved points) */
  readonly yearRedeemed: number;
  readonly yearExpired: number;
}

/** The market's figures over the last closed quarter and year: FirmWindow's, summed over firms, and the customers' own. */
export interface MarketWindow {
  readonly quarterBuyers: number;
  readonly quarterLost: number;
  readonly yearVolume: number;
  readonly yearHeavyVolume: number;
  readonly yearRedeemed: number;
  readonly yearExpired: number;
  /** customers who bought in the last closed year */
  readonly buyers: number;
  /** Σ over them of their main firm's share of their purchases (the main firm: most purchases) */
  readonly mainShareSum: number;
  /** of them, those who bought at one firm only */
  readonly exclusive: number;
  /** of them, those who had a main firm the year before too, and those whose main firm changed */
  readonly mainKnown: number;
  readonly mainChanged: number;
  /** Σ over them of pairs of their purchases made at one firm, Σ_j c_ij·(c_ij − 1), and of all pairs, n_i·(n_i − 1) */
  readonly samePairs: number;
  readonly pairs: number;
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
  /** the last closed quarter and year */
  readonly window: MarketWindow;
  /** switches this period for a reason the model names (LEAVING_REASONS), summed over the firms left */
  leavers(reason: LeavingReason): number;
}

/**
 * Why a switcher left its firm, after the failure kinds, in order of precedence
 * (src/model/leaving.ts). A switch is counted once, under the first that applies.
 */
export const LEAVING_REASONS = ['relocation', 'price', 'taste', 'quality', 'habit', 'noise'] as const;
export type LeavingReason = (typeof LEAVING_REASONS)[number];

/** Every cause a switch is counted under, in tally order: the scenario's failure kinds, then the reasons. */
export const leavingCauses = (failureKinds: readonly string[]): string[] => [...failureKinds, ...LEAVING_REASONS];

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

/** A metric of either level: its computation over the period it is given, and where it shows. */
const declare = <Period>() =>
  <const Name extends string, const Tallies extends readonly string[]>(name: Name, unit: string, description: string, tallies: Tallies, compute: (p: Period) => number, options: Options = {}): Declaration<Period, Name, Tallies> =>
    ({ name, unit, description, tallies, compute, summary: options.summary ?? 'lastQuarter', appears: options.appears ?? [], label: options.label });

/** A firm metric computed from its tallies. */
const firm = declare<FirmPeriod>();
/** A market metric computed from its tallies and the firms' metrics. */
const market = declare<MarketPeriod>();

/** A firm metric that is its own tally field as it stands (counts and cost lines). */
const tallied = <const Name extends string>(name: Name, unit: string, description: string, options: Options = {}): FirmMetricDeclaration<Name, readonly [Name]> =>
  firm(name, unit, description, [name] as const, (p) => p.tally[name], options);

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
  firm('churn', 'fraction',
    'defection: of the customers who bought here in the quarter before the last closed one, the share with no purchase here in the last closed quarter (calendar quarters of round(periodsPerYear/4) periods from period 0, counted at a quarter\'s last period and carried until the next; 0 until the second quarter closes)',
    [], (p) => ratio(p.window.quarterLost, p.window.quarterBuyers), { appears: ['experiments', 'overview', 'runTable'], label: 'churn / quarter' }),
  firm('retention', 'fraction', '1 − churn: of the customers who bought here in a quarter, the share who bought here again in the next', [], (p) => 1 - p.value.churn),
  firm('switching', 'fraction', 'share of the firm\'s customers at period start (their last purchase was here) who bought at another firm this period; not buying is not switching',
    ['switchedAway', 'customersAtStart'], (p) => ratio(p.tally.switchedAway, p.tally.customersAtStart), { appears: ['experiments'], label: 'switching / period' }),
  tallied('movedAway', 'customers', 'customers whose current firm this was who moved home this period (a move forgets the current firm, except under contract)'),
  tallied('repeatPurchases', 'purchases', 'purchases by customers whose last purchase was here (forgotten when a customer moves home)'),
  firm('yearBuyers', 'customers', 'customers who bought here in the last closed year (calendar years of periodsPerYear periods from period 0; counted at a year\'s last period and carried; 0 until the first year closes)',
    [], (p) => p.window.yearBuyers),
  firm('yearShare', 'fraction', 'share of the market\'s purchases in the last closed year made here', [], (p) => ratio(p.window.yearPurchases, p.window.marketYearPurchases)),
  firm('shareOfWallet', 'fraction', 'of all the category purchases the firm\'s buyers made in the last closed year, the share made here (share of category requirements)',
    [], (p) => ratio(p.window.yearPurchases, p.window.yearBuyerPurchases), { appears: ['experiments', 'runTable'], label: 'share of wallet' }),
  firm('excessLoyalty', 'ratio', 'shareOfWallet ÷ yearShare: how much more of their buying the firm\'s buyers give it than its share of the market (above 1: excess loyalty)',
    [], (p) => ratio(p.value.shareOfWallet, p.value.yearShare)),
  firm('heavyBuyerShare', 'fraction', 'share of the firm\'s sales volume (purchases × basket value) in the last closed year brought by its heaviest 20% of buyers (the 60/20 pattern)',
    [], (p) => ratio(p.window.yearHeavyVolume, p.window.yearVolume), { label: 'top-20% buyers\' sales share' }),
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
  firm('breakage', 'fraction', 'points expired ÷ (expired + redeemed) over the last closed year: the share of the points resolved in it that lapsed (0 until a year with resolved points closes)',
    [], (p) => ratio(p.window.yearExpired, p.window.yearExpired + p.window.yearRedeemed), { appears: ['experiments'] }),
  firm('breakageValue', 'currency', 'value of the points expired this period (cost avoided, not revenue)', ['pointsExpired'], (p) => p.tally.pointsExpired * p.pointValue),
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
  // Why switchers left (src/model/leaving.ts, in its order of precedence); the failure kinds come first, as `churn_<kind>` columns.
  market('churnRelocation', 'customers', 'switches by customers who moved home within the failure memory, no failure met (tastes redrawn, habit gone)', [],
    (p) => p.leavers('relocation')),
  market('churnPrice', 'customers', 'switches for no failure or move, to a cheaper firm (the reason a switcher would name)', [], (p) => p.leavers('price')),
  market('churnTaste', 'customers', 'switches for none of the above, to a firm the customer has a greater taste for', [], (p) => p.leavers('taste')),
  market('churnQuality', 'customers', 'switches for none of the above, to a firm the customer believes better (perceived quality learned from experience)', [],
    (p) => p.leavers('quality')),
  market('churnHabit', 'customers', 'switches for none of the above, by customers whose habit at the firm they left had worn off (habit H below 0.5, half a steady customer\'s)', [],
    (p) => p.leavers('habit')),
  market('churnNoise', 'customers', 'switches the model\'s state does not explain: the logit\'s draw', [], (p) => p.leavers('noise')),
  market('switching', 'fraction', 'share of customers with a current firm at period start who bought at another firm this period', ['switches'],
    (p) => ratio(p.tally.switches, p.firmTally('customersAtStart')), { appears: ['experiments'] }),
  market('churn', 'fraction', 'defection over all firms: of the customer–firm pairs with a purchase in the quarter before the last closed one, the share with none in the last closed quarter (a quarter as for the firms\' churn)',
    [], (p) => ratio(p.window.quarterLost, p.window.quarterBuyers), { appears: ['experiments'] }),
  market('repeatRate', 'fraction', 'share of the purchases by customers with a current firm (their last purchase; forgotten on a move) made at that firm', ['switches'],
    (p) => ratio(p.firmTally('repeatPurchases'), p.firmTally('repeatPurchases') + p.tally.switches), { appears: ['experiments'] }),
  market('mainShare', 'fraction', 'mean over the customers who bought in the last closed year of the share of their purchases made at their main firm (the firm with most of them)',
    [], (p) => ratio(p.window.mainShareSum, p.window.buyers), { appears: ['experiments'] }),
  market('mainChange', 'fraction', 'share of the customers with a main firm in the last closed year and the year before whose main firm changed (a tie keeps the old one; 0 until two years have closed)',
    [], (p) => ratio(p.window.mainChanged, p.window.mainKnown), { appears: ['experiments'] }),
  market('exclusive', 'fraction', 'share of the customers who bought in the last closed year who bought at one firm only', [], (p) => ratio(p.window.exclusive, p.window.buyers),
    { appears: ['experiments'] }),
  market('polarization', 'index 0–1', 'Dirichlet polarization φ over the last closed year, by moments: (P_same − Σ_j s_j²) / (1 − Σ_j s_j²), P_same the chance that two purchases of one customer are at one firm, s_j the firms\' yearShare',
    [], (p) => {
      const concentration = overFirms(p, (j) => p.firm('yearShare', j) ** 2);
      return p.window.pairs > 0 && concentration < 1 ? (p.window.samePairs / p.window.pairs - concentration) / (1 - concentration) : 0;
    }),
  market('heavyBuyerShare', 'fraction', 'share of all firms\' sales volume in the last closed year brought by each firm\'s heaviest 20% of buyers (the firms\' heavyBuyerShare, weighted by volume)',
    [], (p) => ratio(p.window.yearHeavyVolume, p.window.yearVolume)),
  market('breakage', 'fraction', 'points expired ÷ (expired + redeemed) over the last closed year, all programs', [],
    (p) => ratio(p.window.yearExpired, p.window.yearExpired + p.window.yearRedeemed)),
  market('relocations', 'customers', 'customers who moved home this period (they redraw their tastes and forget habit and current firm)', ['relocations'], (p) => p.tally.relocations),
  market('pointsLiability', 'currency', 'points liability of all programs', [], (p) => overFirms(p, (j) => p.firm('pointsLiability', j))),
] as const;

/**
 * One market column per failure kind, after the declared ones: the switches attributed to
 * that kind (the customer met it at its firm within the failure memory). With the reasons'
 * columns (`churnRelocation` … `churnNoise`) they decompose `switches` by cause.
 */
export const FAILURE_KIND_METRIC = {
  column: (kind: string): string => `churn_${kind}`,
  pattern: 'churn_<kind>',
  unit: 'customers',
  description: 'switches attributed to failure kind <kind> (met at the customer\'s firm within the failure memory)',
} as const;

/** The market column counting a cause's switches per period: `churn_<kind>` for a failure kind, `churnPrice` for the reason price, … */
export const churnCauseColumn = (cause: string): string =>
  (LEAVING_REASONS as readonly string[]).includes(cause) ? `churn${cause[0].toUpperCase()}${cause.slice(1)}` : FAILURE_KIND_METRIC.column(cause);

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
