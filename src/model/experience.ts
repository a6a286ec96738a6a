/**
 * Experience and satisfaction (MODEL.md, "Experience" and "Updates").
 *
 * Experienced quality X = q_j + noise, less a service failure's severity. A failure is
 * of one of the named kinds; the customer may complain; the firm recovers a share of
 * complaints. A recovered complaint leaves the customer better off than no failure at
 * all by a bounded share of the severity (recovery paradox), but only after a first
 * failure: after a repeat failure at the same firm the same share counts against it; an
 * unrecovered complaint hurts more than the failure itself. Disconfirmation d = X − E_i then moves satisfaction,
 * and the experience (and the firm's advertised promise) move the expectation.
 */
import type { Context } from './context.js';
import { inverseNormal, uniformAt } from './rng.js';
import { FirmTally, FIRM_TALLY_FIELDS } from './tally.js';

/**
 * The quality each buyer in the chunk experiences at its firm, into ctx.chunk.experienced:
 * q_j plus noise for everyone, then the service failures (a few percent of purchases)
 * one by one.
 */
export function experiences(ctx: Context, count: number, t: number): void {
  const { buyers, buyerFirm, experienced } = ctx.chunk;
  const { quality, failureRate } = ctx.firms;
  const noise = ctx.qualityNoise;
  const { qualityNoise: noiseKey, failure: failureKey } = ctx.streams;
  for (let b = 0; b < count; b++) {
    experienced[b] = quality[buyerFirm[b]] + noise * inverseNormal(uniformAt(noiseKey, buyers[b], t));
  }
  for (let b = 0; b < count; b++) {
    const j = buyerFirm[b];
    const uFailure = uniformAt(failureKey, buyers[b], t);
    if (uFailure < failureRate[j]) serviceFailure(ctx, b, j, t, uFailure);
  }
}

/**
 * Buyer b (customer i) met a service failure at firm j: of which kind, whether it
 * complains, whether the firm recovers the complaint; adjusts its experienced quality
 * and books failures, complaints and their costs.
 */
function serviceFailure(ctx: Context, b: number, j: number, t: number, uFailure: number): void {
  const { firms, streams, pop } = ctx;
  const { buyers, experienced } = ctx.chunk;
  const i = buyers[b];
  const x = experienced[b];
  // One uniform picks both "a failure happened" and its kind: u/rate is uniform on (0, 1).
  const kind = failureKind(ctx, j, uFailure / firms.failureRate[j]);
  const severity = ctx.failureSeverity[kind];
  const tally = ctx.block.firm;
  const row = j * FIRM_TALLY_FIELDS;
  tally[row + FirmTally.failures] += 1;
  // A repeat failure: another one at this firm within the failure memory (the last failure
  // kind is forgotten when the customer switches, so a remembered one happened here).
  const repeat = pop.lastFailureKind[i] >= 0 && t - pop.lastFailurePeriod[i] <= ctx.failureMemory;
  pop.lastFailureKind[i] = kind;
  pop.lastFailurePeriod[i] = t;
  if (uniformAt(streams.complaint, i, t) >= ctx.segments.complaintProbability[pop.segment[i]]) {
    experienced[b] = x - severity;
    return;
  }
  tally[row + FirmTally.complaints] += 1;
  tally[row + FirmTally.complaintCost] += firms.complaintCost[j];
  if (uniformAt(streams.recovery, i, t) < firms.recoveryRate[j]) {
    tally[row + FirmTally.recoveries] += 1;
    tally[row + FirmTally.complaintCost] += firms.recoveryCost[j];
    // The paradox is bounded (Maxham & Netemeyer 2002): a good recovery after a first
    // failure can delight, after a repeat failure it cannot; the customer sees a pattern
    // and keeps the same share of the severity as a disappointment instead.
    experienced[b] = x + (repeat ? -ctx.recoveryParadox : ctx.recoveryParadox) * severity;
    return;
  }
  experienced[b] = x - severity * (1 + ctx.unrecoveredPenalty);
}

function failureKind(ctx: Context, j: number, u: number): number {
  const K = ctx.K;
  const cumulative = ctx.firms.failureCumulative;
  for (let k = 0; k < K - 1; k++) if (u < cumulative[j * K + k]) return k;
  return K - 1;
}

/**
 * Update each buyer's view of its firm after the quality it experienced: satisfaction
 * (losses weigh ℓ times gains), perceived quality Q_ij (moved toward the experience, so a
 * failure lowers this customer's view of this firm only), and its expectation. The
 * disconfirmation d = x − E (before the expectation moves) goes into
 * ctx.chunk.disconfirmation.
 */
export function updateSatisfaction(ctx: Context, count: number): void {
  const { pop, firms, M } = ctx;
  const { buyers, buyerFirm, experienced, disconfirmation } = ctx.chunk;
  const { satisfaction, perceivedQuality, expectation: expectations } = pop;
  const { promise: promises, promiseWeight } = firms;
  const learning = ctx.satisfactionLearning;
  const keep = 1 - learning;
  const lossAversion = ctx.lossAversion;
  const qualityLearning = ctx.qualityLearning;
  const adapt = ctx.expectationLearning;
  for (let b = 0; b < count; b++) {
    const i = buyers[b];
    const j = buyerFirm[b];
    const x = experienced[b];
    const ij = i * M + j;
    const expectation = expectations[i];
    const d = x - expectation;
    satisfaction[ij] = keep * satisfaction[ij] + learning * (d >= 0 ? d : lossAversion * d);
    perceivedQuality[ij] += qualityLearning * (x - perceivedQuality[ij]);
    // Expectations adapt toward what the customer was shown: the experience, blended with
    // the advertised promise at weight ω. At rest E = (1−ω)·X + ω·A, so over-promising
    // (A > q) keeps expectations above experience and breeds disappointment.
    const promise = promises[j];
    const shown = promise === promise ? (1 - promiseWeight[j]) * x + promiseWeight[j] * promise : x;
    expectations[i] = expectation + adapt * (shown - expectation);
    disconfirmation[b] = d;
  }
}

/**
 * Habit (Guadagni–Little): H_ij ← α·H_ij + (1−α)·[chose j], for every firm, per occasion,
 * for every shopper in the chunk (ctx.chunk.chosen: a firm, or −1 for not buying).
 */
export function updateHabits(ctx: Context, count: number): void {
  const { habit } = ctx.pop;
  const { shoppers, chosen } = ctx.chunk;
  const M = ctx.M;
  const alpha = ctx.habitSmoothing;
  const step = ctx.habitStep;
  for (let k = 0; k < count; k++) {
    const base = shoppers[k] * M;
    const c = chosen[k];
    for (let j = 0; j < M; j++) habit[base + j] = alpha * habit[base + j] + step[+(j === c)];
  }
}
