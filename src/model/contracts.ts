/**
 * Contracts (MODEL.md, "Contracts"): Gebundenheit. A locked customer buys from its firm;
 * it breaks the contract only when leaving is worth more than the exit fee, valuing the
 * utility gap over the purchases left in the term. At the end of the term it chooses
 * freely again. Unhappy locked-in customers cost their firm service effort each period.
 */
import type { Context } from './context.js';
import { NO_FIRM } from './population.js';
import { uniformAt } from './rng.js';
import { FirmTally, FIRM_TALLY_FIELDS } from './tally.js';

/** Period start for customers [from, to): end contracts whose term is over; book the service cost of unhappy locked-in customers. */
export function reviewContracts(ctx: Context, from: number, to: number, t: number): void {
  const { pop, firms, M } = ctx;
  const { contractFirm, contractEnd, satisfaction } = pop;
  const { unhappyThreshold, unhappyServiceCost } = firms;
  const tally = ctx.block.firm;
  const fields = FIRM_TALLY_FIELDS;
  const { contractEnds, serviceCost } = FirmTally;
  const noFirm = NO_FIRM;
  for (let i = from; i < to; i++) {
    const c = contractFirm[i];
    if (c === noFirm) continue;
    const row = c * fields;
    if (contractEnd[i] <= t) {
      contractFirm[i] = noFirm;
      tally[row + contractEnds] += 1;
      continue;
    }
    if (satisfaction[i * M + c] < unhappyThreshold[c]) tally[row + serviceCost] += unhappyServiceCost[c];
  }
}

/**
 * Would shopper k (customer i) break its contract with firm c now? Uses its utilities in
 * the chunk (computeUtilities): the best alternative's gap over c, in money (÷ β), times
 * the purchases expected over the rest of the term, against the exit fee. The best
 * alternative is the chunk's best option whenever that beats c (if c is the best, nothing
 * does), so it needs no second search.
 */
export function breaksContract(ctx: Context, k: number, i: number, c: number, t: number): boolean {
  const { pop, firms } = ctx;
  const kept = ctx.chunk.utility[k * (ctx.M + 1) + c];
  const alternative = ctx.chunk.best[k];
  if (alternative <= kept) return false;
  const remainingPurchases = (pop.contractEnd[i] - t) * pop.shopProbability[i];
  return ((alternative - kept) / pop.priceSensitivity[i]) * remainingPurchases > firms.exitFee[c];
}

export function breakContract(ctx: Context, i: number): void {
  const c = ctx.pop.contractFirm[i];
  const row = c * FIRM_TALLY_FIELDS;
  ctx.block.firm[row + FirmTally.contractBreaks] += 1;
  ctx.block.firm[row + FirmTally.exitFees] += ctx.firms.exitFee[c];
  ctx.pop.contractFirm[i] = NO_FIRM;
}

/** After a free customer buys at firm j, which offers contracts: maybe sign one. */
export function maybeSign(ctx: Context, i: number, j: number, t: number): void {
  const { firms, pop } = ctx;
  if (uniformAt(ctx.streams.contract, i, t) >= firms.contractAcceptance[j]) return;
  pop.contractFirm[i] = j;
  pop.contractEnd[i] = t + firms.contractTerm[j];
}
