/**
 * Why a customer who switches from firm k to firm j left k, named from the model's own
 * state at the moment of the switch (no draw, no effect on any choice). The first cause
 * that applies wins:
 *
 * 1. a service failure met at k within the failure memory, by kind: the reason customers
 *    name first in exit surveys (Keaveney 1995), and a fact, not an inference;
 * 2. a move home within the memory: every taste was redrawn and the habit forgotten, so
 *    the customer is choosing afresh;
 * 3. price: j's list price is below k's;
 * 4. taste: the customer's own taste for j is above its taste for k;
 * 5. quality: the customer believes j's quality above k's (learned from experience);
 * 6. habit: the habit at k has worn off below HABIT_WORN_OFF (after this period's decay);
 * 7. noise: none of these; the logit's draw.
 *
 * Facts the customer met come before comparisons, and comparisons a customer would state
 * (price, then its own liking) before those it holds without naming (belief about quality,
 * a habit fading). The counts go into the market tally, by firm left and by the leaver's
 * segment (tally.ts `leaverRows`).
 */
import type { Context } from './context.js';
import { LEAVING_REASONS, type LeavingReason } from './metrics.js';
import { FirmTally, FIRM_TALLY_FIELDS, MarketTally } from './tally.js';

/** Habit H ∈ [0, 1] below which it no longer holds the customer: less than half of a steady customer's. */
export const HABIT_WORN_OFF = 0.5;

/** A reason's offset after the failure kinds in a row of causes. */
export const reasonIndex = (reason: LeavingReason): number => LEAVING_REASONS.indexOf(reason);
const RELOCATION = reasonIndex('relocation');
const PRICE = reasonIndex('price');
const TASTE = reasonIndex('taste');
const QUALITY = reasonIndex('quality');
const HABIT = reasonIndex('habit');
const NOISE = reasonIndex('noise');

/** The cause of customer i's switch from `previous` to `j` in period t: a failure kind 0..K−1, else K + the reason's index. */
export function leavingCause(ctx: Context, i: number, j: number, previous: number, t: number): number {
  const { pop, M, K } = ctx;
  const kind = pop.lastFailureKind[i];
  if (kind >= 0 && t - pop.lastFailurePeriod[i] <= ctx.failureMemory) return kind;
  if (t - pop.movedAt[i] <= ctx.failureMemory) return K + RELOCATION;
  if (ctx.firms.price[j] < ctx.firms.price[previous]) return K + PRICE;
  const to = i * M + j;
  const from = i * M + previous;
  if (pop.taste[to] > pop.taste[from]) return K + TASTE;
  if (pop.perceivedQuality[to] > pop.perceivedQuality[from]) return K + QUALITY;
  if (pop.habit[from] < HABIT_WORN_OFF) return K + HABIT;
  return K + NOISE;
}

/** Count customer i's switch from `previous` to `j` under its cause, by firm left and by segment; the failure is then spent. */
export function recordSwitch(ctx: Context, i: number, j: number, t: number, previous: number): void {
  const { pop } = ctx;
  ctx.block.firm[previous * FIRM_TALLY_FIELDS + FirmTally.switchedAway] += 1;
  const market = ctx.block.market;
  market[MarketTally.switches] += 1;
  const cause = leavingCause(ctx, i, j, previous, t);
  const { causes, byFirm, bySegment } = ctx.leavers;
  market[byFirm + previous * causes + cause] += 1;
  market[bySegment + pop.segment[i] * causes + cause] += 1;
  pop.lastFailureKind[i] = -1;
}
