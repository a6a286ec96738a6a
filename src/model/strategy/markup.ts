/**
 * Markup pricing (informed pricing, MODEL.md "Firms"): estimate the own-price elasticity
 * of demand ε_j from market research (the elasticity implied by customers' current choice
 * probabilities, optionally with noise) and move the price part of the way toward the
 * Lerner price p = c·ε/(ε − 1). The clean channel from "customers look at price" to
 * "prices fall": higher elasticity, thinner margins.
 *
 * Where demand is inelastic (ε ≤ 1, e.g. habit-bound customers) the Lerner rule has no
 * finite answer; the firm then raises its price by at most MAX_STEP per review, which is
 * also the cap on any single move, so a firm harvests loyal customers gradually.
 */
import type { PricePolicy } from '../schema.js';
import { inverseNormal } from '../rng.js';
import { firmMean, marginalCost, type Window } from './observe.js';
import type { Simulation } from '../simulation.js';

type Markup = Extract<PricePolicy, { policy: 'markup' }>;

/** Largest relative price move per review. */
export const MAX_STEP = 0.1;

/** Part of the way toward the Lerner price, at most MAX_STEP a review (index.ts clamps it to the policy's range). */
export function markupPrice(sim: Simulation, j: number, w: Window, policy: Markup, researchUniform: number): number {
  const price = sim.firms[j].price;
  let elasticity = firmMean(sim, 'elasticity', j, w);
  if (policy.noise > 0) elasticity *= Math.exp(policy.noise * inverseNormal(researchUniform));
  const cost = marginalCost(sim, j, w);
  const lerner = elasticity > 1 ? (cost * elasticity) / (elasticity - 1) : Infinity;
  const target = Math.min(price * (1 + MAX_STEP), Math.max(price * (1 - MAX_STEP), lerner));
  return price + policy.speed * (target - price);
}
