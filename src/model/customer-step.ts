/**
 * Customers' period, in MODEL.md's order: read last period's word of mouth, let points
 * lapse, move home (rarely), review the contract; then, on a shopping occasion, choose
 * (or keep to the contract), buy (and count the purchase for the quarter and the year),
 * experience, update, tell others, earn points. Every mechanism is its own module; this
 * file only sequences them.
 *
 * Data-oriented: customers are stepped a chunk at a time, one pass per mechanism over
 * the chunk, each pass a tight loop over typed-array columns; the passes hand each other
 * compact lists (the shoppers, the buyers and what they bought) in ctx.chunk. Customers
 * who do not shop never enter the choice and purchase passes.
 *
 * Why the result does not depend on the chunking: within a period a customer's state is
 * touched only by its own steps (word of mouth goes to next period's inbox), the passes
 * keep each customer's steps in MODEL.md's order, and every tally field is added to by
 * exactly one pass, in customer order, so float sums add up in the same order as if
 * customers were stepped one by one.
 */
import { countPurchase } from './buying-windows.js';
import { CHUNK_SIZE, type Context } from './context.js';
import { computeUtilities, dropOption, logitWeights, sampleChoice } from './choice.js';
import { breakContract, breaksContract, maybeSign, reviewContracts } from './contracts.js';
import { experiences, updateHabits, updateSatisfaction } from './experience.js';
import { recordSwitch } from './leaving.js';
import { earnPoints, expirePoints } from './programs.js';
import { relocate } from './relocation.js';
import { uniformAt } from './rng.js';
import { FirmTally, FIRM_TALLY_FIELDS } from './tally.js';
import { receiveWord, spreadWord } from './word-of-mouth.js';

/** Step customers [start, end) through period t, adding into ctx.block. */
export function stepBlock(ctx: Context, start: number, end: number, t: number): void {
  for (let from = start; from < end; from += CHUNK_SIZE) {
    const to = Math.min(end, from + CHUNK_SIZE);
    receiveWord(ctx, from, to, t);
    expirePoints(ctx, from, to, t);
    relocate(ctx, from, to, t);
    reviewContracts(ctx, from, to, t);
    const shoppers = selectShoppers(ctx, from, to, t);
    computeUtilities(ctx, shoppers);
    logitWeights(ctx, shoppers);
    const buyers = choose(ctx, shoppers, t);
    if (ctx.pop.occasion !== null) recordOccasions(ctx, from, to, shoppers);
    updateHabits(ctx, shoppers);
    buy(ctx, buyers, t);
    experiences(ctx, buyers, t);
    updateSatisfaction(ctx, buyers);
    spreadWord(ctx, buyers, t);
    earnPoints(ctx, buyers, t);
    countCustomers(ctx, from, to);
  }
}

/** Count each firm's customers at the start of the period; list who has a shopping occasion. Returns how many. */
export function selectShoppers(ctx: Context, from: number, to: number, t: number): number {
  const { currentFirm, shopProbability } = ctx.pop;
  const shoppers = ctx.chunk.shoppers;
  const tally = ctx.block.firm;
  const fields = FIRM_TALLY_FIELDS;
  const { customersAtStart } = FirmTally;
  const key = ctx.streams.shop;
  let count = 0;
  for (let i = from; i < to; i++) {
    const previous = currentFirm[i];
    if (previous >= 0) tally[previous * fields + customersAtStart] += 1;
    // Append i, keep it only if it shops: no branch on a coin flip the CPU cannot predict.
    shoppers[count] = i;
    count += +(uniformAt(key, i, t) < shopProbability[i]);
  }
  return count;
}

/** For a panel: each customer's occasion this period (the firm chosen, −1 not buying, −2 no occasion). */
function recordOccasions(ctx: Context, from: number, to: number, shoppers: number): void {
  const occasion = ctx.pop.occasion!;
  const { shoppers: list, chosen } = ctx.chunk;
  occasion.fill(-2, from, to);
  for (let k = 0; k < shoppers; k++) occasion[list[k]] = chosen[k];
}

/**
 * Each shopper picks a firm or not buying (a locked customer keeps to its contract unless
 * breaking it pays) into ctx.chunk.chosen; the buyers and their firms go into ctx.chunk.
 * Returns the number of buyers.
 */
export function choose(ctx: Context, shoppers: number, t: number): number {
  const { contractFirm } = ctx.pop;
  const { shoppers: list, chosen: chosenOf, buyers, buyerFirm } = ctx.chunk;
  const key = ctx.streams.choice;
  let count = 0;
  for (let k = 0; k < shoppers; k++) {
    const i = list[k];
    const locked = contractFirm[i];
    let chosen: number;
    if (locked < 0) {
      chosen = sampleChoice(ctx, k, uniformAt(key, i, t));
    } else if (breaksContract(ctx, k, i, locked, t)) {
      breakContract(ctx, i);
      dropOption(ctx, k, locked); // the customer is leaving: choose among the others
      chosen = sampleChoice(ctx, k, uniformAt(key, i, t));
    } else {
      chosen = locked;
    }
    chosenOf[k] = chosen;
    // Append i as a buyer, keep it only if it buys.
    buyers[count] = i;
    buyerFirm[count] = chosen;
    count += +(chosen >= 0);
  }
  return count;
}

/** Each buyer pays at its firm: acquisition, repeat purchase or switch, contract signing, sales and costs; the purchase is counted for the quarter and the year. */
export function buy(ctx: Context, count: number, t: number): void {
  const { currentFirm, contractFirm, basketValue, purchaseCounts } = ctx.pop;
  const M = ctx.M;
  const { price: listPrice, contractPrice, contractOn, unitCost, qualityUnitCost } = ctx.firms;
  const { buyers, buyerFirm, spend: spent } = ctx.chunk;
  const tally = ctx.block.firm;
  const fields = FIRM_TALLY_FIELDS;
  const { acquired, repeatPurchases, purchases, sales, costOfGoods, qualityCost } = FirmTally;
  for (let b = 0; b < count; b++) {
    const i = buyers[b];
    const j = buyerFirm[b];
    const row = j * fields;
    const previous = currentFirm[i];
    tally[row + repeatPurchases] += +(previous === j);
    countPurchase(purchaseCounts, i * M + j);
    if (previous !== j) {
      tally[row + acquired] += 1;
      if (previous >= 0) recordSwitch(ctx, i, j, t, previous);
      currentFirm[i] = j;
    }
    if (contractOn[j] === 1 && contractFirm[i] < 0) maybeSign(ctx, i, j, t);
    const basket = basketValue[i];
    const price = contractFirm[i] === j ? contractPrice[j] : listPrice[j];
    const spend = price * basket;
    tally[row + purchases] += 1;
    tally[row + sales] += spend;
    tally[row + costOfGoods] += unitCost[j] * basket;
    tally[row + qualityCost] += qualityUnitCost[j] * basket;
    spent[b] = spend;
  }
}

/** Period end: each firm's customers, those under contract, their satisfaction, habit and perceived quality. */
export function countCustomers(ctx: Context, from: number, to: number): void {
  const { currentFirm, contractFirm, satisfaction, habit, perceivedQuality } = ctx.pop;
  const M = ctx.M;
  const tally = ctx.block.firm;
  const fields = FIRM_TALLY_FIELDS;
  const { customers, locked, satisfactionSum, habitSum, perceivedQualitySum } = FirmTally;
  for (let i = from; i < to; i++) {
    const current = currentFirm[i];
    if (current < 0) continue;
    const row = current * fields;
    tally[row + customers] += 1;
    // Counted at period end like customers: a contract is always with the current firm.
    if (contractFirm[i] >= 0) tally[row + locked] += 1;
    tally[row + satisfactionSum] += satisfaction[i * M + current];
    tally[row + habitSum] += habit[i * M + current];
    tally[row + perceivedQualitySum] += perceivedQuality[i * M + current];
  }
}
