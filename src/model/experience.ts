/**
 * Experience and satisfaction (MODEL.md, "Experience" and "Updates").
 *
 * Experienced quality X = q_j + noise, less a service failure's severity. A failure is
 * of one of the named kinds; the customer may complain; the firm recovers a share of
 * complaints. A recovered complaint leaves the customer better off than no failure at
 * all by a bounded share of the severity (recovery paradox); an unrecovered one hurts
 * more than the failure itself. Disconfirmation d = X − E_i then moves satisfaction,
 * and the experience (and the firm's advertised promise) move the expectation.
 */
import type { Context } from './context.js';
import { inverseNormal, uniformAt } from './rng.js';
import { FirmTally, FIRM_TALLY_FIELDS } from './tally.js';

/** Experienced quality of customer i buying at firm j in period t; books failures and complaints. */
export function experience(ctx: Context, i: number, j: number, t: number): number {
  const { firms, streams, pop } = ctx;
  let x = firms.quality[j] + ctx.qualityNoise * inverseNormal(uniformAt(streams.qualityNoise, i, t));
  const uFailure = uniformAt(streams.failure, i, t);
  const rate = firms.failureRate[j];
  if (uFailure >= rate) return x;

  // One uniform picks both "a failure happened" and its kind: u/rate is uniform on (0, 1).
  const kind = failureKind(ctx, j, uFailure / rate);
  const severity = ctx.failureSeverity[kind];
  const tally = ctx.block.firm;
  const row = j * FIRM_TALLY_FIELDS;
  tally[row + FirmTally.failures] += 1;
  pop.lastFailureKind[i] = kind;
  pop.lastFailurePeriod[i] = t;
  if (uniformAt(streams.complaint, i, t) >= ctx.segments.complaintProbability[pop.segment[i]]) return x - severity;
  tally[row + FirmTally.complaints] += 1;
  tally[row + FirmTally.complaintCost] += firms.complaintCost[j];
  if (uniformAt(streams.recovery, i, t) < firms.recoveryRate[j]) {
    tally[row + FirmTally.recoveries] += 1;
    tally[row + FirmTally.complaintCost] += firms.recoveryCost[j];
    return x + ctx.recoveryParadox * severity;
  }
  return x - severity * (1 + ctx.unrecoveredPenalty);
}

function failureKind(ctx: Context, j: number, u: number): number {
  const K = ctx.K;
  const cumulative = ctx.firms.failureCumulative;
  for (let k = 0; k < K - 1; k++) if (u < cumulative[j * K + k]) return k;
  return K - 1;
}

/**
 * Update satisfaction with firm j and the customer's expectation after experience x.
 * Returns the disconfirmation d = x − E (before the expectation moves).
 */
export function updateSatisfaction(ctx: Context, i: number, j: number, x: number): number {
  const { pop, firms } = ctx;
  const ij = i * ctx.M + j;
  const expectation = pop.expectation[i];
  const d = x - expectation;
  pop.satisfaction[ij] = (1 - ctx.satisfactionLearning) * pop.satisfaction[ij] + ctx.satisfactionLearning * d;
  // Expectations adapt toward what the customer was shown: the experience, blended with
  // the advertised promise at weight ω. At rest E = (1−ω)·X + ω·A, so over-promising
  // (A > q) keeps expectations above experience and breeds disappointment.
  const promise = firms.promise[j];
  const shown = promise === promise ? (1 - firms.promiseWeight[j]) * x + firms.promiseWeight[j] * promise : x;
  const next = expectation + ctx.expectationLearning * (shown - expectation);
  pop.expectation[i] = next;
  return d;
}

/** Habit (Guadagni–Little): H_ij ← α·H_ij + (1−α)·[chose j], for every firm, per occasion. */
export function updateHabit(ctx: Context, i: number, chosen: number): void {
  const { habit } = ctx.pop;
  const alpha = ctx.habitSmoothing;
  const base = i * ctx.M;
  for (let j = 0; j < ctx.M; j++) habit[base + j] = alpha * habit[base + j] + (j === chosen ? 1 - alpha : 0);
}
