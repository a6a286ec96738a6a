/**
 * Contracts (MODEL.md, "Contracts"): Gebundenheit. A locked customer buys from its firm;
 * it breaks the contract only when leaving is worth more than the exit fee, valuing the
 * utility gap over the purchases left in the term. At the end of the term it chooses
 * freely again. Unhappy locked-in customers cost their firm service effort each period.
 */
import type { Context } from './context.js';
import { outsideUtility } from './choice.js';
import { NO_FIRM } from './population.js';
import { uniformAt } from './rng.js';
import { FirmTally, FIRM_TALLY_FIELDS } from './tally.js';

/** Period start: end contracts whose term is over; book locked customers and their service cost. */
export function reviewContract(ctx: Context, i: number, t: number): void {
  const { pop, firms } = ctx;
  const c = pop.contractFirm[i];
  if (c === NO_FIRM) return;
  const row = c * FIRM_TALLY_FIELDS;
  const tally = ctx.block.firm;
  if (pop.contractEnd[i] <= t) {
    pop.contractFirm[i] = NO_FIRM;
    tally[row + FirmTally.contractEnds] += 1;
    return;
  }
  tally[row + FirmTally.locked] += 1;
  if (pop.satisfaction[i * ctx.M + c] < firms.unhappyThreshold[c]) tally[row + FirmTally.serviceCost] += firms.unhappyServiceCost[c];
}

/**
 * Would customer i break its contract with firm c now? Uses the utilities in ctx.utility:
 * the best alternative's gap over c, in money (÷ β), times the purchases expected over
 * the rest of the term, against the exit fee.
 */
export function breaksContract(ctx: Context, i: number, t: number): boolean {
  const { pop, firms, utility } = ctx;
  const c = pop.contractFirm[i];
  let alternative = outsideUtility(ctx, i);
  for (let j = 0; j < ctx.M; j++) if (j !== c && utility[j] > alternative) alternative = utility[j];
  if (alternative <= utility[c]) return false;
  const remainingPurchases = (pop.contractEnd[i] - t) * pop.shopProbability[i];
  return ((alternative - utility[c]) / pop.priceSensitivity[i]) * remainingPurchases > firms.exitFee[c];
}

export function breakContract(ctx: Context, i: number): void {
  const c = ctx.pop.contractFirm[i];
  const row = c * FIRM_TALLY_FIELDS;
  ctx.block.firm[row + FirmTally.contractBreaks] += 1;
  ctx.block.firm[row + FirmTally.exitFees] += ctx.firms.exitFee[c];
  ctx.pop.contractFirm[i] = NO_FIRM;
}

/** After a free customer buys at firm j: maybe sign its contract. */
export function maybeSign(ctx: Context, i: number, j: number, t: number): void {
  const { firms, pop } = ctx;
  if (firms.contractOn[j] === 0 || uniformAt(ctx.streams.contract, i, t) >= firms.contractAcceptance[j]) return;
  pop.contractFirm[i] = j;
  pop.contractEnd[i] = t + firms.contractTerm[j];
}
