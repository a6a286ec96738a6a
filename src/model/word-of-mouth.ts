/**
 * Word of mouth (MODEL.md, "Updates"): a delighted buyer may refer one other customer,
 * who becomes aware of the firm with a positive prior; a strongly disappointed one may
 * warn another. Messages sent in period t are read in period t+1 (synchronous update):
 * they go into the buffer of the next period and are counted, so the result does not
 * depend on the order in which customers are processed.
 */
import type { Context } from './context.js';
import { uniformAt } from './rng.js';
import { FirmTally, FIRM_TALLY_FIELDS } from './tally.js';

/** Buffers: messages for period t are in buffer t % 2. */
const inbox = (t: number) => t & 1;

/** After disconfirmation d at firm j in period t: maybe tell someone. */
export function spreadWord(ctx: Context, i: number, j: number, t: number, d: number): void {
  const delighted = d > ctx.delightThreshold;
  const disappointed = d < -ctx.disappointThreshold;
  if (!delighted && !disappointed) return;
  const row = j * FIRM_TALLY_FIELDS;
  if (delighted) ctx.block.firm[row + FirmTally.delighted] += 1;
  const u = uniformAt(ctx.streams.wordOfMouth, i, t);
  if (delighted ? u >= ctx.referralProbability : u >= ctx.negativeProbability) return;
  const target = Math.floor(uniformAt(ctx.streams.wordOfMouthTarget, i, t) * ctx.N);
  if (target === i) return;
  const slot = target * ctx.M + j;
  const next = inbox(t + 1);
  const box = delighted ? ctx.pop.referralsIn[next] : ctx.pop.warningsIn[next];
  if (box[slot] < 255) box[slot] += 1;
  ctx.block.firm[row + (delighted ? FirmTally.referrals : FirmTally.warnings)] += 1;
}

/** Period start: read the messages sent to customer i last period, and advertising. */
export function receiveWord(ctx: Context, i: number, t: number): void {
  const { pop, M } = ctx;
  const box = inbox(t);
  const referrals = pop.referralsIn[box];
  const warnings = pop.warningsIn[box];
  const base = i * M;
  for (let j = 0; j < M; j++) {
    const ij = base + j;
    if (referrals[ij] > 0) {
      if (pop.aware[ij] === 0) {
        pop.aware[ij] = 1;
        pop.satisfaction[ij] = ctx.referralPrior;
      } else if (pop.satisfaction[ij] < ctx.referralPrior) {
        pop.satisfaction[ij] = ctx.referralPrior;
      }
      referrals[ij] = 0;
    }
    if (warnings[ij] > 0) {
      pop.satisfaction[ij] -= ctx.negativeImpact * warnings[ij];
      warnings[ij] = 0;
    }
    if (pop.aware[ij] === 0 && ctx.advertisingAwareness > 0 && uniformAt(ctx.streams.awareness, ij, t) < ctx.advertisingAwareness) {
      pop.aware[ij] = 1;
    }
  }
}
