/**
 * Firm strategies: at each review (every R periods, staggered across firms so that
 * rivals do not all move in the same week), each firm's policies read what it observed
 * since its last review and may change its price, quality or program. Policies combine:
 * a firm may imitate programs and price by markup.
 */
import { MIN_POSITIVE, type FirmConfig, type PricePolicy, type Scenario } from '../schema.js';
import { streamKey, uniformAt } from '../rng.js';
import { setFirm, type Simulation } from '../simulation.js';
import { adaptivePrice, newHillClimb, type HillClimbState } from './adaptive.js';
import { compileExpression, EXPRESSION_INPUTS, type CompiledExpression } from './expression.js';
import { imitatedProgram } from './imitate.js';
import { markupPrice } from './markup.js';
import { firmMean, marketMean, type Window } from './observe.js';

export interface Strategies {
  review(sim: Simulation, t: number): void;
}

interface FirmStrategy {
  readonly offset: number;
  readonly hillClimb: HillClimbState | null;
  readonly priceRule: CompiledExpression | null;
  readonly qualityRule: CompiledExpression | null;
}

/** What a price policy reads at a review: the run, the firm, the window, its plan and its streams. */
interface PriceReview {
  readonly sim: Simulation;
  readonly j: number;
  readonly window: Window;
  readonly t: number;
  readonly plan: FirmStrategy;
  readonly research: number;
  readonly exploration: number;
}

type PricePolicyName = PricePolicy['policy'];

/**
 * Each price policy proposes the next price; the proposal is then clamped once
 * (clampPrice) into the policy's range. A new policy is one entry here (and its schema).
 */
const PRICE_POLICIES: { readonly [P in PricePolicyName]: (r: PriceReview, policy: Extract<PricePolicy, { policy: P }>) => number } = {
  fixed: (r) => r.sim.firms[r.j].price,
  markup: (r, policy) => markupPrice(r.sim, r.j, r.window, policy, uniformAt(r.research, r.j, r.t)),
  // a policy an event switched on mid-run has no state from the start: the price stays
  adaptive: (r, policy) => (r.plan.hillClimb ? adaptivePrice(r.sim, r.j, r.window, policy, r.plan.hillClimb, uniformAt(r.exploration, r.j, r.t)) : r.sim.firms[r.j].price),
  expression: (r) => (r.plan.priceRule ? r.plan.priceRule(observations(r.sim, r.j, r.window, r.t)) : r.sim.firms[r.j].price),
};

/** The price a firm's policy sets at a review, inside the policy's range (a fixed price stays as it is). */
function reviewedPrice(review: PriceReview, policy: PricePolicy): number {
  const propose = PRICE_POLICIES[policy.policy] as (r: PriceReview, p: PricePolicy) => number;
  const price = propose(review, policy);
  return policy.policy === 'fixed' ? price : clampPrice(price, policy);
}

/** The period offset of firm j's reviews: its own, or spread evenly over the cycle. */
export const reviewOffset = (firm: FirmConfig, j: number, firms: number, every: number): number =>
  (firm.strategy.reviewOffset ?? Math.floor((j * every) / firms)) % every;

export function createStrategies(scenario: Scenario, seed: number): Strategies {
  const R = scenario.reviewEvery;
  const inputs = [...EXPRESSION_INPUTS];
  const plans: FirmStrategy[] = scenario.firms.map((firm, j) => {
    const price = firm.strategy.price;
    const quality = firm.strategy.quality;
    return {
      offset: reviewOffset(firm, j, scenario.firms.length, R),
      hillClimb: price.policy === 'adaptive' ? newHillClimb(price) : null,
      priceRule: price.policy === 'expression' ? compileExpression(price.expression, inputs, { firm: firm.name, field: `firms.${j}.strategy.price.expression` }) : null,
      qualityRule: quality.policy === 'expression' ? compileExpression(quality.expression, inputs, { firm: firm.name, field: `firms.${j}.strategy.quality.expression` }) : null,
    };
  });
  const research = streamKey(seed, 'market-research');
  const exploration = streamKey(seed, 'price-exploration');
  const imitation = streamKey(seed, 'imitation');

  return {
    review(sim: Simulation, t: number): void {
      if (t < R) return;
      plans.forEach((plan, j) => {
        if ((t - plan.offset) % R !== 0) return;
        const window: Window = { from: t - R, to: t };
        const firm = sim.firms[j];
        const changes: string[] = [];
        let next: FirmConfig = firm;

        const price = reviewedPrice({ sim, j, window, t, plan, research, exploration }, firm.strategy.price);
        if (price !== firm.price) {
          next = { ...next, price };
          changes.push(`price ${firm.price.toFixed(2)} → ${price.toFixed(2)}`);
        }

        const qualityPolicy = firm.strategy.quality;
        if (qualityPolicy.policy === 'expression' && plan.qualityRule) {
          const quality = clampQuality(plan.qualityRule(observations(sim, j, window, t)), qualityPolicy);
          if (quality !== firm.quality) {
            next = { ...next, quality };
            changes.push(`quality ${firm.quality.toFixed(3)} → ${quality.toFixed(3)}`);
          }
        }

        const programPolicy = firm.strategy.program;
        if (programPolicy.policy === 'imitate') {
          const program = imitatedProgram(sim, j, window, programPolicy.probability, uniformAt(imitation, j, t));
          if (program !== undefined) {
            next = { ...next, program };
            changes.push(program !== null && program.enabled ? 'adopts a rival\'s program' : 'drops its program, as a more profitable rival has none');
          }
        }
        if (changes.length > 0) setFirm(sim, j, next, t, changes.join('; '));
      });
    },
  };
}

/** The named inputs of strategy expressions (EXPRESSION_INPUTS). */
function observations(sim: Simulation, j: number, w: Window, t: number): Record<string, number> {
  const firm = sim.firms[j];
  const rivals = sim.firms.filter((_, k) => k !== j).map((f) => f.price);
  return {
    price: firm.price,
    unitCost: firm.unitCost,
    quality: firm.quality,
    share: firmMean(sim, 'share', j, w),
    customers: firmMean(sim, 'customers', j, w),
    members: firmMean(sim, 'members', j, w),
    revenue: firmMean(sim, 'revenue', j, w),
    profit: firmMean(sim, 'profit', j, w),
    margin: firmMean(sim, 'margin', j, w),
    satisfaction: firmMean(sim, 'satisfaction', j, w),
    churn: firmMean(sim, 'churn', j, w),
    switching: firmMean(sim, 'switching', j, w),
    programCost: firmMean(sim, 'programCost', j, w),
    elasticity: firmMean(sim, 'elasticity', j, w),
    meanPrice: marketMean(sim, 'meanPrice', w),
    minRivalPrice: rivals.length > 0 ? Math.min(...rivals) : firm.price,
    maxRivalPrice: rivals.length > 0 ? Math.max(...rivals) : firm.price,
    priceSalience: marketMean(sim, 'priceSalience', w),
    hhi: marketMean(sim, 'hhi', w),
    firms: sim.firms.length,
    period: t,
    periodsPerYear: sim.ctx.scenario.periodsPerYear,
  };
}

/**
 * Every policy's output stays in its field's domain, whatever the policy computes: a
 * price in [minPrice, maxPrice] and above zero (prices divide: margins, the inertia
 * premium), a quality in [min, max] within [0, 1] (a formula returning 5 gives 1).
 */
export const MIN_PRICE = MIN_POSITIVE;
export const clampPrice = (price: number, policy: { minPrice: number; maxPrice: number }): number =>
  Math.min(policy.maxPrice, Math.max(policy.minPrice, MIN_PRICE, price));
export const clampQuality = (quality: number, policy: { min: number; max: number }): number =>
  Math.min(policy.max, 1, Math.max(policy.min, 0, quality));
