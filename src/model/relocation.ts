/**
 * Life events (MODEL.md, "Loyal for their own reasons"): with its segment's probability μ
 * per period (`relocationRate`) a customer moves home. In the new neighbourhood it
 * redraws every taste (tastes.ts, at move t + 1), forgets its habit stock and its current
 * firm, and with it the failure it would name for leaving that firm (the move is
 * remembered instead: the reason it would name for leaving a firm soon after); it keeps its
 * memberships, points, satisfaction and what it believes of each firm's quality (the
 * chains are the same; their points then tend to lapse: breakage). A customer under
 * contract keeps its contract firm as its current firm: the contract still binds it.
 *
 * One uniform per customer and period from the relocation stream, addressed by
 * (customer, period), whether it moves or not: the fixed-draws rule holds, and two
 * scenarios compared on one seed move the same customers in the same periods.
 */
import type { Context } from './context.js';
import { NO_FIRM } from './population.js';
import { uniformAt } from './rng.js';
import { drawTastes, moveIndex } from './tastes.js';
import { FirmTally, FIRM_TALLY_FIELDS, MarketTally } from './tally.js';

/** Period start for customers [from, to): who moves home this period, and what a move resets. */
export function relocate(ctx: Context, from: number, to: number, t: number): void {
  if (!ctx.segments.anyRelocation) return;
  const { pop, M } = ctx;
  const { segment, currentFirm, contractFirm, habit, taste, lastFailureKind, movedAt } = pop;
  const { relocationRate, tasteSd } = ctx.segments;
  const key = ctx.streams.relocation;
  const keys = ctx.tasteKeys;
  const move = moveIndex(t);
  const tally = ctx.block.firm;
  const fields = FIRM_TALLY_FIELDS;
  const { movedAway } = FirmTally;
  let moved = 0;
  for (let i = from; i < to; i++) {
    const s = segment[i];
    if (!(uniformAt(key, i, t) < relocationRate[s])) continue;
    drawTastes(taste, keys, i, move, tasteSd[s]);
    habit.fill(0, i * M, i * M + M);
    const current = currentFirm[i];
    if (current !== NO_FIRM && contractFirm[i] < 0) {
      tally[current * fields + movedAway] += 1;
      currentFirm[i] = NO_FIRM;
    }
    lastFailureKind[i] = -1;
    movedAt[i] = t;
    moved++;
  }
  ctx.block.market[MarketTally.relocations] += moved;
}
