/**
 * Closing a period: keep the books (points outstanding, the programs' redemption history,
 * the liability), then compute every declared metric (metrics.ts) from the period's
 * tallies. Accounting is on a cash basis; the points liability is reported beside profit,
 * not in it.
 */
import { isYearEnd } from './buying-windows.js';
import type { Context } from './context.js';
import { FIRM_METRICS, MARKET_METRICS, FAILURE_KIND_METRIC, type FirmMetric, type FirmPeriod, type FirmWindow, type LeavingReason, type MarketPeriod, type MarketWindow } from './metrics.js';
import { reasonIndex } from './leaving.js';
import { largestRemainder } from './population.js';
import type { RunResult } from './results.js';
import { FirmTally as F, FIRM_TALLY_FIELDS, FIRM_TALLY_NAMES, MARKET_TALLY_NAMES } from './tally.js';

/** Prior for the expected redemption rate until a program has its own history. */
const PRIOR_REDEMPTION_RATE = 0.75;
const PRIOR_WEIGHT_IN_THRESHOLDS = 10;

export interface ProgramBooks {
  /** points ever redeemed and expired, per firm: the program's observed redemption rate */
  readonly redeemed: Float64Array;
  readonly expired: Float64Array;
  /** points redeemed and expired in the current calendar year so far, and in the last closed one (breakage on resolved points) */
  readonly yearRedeemed: Float64Array;
  readonly yearExpired: Float64Array;
  readonly closedYearRedeemed: Float64Array;
  readonly closedYearExpired: Float64Array;
}

export const createProgramBooks = (firms: number): ProgramBooks => ({
  redeemed: new Float64Array(firms), expired: new Float64Array(firms),
  yearRedeemed: new Float64Array(firms), yearExpired: new Float64Array(firms),
  closedYearRedeemed: new Float64Array(firms), closedYearExpired: new Float64Array(firms),
});

/** A firm's period as the declarations read it; one object per run, refilled for each firm. */
interface FirmPeriodView extends FirmPeriod {
  tally: Record<string, number>;
  value: Record<string, number>;
  price: number;
  quality: number;
  programFixedCost: number;
  programMemberCost: number;
  members: number;
  pointsOutstanding: number;
  pointValue: number;
  pointsLiability: number;
  marketPurchases: number;
  marketRevenue: number;
  window: { -readonly [K in keyof FirmWindow]: number };
}

export function closePeriod(ctx: Context, books: ProgramBooks, result: RunResult, t: number): void {
  const { M, firms } = ctx;
  const tally = ctx.period.firm;
  const at = (j: number, field: number) => tally[j * FIRM_TALLY_FIELDS + field];
  const memberCostBase = shareCoalitionBooks(ctx);

  let marketPurchases = 0;
  let marketRevenue = 0;
  for (let j = 0; j < M; j++) {
    marketPurchases += at(j, F.purchases);
    marketRevenue += at(j, F.sales) + at(j, F.exitFees);
  }

  const w = ctx.windows;
  const yearEnd = isYearEnd(w, t);
  let marketYearPurchases = 0;
  for (let j = 0; j < M; j++) marketYearPurchases += w.yearPurchases[j];
  const p: FirmPeriodView = {
    tally: {}, value: {}, price: 0, quality: 0, programFixedCost: 0, programMemberCost: 0, members: 0,
    pointsOutstanding: 0, pointValue: 0, pointsLiability: 0, marketPurchases, marketRevenue,
    window: {
      quarterBuyers: 0, quarterLost: 0, yearBuyers: 0, yearPurchases: 0, yearBuyerPurchases: 0, marketYearPurchases,
      yearVolume: 0, yearHeavyVolume: 0, yearRedeemed: 0, yearExpired: 0,
    },
  };
  for (let j = 0; j < M; j++) {
    const issued = at(j, F.pointsIssued), redeemed = at(j, F.pointsRedeemed), expired = at(j, F.pointsExpired);
    ctx.pointsOutstanding[j] += issued - redeemed - expired;
    books.redeemed[j] += redeemed;
    books.expired[j] += expired;
    books.yearRedeemed[j] += redeemed;
    books.yearExpired[j] += expired;
    if (yearEnd) {
      books.closedYearRedeemed[j] = books.yearRedeemed[j];
      books.closedYearExpired[j] = books.yearExpired[j];
      books.yearRedeemed[j] = 0;
      books.yearExpired[j] = 0;
    }
    const priorWeight = PRIOR_WEIGHT_IN_THRESHOLDS * firms.threshold[j];
    const redemptionRate = (books.redeemed[j] + PRIOR_REDEMPTION_RATE * priorWeight) / (books.redeemed[j] + books.expired[j] + priorWeight);

    FIRM_TALLY_NAMES.forEach((name, field) => { p.tally[name] = at(j, field); });
    p.price = firms.price[j];
    p.quality = firms.quality[j];
    p.programFixedCost = firms.programFixedCost[j];
    p.programMemberCost = memberCostBase[j] * firms.costPerMember[j];
    p.members = ctx.members[firms.pointsOwner[j]]; // a coalition partner reports the coalition's members
    p.pointsOutstanding = ctx.pointsOutstanding[j];
    p.pointValue = firms.rewardValue[j] / firms.threshold[j];
    p.pointsLiability = ctx.pointsOutstanding[j] * p.pointValue * redemptionRate;
    const pw = p.window;
    pw.quarterBuyers = w.quarterBuyers[j];
    pw.quarterLost = w.quarterLost[j];
    pw.yearBuyers = w.yearBuyers[j];
    pw.yearPurchases = w.yearPurchases[j];
    pw.yearBuyerPurchases = w.yearBuyerPurchases[j];
    pw.yearVolume = w.yearVolume[j];
    pw.yearHeavyVolume = w.yearHeavyVolume[j];
    pw.yearRedeemed = books.closedYearRedeemed[j];
    pw.yearExpired = books.closedYearExpired[j];
    for (const d of FIRM_METRICS) {
      const v = d.compute(p);
      p.value[d.name] = v;
      result.firm[d.name][t * M + j] = v;
    }
  }

  const mt = ctx.period.market;
  const switchesFor = addLeavers(ctx, result);
  const m: MarketPeriod & { value: Record<string, number> } = {
    tally: Object.fromEntries(MARKET_TALLY_NAMES.map((name, field) => [name, mt[field]])),
    value: {},
    firms: M,
    customers: ctx.N,
    firm: (name: FirmMetric, j: number) => result.firm[name][t * M + j],
    firmTally: (field: string) => {
      let s = 0;
      for (let j = 0; j < M; j++) s += at(j, F[field as keyof typeof F]);
      return s;
    },
    price: (j: number) => firms.price[j],
    memberships: ctx.members.reduce((a, b) => a + b, 0),
    window: marketWindow(ctx, books),
    leavers: (reason: LeavingReason) => switchesFor(ctx.K + reasonIndex(reason)),
  };
  for (const d of MARKET_METRICS) {
    const v = d.compute(m);
    m.value[d.name] = v;
    result.market[d.name][t] = v;
  }
  result.failureKinds.forEach((kind, k) => {
    result.market[FAILURE_KIND_METRIC.column(kind)][t] = switchesFor(k);
  });
}

/**
 * Adds the period's switches by cause to the run's totals (by firm left and by segment);
 * returns the period's switches for a cause, summed over the firms left in firm order.
 */
function addLeavers(ctx: Context, result: RunResult): (cause: number) => number {
  const mt = ctx.period.market;
  const { causes, byFirm, bySegment } = ctx.leavers;
  const { leavers } = result;
  for (let k = 0; k < leavers.byFirm.length; k++) leavers.byFirm[k] += mt[byFirm + k];
  for (let k = 0; k < leavers.bySegment.length; k++) leavers.bySegment[k] += mt[bySegment + k];
  return (cause) => {
    let s = 0;
    for (let j = 0; j < ctx.M; j++) s += mt[byFirm + j * causes + cause];
    return s;
  };
}

/** The market's last closed quarter and year: the firms' figures summed in firm order, and the customers' own. */
function marketWindow(ctx: Context, books: ProgramBooks): MarketWindow {
  const w = ctx.windows;
  const total = (a: Float64Array): number => a.reduce((s, x) => s + x, 0);
  return {
    quarterBuyers: total(w.quarterBuyers),
    quarterLost: total(w.quarterLost),
    yearVolume: total(w.yearVolume),
    yearHeavyVolume: total(w.yearHeavyVolume),
    yearRedeemed: total(books.closedYearRedeemed),
    yearExpired: total(books.closedYearExpired),
    ...w.market,
  };
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
