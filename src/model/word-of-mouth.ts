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

/**
 * After buying, each buyer in the chunk with disconfirmation d (ctx.chunk.disconfirmation)
 * at its firm may tell someone: a delighted one refers, a strongly disappointed one warns.
 */
export function spreadWord(ctx: Context, count: number, t: number): void {
  const { buyers, buyerFirm, disconfirmation } = ctx.chunk;
  const delight = ctx.delightThreshold;
  const disappoint = -ctx.disappointThreshold;
  for (let b = 0; b < count; b++) {
    const d = disconfirmation[b];
    if (d > delight) tell(ctx, buyers[b], buyerFirm[b], t, true);
    else if (d < disappoint) tell(ctx, buyers[b], buyerFirm[b], t, false);
  }
}

function tell(ctx: Context, i: number, j: number, t: number, delighted: boolean): void {
  const row = j * FIRM_TALLY_FIELDS;
  if (delighted) ctx.block.firm[row + FirmTally.delighted] += 1;
  const u = uniformAt(ctx.streams.wordOfMouth, i, t);
  if (delighted ? u >= ctx.referralProbability : u >= ctx.negativeProbability) return;
  const target = Math.floor(uniformAt(ctx.streams.wordOfMouthTarget, i, t) * ctx.N);
  if (target === i) return;
  const slot = target * ctx.M + j;
  const next = inbox(t + 1);
  const box = delighted ? ctx.pop.referralsIn[next] : ctx.pop.warningsIn[next];
  const mail = ctx.pop.mailIn[next];
  if (mail.buffer instanceof SharedArrayBuffer) {
    addSaturating(box, slot); // other threads may write to the same receiver
    Atomics.store(mail, target, 1);
  } else {
    if (box[slot] < 255) box[slot] += 1;
    mail[target] = 1;
  }
  ctx.block.firm[row + (delighted ? FirmTally.referrals : FirmTally.warnings)] += 1;
}

/**
 * box[slot] += 1, saturating at 255, atomically: when a run's customers are split over
 * threads, two senders may write to one receiver at once. The count is the same in any
 * order (min(255, messages)), so the result does not depend on the split.
 */
function addSaturating(box: Uint8Array, slot: number): void {
  for (let seen = Atomics.load(box, slot); seen < 255; ) {
    const was = Atomics.compareExchange(box, slot, seen, seen + 1);
    if (was === seen) return;
    seen = was;
  }
}

/**
 * Period start for customers [from, to): read the messages sent to them last period, and
 * advertising. A customer with no mail who knows every firm has nothing to read.
 */
export function receiveWord(ctx: Context, from: number, to: number, t: number): void {
  const { pop, M } = ctx;
  const box = inbox(t);
  const referrals = pop.referralsIn[box];
  const warnings = pop.warningsIn[box];
  const mail = pop.mailIn[box];
  const { aware, awareCount, satisfaction, perceivedQuality } = pop;
  const quality = ctx.firms.quality;
  const prior = ctx.referralPrior;
  const advertising = ctx.advertisingAwareness;
  for (let i = from; i < to; i++) {
    const hasMail = mail[i] === 1;
    if (!hasMail && (awareCount[i] === M || advertising === 0)) continue;
    mail[i] = 0;
    for (let ij = i * M, end = ij + M; ij < end; ij++) {
      if (referrals[ij] > 0) {
        if (aware[ij] === 0) {
          aware[ij] = 1;
          awareCount[i] += 1;
          perceivedQuality[ij] = quality[ij - i * M]; // a newcomer starts from the firm's reputation
          satisfaction[ij] = prior;
        } else if (satisfaction[ij] < prior) {
          satisfaction[ij] = prior;
        }
        referrals[ij] = 0;
      }
      if (warnings[ij] > 0) {
        satisfaction[ij] -= ctx.negativeImpact * warnings[ij];
        warnings[ij] = 0;
      }
      if (aware[ij] === 0 && advertising > 0 && uniformAt(ctx.streams.awareness, ij, t) < advertising) {
        aware[ij] = 1;
        awareCount[i] += 1;
        perceivedQuality[ij] = quality[ij - i * M];
      }
    }
  }
}
