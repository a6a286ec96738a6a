/**
 * One customer's period, in MODEL.md's order: read last period's word of mouth, let
 * points lapse, review the contract; then, on a shopping occasion, choose (or keep to
 * the contract), buy, experience, update, tell others, earn points. Every mechanism is
 * its own module; this file only sequences them.
 */
import type { Context } from './context.js';
import { computeUtilities, logitWeights, outsideUtility, sampleChoice } from './choice.js';
import { breakContract, breaksContract, maybeSign, reviewContract } from './contracts.js';
import { experience, updateHabit, updateSatisfaction } from './experience.js';
import { expirePoints, onPurchase } from './programs.js';
import { uniformAt } from './rng.js';
import { FirmTally, FIRM_TALLY_FIELDS, MarketTally, MARKET_TALLY_FIELDS } from './tally.js';
import { receiveWord, spreadWord } from './word-of-mouth.js';

export function stepCustomer(ctx: Context, i: number, t: number): void {
  const { pop } = ctx;
  receiveWord(ctx, i, t);
  expirePoints(ctx, i, t);
  reviewContract(ctx, i, t);
  const previous = pop.currentFirm[i];
  const tally = ctx.block.firm;
  if (previous >= 0) tally[previous * FIRM_TALLY_FIELDS + FirmTally.customersAtStart] += 1;

  if (uniformAt(ctx.streams.shop, i, t) < pop.shopProbability[i]) shop(ctx, i, t, previous);

  const current = pop.currentFirm[i];
  if (current >= 0) {
    const row = current * FIRM_TALLY_FIELDS;
    tally[row + FirmTally.customers] += 1;
    tally[row + FirmTally.satisfactionSum] += pop.satisfaction[i * ctx.M + current];
    tally[row + FirmTally.habitSum] += pop.habit[i * ctx.M + current];
  }
}

function shop(ctx: Context, i: number, t: number, previous: number): void {
  const { pop } = ctx;
  const best = computeUtilities(ctx, i);
  const outsideWeight = Math.exp(outsideUtility(ctx, i) - best);
  let sum = logitWeights(ctx, i, best, outsideWeight);
  const locked = pop.contractFirm[i];
  let chosen: number;
  if (locked < 0) {
    chosen = sampleChoice(ctx, sum, uniformAt(ctx.streams.choice, i, t), outsideWeight);
  } else if (breaksContract(ctx, i, t)) {
    breakContract(ctx, i);
    sum -= ctx.weight[locked]; // the customer is leaving: choose among the others
    ctx.weight[locked] = 0;
    chosen = sampleChoice(ctx, sum, uniformAt(ctx.streams.choice, i, t), outsideWeight);
  } else {
    chosen = locked;
  }
  updateHabit(ctx, i, chosen);
  if (chosen >= 0) purchase(ctx, i, chosen, t, previous);
}

function purchase(ctx: Context, i: number, j: number, t: number, previous: number): void {
  const { pop, firms } = ctx;
  const tally = ctx.block.firm;
  const row = j * FIRM_TALLY_FIELDS;
  if (previous !== j) {
    tally[row + FirmTally.acquired] += 1;
    if (previous >= 0) recordSwitch(ctx, i, j, t, previous);
    pop.currentFirm[i] = j;
  }
  if (pop.contractFirm[i] < 0) maybeSign(ctx, i, j, t);
  const basket = pop.basketValue[i];
  const price = pop.contractFirm[i] === j ? firms.price[j] * (1 - firms.contractDiscount[j]) : firms.price[j];
  const spend = price * basket;
  tally[row + FirmTally.purchases] += 1;
  tally[row + FirmTally.sales] += spend;
  tally[row + FirmTally.baskets] += basket;
  tally[row + FirmTally.costOfGoods] += firms.unitCost[j] * basket;
  tally[row + FirmTally.qualityCost] += firms.qualityUnitCost[j] * basket;

  const x = experience(ctx, i, j, t);
  const d = updateSatisfaction(ctx, i, j, x);
  spreadWord(ctx, i, j, t, d);
  onPurchase(ctx, i, j, t, spend);
}

/**
 * A switch from `previous` to `j`, and why: the failure kind the customer met at its
 * firm within the memory window, else price if the new firm is cheaper, else other
 * (habit, satisfaction, word of mouth, noise).
 */
function recordSwitch(ctx: Context, i: number, j: number, t: number, previous: number): void {
  const { pop } = ctx;
  ctx.block.firm[previous * FIRM_TALLY_FIELDS + FirmTally.churned] += 1;
  const market = ctx.block.market;
  market[MarketTally.switches] += 1;
  const kind = pop.lastFailureKind[i];
  if (kind >= 0 && t - pop.lastFailurePeriod[i] <= ctx.failureMemory) market[MARKET_TALLY_FIELDS + kind] += 1;
  else if (ctx.firms.price[j] < ctx.firms.price[previous]) market[MarketTally.churnPrice] += 1;
  else market[MarketTally.churnOther] += 1;
  pop.lastFailureKind[i] = -1;
}
