/**
 * Every metric is declared once here. The CSV columns, summary.json, the charts and the
 * metric reference (docs/metrics.md) all read these declarations.
 *
 * `summary` says how a run is summarised: `lastQuarter` = mean over the last quarter of
 * the horizon (INTERFACE.md), `total` = sum over the horizon.
 */
export interface MetricDeclaration {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly summary: 'lastQuarter' | 'total';
}

const m = (name: string, unit: string, description: string, summary: 'lastQuarter' | 'total' = 'lastQuarter'): MetricDeclaration =>
  ({ name, unit, description, summary });

/** Per firm and period; column order of timeseries.csv after `period, firm`. */
export const FIRM_METRICS = [
  m('customers', 'customers', 'customers whose current (last-bought-from) firm this is'),
  m('share', 'fraction', 'share of purchases this period'),
  m('revenueShare', 'fraction', 'share of market revenue this period'),
  m('purchases', 'purchases', 'shopping occasions that ended in a purchase here'),
  m('revenue', 'currency', 'sales at the price paid (after contract discounts) plus exit fees'),
  m('profit', 'currency', 'revenue minus every cost line'),
  m('margin', 'fraction', 'profit / revenue'),
  m('price', 'currency/unit', 'list price'),
  m('quality', 'quality', 'service quality q_j'),
  m('members', 'customers', 'program members'),
  m('satisfaction', 'disconfirmation', 'mean satisfaction S_ij of the firm\'s current customers'),
  m('delighted', 'fraction', 'share of this period\'s buyers whose experience beat expectation by more than δ'),
  m('habit', 'habit', 'mean habit H_ij of the firm\'s current customers'),
  m('perceivedQuality', 'quality', 'mean perceived quality Q_ij of the firm\'s current customers (learned from their experiences there)'),
  m('churn', 'fraction', 'share of the firm\'s customers at period start who bought elsewhere this period'),
  m('retention', 'fraction', '1 − churn'),
  m('acquired', 'customers', 'customers won from rivals or from no firm this period'),
  m('locked', 'customers', 'customers under contract with the firm'),
  m('contractEnds', 'customers', 'contracts that reached their term this period'),
  m('contractBreaks', 'customers', 'contracts broken early (exit fee paid)'),
  m('complaints', 'complaints', 'complaints received'),
  m('recoveries', 'complaints', 'complaints recovered'),
  m('failures', 'failures', 'service failures'),
  m('referrals', 'referrals', 'positive referrals made by the firm\'s delighted buyers'),
  m('warnings', 'referrals', 'negative word of mouth made by the firm\'s disappointed buyers'),
  m('costOfGoods', 'currency', 'unit cost × baskets sold'),
  m('rewardsCost', 'currency', 'rewards redeemed (cash basis)'),
  m('programFixedCost', 'currency', 'program fixed cost'),
  m('programMemberCost', 'currency', 'program cost per member'),
  m('programCost', 'currency', 'rewardsCost + programFixedCost + programMemberCost'),
  m('qualityCost', 'currency', 'cost of service quality (convex in q)'),
  m('complaintCost', 'currency', 'complaint handling and recovery'),
  m('serviceCost', 'currency', 'extra service effort for unhappy locked-in customers'),
  m('exitFees', 'currency', 'exit fees received (part of revenue)'),
  m('pointsIssued', 'points', 'points earned by members'),
  m('pointsRedeemed', 'points', 'points redeemed for rewards'),
  m('pointsExpired', 'points', 'points expired after inactivity (breakage)'),
  m('pointsOutstanding', 'points', 'points held by members at period end'),
  m('pointsLiability', 'currency', 'outstanding points × reward value per point × expected redemption rate'),
  m('breakage', 'currency', 'value of expired points (cost avoided, not revenue)'),
  m('elasticity', 'elasticity', 'own-price elasticity of demand implied by customers\' choice probabilities'),
  m('inertiaPremium', 'fraction of price', 'what staying is worth to a shopper whose current firm this is, (w_h·H_ij + c_i + σ_i·w_r·Π_ij)/β_i, as a fraction of the price; mean over those shoppers'),
] as const satisfies readonly MetricDeclaration[];

/** Per period, market level; column order of market.csv after `period`. */
export const MARKET_METRICS = [
  m('meanPrice', 'currency/unit', 'purchase-weighted mean list price'),
  m('priceDispersion', 'currency/unit', 'standard deviation of list prices across firms'),
  m('elasticity', 'elasticity', 'firms\' own-price elasticities, weighted by purchase share'),
  m('inertiaPremium', 'fraction of price', 'what staying is worth to a shopper at its current firm, as a fraction of that firm\'s price; mean over shoppers with a current firm (so each firm weighs by its customers)'),
  m('priceSalience', 'elasticity', 'share-weighted own-price elasticity customers face, Σ_j P_ij·β_eff·p_j·(1−P_ij) / Σ_j P_ij, mean over shoppers'),
  m('hhi', 'index 0–1', 'Herfindahl–Hirschman index of purchase shares'),
  m('programsPerCustomer', 'programs', 'mean program memberships per customer'),
  m('consumerSurplus', 'currency', 'mean logit log-sum (incl. not buying) / β_i over shoppers'),
  m('shoppers', 'customers', 'customers with a shopping occasion'),
  m('purchases', 'purchases', 'occasions ending in a purchase'),
  m('buyRate', 'fraction', 'purchases / shoppers (1 − share choosing not to buy)'),
  m('revenue', 'currency', 'market revenue'),
  m('profit', 'currency', 'sum of firm profits'),
  m('switches', 'customers', 'purchases from a firm other than the customer\'s current one'),
  m('churnPrice', 'customers', 'switches with no recent failure, to a cheaper firm'),
  m('churnOther', 'customers', 'switches with no recent failure, not to a cheaper firm'),
  m('pointsLiability', 'currency', 'points liability of all programs'),
] as const satisfies readonly MetricDeclaration[];

export type FirmMetric = (typeof FIRM_METRICS)[number]['name'];
export type MarketMetric = (typeof MARKET_METRICS)[number]['name'];

/** Switches attributed to each failure kind are market columns `churn_<kind>`. */
export const churnCauseColumn = (kind: string): string => `churn_${kind}`;

export const FIRM_METRIC_NAMES: readonly FirmMetric[] = FIRM_METRICS.map((d) => d.name);
export const MARKET_METRIC_NAMES: readonly MarketMetric[] = MARKET_METRICS.map((d) => d.name);
