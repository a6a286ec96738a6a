/**
 * Points programs (MODEL.md, "Programs"): joining, earning, redeeming at the threshold,
 * expiry after inactivity (breakage). Points are whole numbers, so that
 * issued = redeemed + expired + outstanding holds exactly. Accounting is on a cash basis:
 * a reward costs the firm when it is redeemed.
 */
import type { Context } from './context.js';
import { uniformAt } from './rng.js';
import { FirmTally, FIRM_TALLY_FIELDS } from './tally.js';

/** A purchase of `spend` at firm j: maybe join, then earn and redeem. */
export function onPurchase(ctx: Context, i: number, j: number, t: number, spend: number): void {
  const { firms, pop } = ctx;
  if (firms.programOn[j] === 0) return;
  const ij = i * ctx.M + j;
  const row = j * FIRM_TALLY_FIELDS;
  const tally = ctx.block.firm;
  if (pop.member[ij] === 0) {
    const s = pop.segment[i];
    const eligible = firms.eligibleSegment[j * ctx.segments.count + s] === 1 && pop.basketValue[i] >= firms.minBasketValue[j];
    if (!eligible || uniformAt(ctx.streams.join, i, t) >= ctx.segments.joinProbability[s]) return;
    pop.member[ij] = 1;
    pop.memberships[i] += 1;
    ctx.members[j] += 1;
  }
  const earned = Math.floor(spend * firms.earnRate[j]);
  let points = pop.points[ij] + earned;
  tally[row + FirmTally.pointsIssued] += earned;
  const threshold = firms.threshold[j];
  if (points >= threshold) {
    const rewards = Math.floor(points / threshold);
    points -= rewards * threshold;
    tally[row + FirmTally.pointsRedeemed] += rewards * threshold;
    tally[row + FirmTally.rewardsCost] += rewards * firms.rewardValue[j];
  }
  pop.points[ij] = points;
  pop.lastPurchase[ij] = t;
}

/** Points of members inactive for the expiry period lapse (breakage). */
export function expirePoints(ctx: Context, i: number, t: number): void {
  const { firms, pop, M } = ctx;
  const base = i * M;
  for (let j = 0; j < M; j++) {
    const ij = base + j;
    if (pop.points[ij] > 0 && t - pop.lastPurchase[ij] >= firms.expiryPeriods[j]) {
      ctx.block.firm[j * FIRM_TALLY_FIELDS + FirmTally.pointsExpired] += pop.points[ij];
      pop.points[ij] = 0;
    }
  }
}

/**
 * A program that stops ends every membership; outstanding points lapse (counted as
 * expired, so points stay conserved). Rare, so a full pass is fine.
 */
export function endProgram(ctx: Context, j: number): void {
  const { pop, M, N } = ctx;
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
