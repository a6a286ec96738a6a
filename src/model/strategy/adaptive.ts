/**
 * Adaptive pricing: boundedly rational hill climbing on observed profit, with the
 * safeguards MODEL.md lists because naive hill climbing is close to a random walk:
 * - multiplicative, log-symmetric steps (p·e^{±s}), so up and down cancel exactly;
 * - profit judged over the second half of the review window, after habit has let
 *   customers answer the last move;
 * - reverse only when profit fell by more than `significance` standard errors;
 * - reviews staggered across firms (see index.ts), and a step that shrinks over time.
 */
import type { PricePolicy } from '../schema.js';
import { profitMeanAndError, type Window } from './observe.js';
import type { Simulation } from '../simulation.js';

type Adaptive = Extract<PricePolicy, { policy: 'adaptive' }>;

export interface HillClimbState {
  direction: number;
  step: number;
  lastProfit: number;
  lastError: number;
  reviews: number;
}

export const newHillClimb = (policy: Adaptive): HillClimbState => ({ direction: 0, step: policy.step, lastProfit: 0, lastError: 0, reviews: 0 });

/** The next price the hill climb proposes (index.ts clamps it to the policy's range). */
export function adaptivePrice(sim: Simulation, j: number, w: Window, policy: Adaptive, state: HillClimbState, firstUniform: number): number {
  const secondHalf = { from: w.from + Math.floor((w.to - w.from) / 2), to: w.to };
  const { mean, standardError } = profitMeanAndError(sim, j, secondHalf);
  if (state.reviews === 0) {
    state.direction = firstUniform < 0.5 ? -1 : 1;
  } else {
    const noise = Math.sqrt(standardError ** 2 + state.lastError ** 2);
    if (mean < state.lastProfit - policy.significance * noise) state.direction = -state.direction;
  }
  state.lastProfit = mean;
  state.lastError = standardError;
  state.reviews += 1;
  const next = sim.firms[j].price * Math.exp(state.direction * state.step);
  state.step = Math.max(policy.minStep, state.step * policy.shrink);
  return next;
}
