/**
 * Closing a period: turn the period's tallies into the metrics of MODEL.md. Profit is
 * revenue minus every cost line, exactly as the cost lines are reported. Accounting is
 * on a cash basis; the points liability is reported beside profit, not in it.
 */
import type { Context } from './context.js';
import type { FirmMetric } from './metrics.js';
import { largestRemainder } from './population.js';
import type { RunResult } from './results.js';
import { FirmTally as F, FIRM_TALLY_FIELDS, MarketTally as MT, MARKET_TALLY_FIELDS } from './tally.js';

/** Prior for the expected redemption rate until a program has its own history. */
const PRIOR_REDEMPTION_RATE = 0.75;
const PRIOR_WEIGHT_IN_THRESHOLDS = 10;

/** Firm metrics that are the period's tally as it stands: counts and cost lines. */
const REPORTED_AS_TALLIED = [
  'acquired', 'locked', 'contractEnds', 'contractBreaks', 'complaints', 'recoveries', 'failures', 'referrals', 'warnings',
  'costOfGoods', 'rewardsCost', 'qualityCost', 'complaintCost', 'serviceCost', 'exitFees',
] as const satisfies readonly (FirmMetric & keyof typeof F)[];

export interface ProgramBooks {
  /** points ever redeemed and expired, per firm: the program's observed redemption rate */
  readonly redeemed: Float64Array;
  readonly expired: Float64Array;
}

export const createProgramBooks = (firms: number): ProgramBooks => ({ redeemed: new Float64Array(firms), expired: new Float64Array(firms) });

export function closePeriod(ctx: Context, books: ProgramBooks, result: RunResult, t: number): void {
  const { M, firms } = ctx;
  const tally = ctx.period.firm;
  const at = (j: number, field: number) => tally[j * FIRM_TALLY_FIELDS + field];
  const out = result.firm;
  const memberCostBase = shareCoalitionBooks(ctx);

  let totalPurchases = 0;
  let totalRevenue = 0;
  for (let j = 0; j < M; j++) {
    totalPurchases += at(j, F.purchases);
    totalRevenue += at(j, F.sales) + at(j, F.exitFees);
  }

  let marketProfit = 0;
  let marketLiability = 0;
  let weightedPrice = 0;
  let weightedElasticity = 0;
  let inertiaSum = 0;
  let inertiaShoppers = 0;
  let hhi = 0;
  for (let j = 0; j < M; j++) {
    const k = t * M + j;
    const purchases = at(j, F.purchases);
    const revenue = at(j, F.sales) + at(j, F.exitFees);
    const programFixedCost = firms.programFixedCost[j];
    const programMemberCost = memberCostBase[j] * firms.costPerMember[j];
    const programCost = at(j, F.rewardsCost) + programFixedCost + programMemberCost;
    const costs = at(j, F.costOfGoods) + programCost + at(j, F.qualityCost) + at(j, F.complaintCost) + at(j, F.serviceCost);
    const profit = revenue - costs;

    const issued = at(j, F.pointsIssued), redeemed = at(j, F.pointsRedeemed), expired = at(j, F.pointsExpired);
    ctx.pointsOutstanding[j] += issued - redeemed - expired;
    books.redeemed[j] += redeemed;
    books.expired[j] += expired;
    const pointValue = firms.rewardValue[j] / firms.threshold[j];
    const priorWeight = PRIOR_WEIGHT_IN_THRESHOLDS * firms.threshold[j];
    const redemptionRate = (books.redeemed[j] + PRIOR_REDEMPTION_RATE * priorWeight) / (books.redeemed[j] + books.expired[j] + priorWeight);
    const liability = ctx.pointsOutstanding[j] * pointValue * redemptionRate;

    const share = totalPurchases > 0 ? purchases / totalPurchases : 0;
    const customers = at(j, F.customers);
    const atStart = at(j, F.customersAtStart);
    const churn = atStart > 0 ? at(j, F.churned) / atStart : 0;
    const choiceWeight = at(j, F.choiceWeight);

    out.customers[k] = customers;
    out.share[k] = share;
    out.revenueShare[k] = totalRevenue > 0 ? revenue / totalRevenue : 0;
    out.purchases[k] = purchases;
    out.revenue[k] = revenue;
    out.profit[k] = profit;
    // Below a thousandth of a currency unit, a margin says nothing (and can overflow).
    out.margin[k] = revenue > 1e-3 ? profit / revenue : 0;
    out.price[k] = firms.price[j];
    out.quality[k] = firms.quality[j];
    out.members[k] = ctx.members[firms.pointsOwner[j]]; // a coalition partner reports the coalition's members
    out.satisfaction[k] = customers > 0 ? at(j, F.satisfactionSum) / customers : 0;
    out.habit[k] = customers > 0 ? at(j, F.habitSum) / customers : 0;
    out.perceivedQuality[k] = customers > 0 ? at(j, F.perceivedQualitySum) / customers : 0;
    out.delighted[k] = purchases > 0 ? at(j, F.delighted) / purchases : 0;
    out.churn[k] = churn;
    out.retention[k] = 1 - churn;
    out.programFixedCost[k] = programFixedCost;
    out.programMemberCost[k] = programMemberCost;
    out.programCost[k] = programCost;
    out.pointsIssued[k] = issued;
    out.pointsRedeemed[k] = redeemed;
    out.pointsExpired[k] = expired;
    out.pointsOutstanding[k] = ctx.pointsOutstanding[j];
    out.pointsLiability[k] = liability;
    out.breakage[k] = expired * pointValue;
    out.elasticity[k] = choiceWeight > 0 ? at(j, F.elasticityWeighted) / choiceWeight : 0;
    const premiumShoppers = at(j, F.inertiaShoppers);
    out.inertiaPremium[k] = premiumShoppers > 0 ? at(j, F.inertiaSum) / premiumShoppers : 0;
    for (const name of REPORTED_AS_TALLIED) out[name][k] = at(j, F[name]);

    marketProfit += profit;
    marketLiability += liability;
    weightedPrice += share * firms.price[j];
    weightedElasticity += share * out.elasticity[k];
    inertiaSum += at(j, F.inertiaSum);
    inertiaShoppers += at(j, F.inertiaShoppers);
    hhi += share * share;
  }

  const market = result.market;
  const mt = ctx.period.market;
  let priceMean = 0;
  for (let j = 0; j < M; j++) priceMean += firms.price[j] / M;
  let priceVariance = 0;
  for (let j = 0; j < M; j++) priceVariance += (firms.price[j] - priceMean) ** 2 / M;
  let memberships = 0;
  for (let j = 0; j < M; j++) memberships += ctx.members[j];
  const shoppers = mt[MT.shoppers];
  market.meanPrice[t] = totalPurchases > 0 ? weightedPrice : priceMean;
  market.priceDispersion[t] = Math.sqrt(priceVariance);
  market.priceSalience[t] = shoppers > 0 ? mt[MT.salienceSum] / shoppers : 0;
  market.elasticity[t] = weightedElasticity;
  market.inertiaPremium[t] = inertiaShoppers > 0 ? inertiaSum / inertiaShoppers : 0;
  market.hhi[t] = hhi;
  market.programsPerCustomer[t] = memberships / ctx.N;
  market.consumerSurplus[t] = shoppers > 0 ? mt[MT.surplusSum] / shoppers : 0;
  market.shoppers[t] = shoppers;
  market.purchases[t] = totalPurchases;
  market.buyRate[t] = shoppers > 0 ? totalPurchases / shoppers : 0;
  market.revenue[t] = totalRevenue;
  market.profit[t] = marketProfit;
  market.switches[t] = mt[MT.switches];
  market.churnPrice[t] = mt[MT.churnPrice];
  market.churnOther[t] = mt[MT.churnOther];
  market.pointsLiability[t] = marketLiability;
  result.failureKinds.forEach((kind, k) => {
    market[`churn_${kind}`][t] = mt[MARKET_TALLY_FIELDS + k];
  });
}

/**
 * Coalition programs (one card across partners): members earn at any partner and redeem
 * at any partner from one pooled balance, held in the points owner's column. The pool's
 * outflows this period (points redeemed, points expired) are shared among the partners
 * in proportion to their part of the pool (points outstanding at period start plus points
 * issued this period), in whole points (largest remainder), and each partner pays the
 * rewards for the points charged to it: each partner pays for the points it issued, as
 * partners of a Payback-like coalition do. The member cost is shared in the same
 * proportion. Per partner, issued = redeemed + expired + outstanding still holds in whole
 * points; the coalition's membership is counted once (at the owner) for clutter and
 * programs per customer.
 *
 * Rewrites the period tally's redeemed, expired and rewardsCost fields of coalition
 * partners; returns, per firm, the member count its cost per member applies to.
 */
function shareCoalitionBooks(ctx: Context): Float64Array {
  const { M, firms } = ctx;
  const owner = firms.pointsOwner;
  const tally = ctx.period.firm;
  const base = Float64Array.from(ctx.members); // once per period, not per customer
  for (let o = 0; o < M; o++) {
    if (owner[o] !== o) continue;
    const partners: number[] = [];
    for (let j = o; j < M; j++) if (owner[j] === o) partners.push(j);
    if (partners.length < 2) continue;
    const field = (j: number, f: number) => tally[j * FIRM_TALLY_FIELDS + f];
    const available = partners.map((j) => ctx.pointsOutstanding[j] + field(j, F.pointsIssued));
    const pool = available.reduce((a, b) => a + b, 0);
    const redeemed = partners.reduce((a, j) => a + field(j, F.pointsRedeemed), 0);
    const expired = partners.reduce((a, j) => a + field(j, F.pointsExpired), 0);
    const rewards = partners.reduce((a, j) => a + field(j, F.rewardsCost), 0);
    const redeemedBy = apportionWhole(redeemed, available);
    const expiredBy = apportionWhole(expired, available.map((a, p) => a - redeemedBy[p]));
    partners.forEach((j, p) => {
      const row = j * FIRM_TALLY_FIELDS;
      tally[row + F.pointsRedeemed] = redeemedBy[p];
      tally[row + F.pointsExpired] = expiredBy[p];
      tally[row + F.rewardsCost] = redeemed > 0 ? (rewards * redeemedBy[p]) / redeemed : 0;
      base[j] = ctx.members[o] * (pool > 0 ? available[p] / pool : 1 / partners.length);
    });
  }
  return base;
}

/** Split a whole number in proportion to weights, in whole parts (largest remainder; ties to the first). */
function apportionWhole(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || sum <= 0) return weights.map((_, p) => (p === 0 ? total : 0));
  return largestRemainder(weights.map((w) => (total * w) / sum), total);
}
