/**
 * Points programs (MODEL.md, "Programs"): joining, earning, redeeming at the threshold,
 * expiry after inactivity (breakage). Points are whole numbers, so that
 * issued = redeemed + expired + outstanding holds exactly. Accounting is on a cash basis:
 * a reward costs the firm when it is redeemed.
 */
import type { Context } from './context.js';
import { uniformAt } from './rng.js';
import { FirmTally, FIRM_TALLY_FIELDS } from './tally.js';

/** Largest points balance a member can hold (Int32 storage). */
export const MAX_BALANCE = 2 ** 30;

/**
 * Every buyer in the chunk spent ctx.chunk.spend[b] at its firm: if the firm runs a
 * program, the buyer may join (open programs, or targeted ones that invite it), then
 * members earn points and redeem them at the threshold.
 */
export function earnPoints(ctx: Context, count: number, t: number): void {
  const { firms, pop, M } = ctx;
  const { buyers, buyerFirm, spend } = ctx.chunk;
  const { member, points: balance, lastPurchase } = pop;
  const { programOn, pointsOwner, earnRate, threshold: thresholds, rewardValue } = firms;
  const tally = ctx.block.firm;
  const fields = FIRM_TALLY_FIELDS;
  const { pointsIssued, pointsRedeemed, rewardsCost } = FirmTally;
  const maxBalance = MAX_BALANCE;
  for (let b = 0; b < count; b++) {
    const j = buyerFirm[b];
    if (programOn[j] === 0) continue;
    const i = buyers[b];
    const ij = i * M + pointsOwner[j]; // a coalition's partners share one membership and balance
    if (member[ij] === 0 && !join(ctx, i, j, t)) continue;
    const row = j * fields;
    // Balances are Int32: saturate below 2^30 (only points actually credited count as issued).
    const earned = Math.min(Math.floor(spend[b] * earnRate[j]), maxBalance - balance[ij]);
    let points = balance[ij] + earned;
    tally[row + pointsIssued] += earned;
    const threshold = thresholds[j];
    if (points >= threshold) {
      const rewards = Math.floor(points / threshold);
      points -= rewards * threshold;
      tally[row + pointsRedeemed] += rewards * threshold;
      tally[row + rewardsCost] += rewards * rewardValue[j];
    }
    balance[ij] = points;
    lastPurchase[ij] = t;
  }
}

/** A non-member buying at firm j: joins with its segment's probability if the program is open to it. */
function join(ctx: Context, i: number, j: number, t: number): boolean {
  const { firms, pop } = ctx;
  const s = pop.segment[i];
  const eligible = firms.eligibleSegment[j * ctx.segments.count + s] === 1 && pop.basketValue[i] >= firms.minBasketValue[j];
  if (!eligible || uniformAt(ctx.streams.join, i, t) >= ctx.segments.joinProbability[s]) return false;
  const owner = firms.pointsOwner[j];
  pop.member[i * ctx.M + owner] = 1;
  pop.memberships[i] += 1;
  ctx.members[owner] += 1;
  return true;
}

/**
 * Period start for customers [from, to): points of members inactive for the expiry period
 * lapse (breakage). A customer's row is skipped while even its oldest points are younger
 * than the shortest expiry (pop.pointsSince); visiting it refreshes that bound.
 */
export function expirePoints(ctx: Context, from: number, to: number, t: number): void {
  const { firms, pop, M } = ctx;
  const { points, lastPurchase, pointsSince } = pop;
  const expiry = firms.expiryPeriods;
  const shortest = firms.shortestExpiry[0];
  const tally = ctx.block.firm;
  const fields = FIRM_TALLY_FIELDS;
  const { pointsExpired } = FirmTally;
  for (let i = from; i < to; i++) {
    if (t - pointsSince[i] < shortest) continue;
    const base = i * M;
    let since = t;
    for (let j = 0; j < M; j++) {
      const ij = base + j;
      if (points[ij] <= 0) continue; // only positive balances lapse
      if (t - lastPurchase[ij] >= expiry[j]) {
        tally[j * fields + pointsExpired] += points[ij];
        points[ij] = 0;
      } else if (lastPurchase[ij] < since) {
        since = lastPurchase[ij];
      }
    }
    pointsSince[i] = since;
  }
}

/**
 * A program that stops ends every membership; outstanding points lapse (counted as
 * expired, so points stay conserved). Rare, so a full pass is fine.
 */
export function endProgram(ctx: Context, j: number): void {
  const { pop, M, N } = ctx;
  // A coalition lives on while a partner runs it: a partner leaving takes no memberships
  // (they are held in the points owner's column), and the owner's column is kept while
  // another partner's program still runs.
  const owner = ctx.firms.pointsOwner;
  if (owner[j] !== j) return;
  for (let k = 0; k < ctx.M; k++) if (k !== j && owner[k] === j && ctx.firms.programOn[k] === 1) return;
  let lapsed = 0;
  for (let i = 0; i < N; i++) {
    const ij = i * M + j;
    if (pop.member[ij] === 0) continue;
    pop.member[ij] = 0;
    pop.memberships[i] -= 1;
    lapsed += pop.points[ij];
    pop.points[ij] = 0;
  }
  ctx.members[j] = 0;
  ctx.period.firm[j * FIRM_TALLY_FIELDS + FirmTally.pointsExpired] += lapsed;
}
