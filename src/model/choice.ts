/**
 * Choice: multinomial logit over the firms a customer knows and the outside option of
 * not buying (MODEL.md, "Choice"):
 *
 *   U_ij = σ_i·(w_q·q_j + w_r·R_ij) + w_s·S_ij + w_h·H_ij − β_i·p_j − β_i·κ·m_i·(p_j − p̄_i) − c_i·[j ≠ current_i] + ε_ij
 *
 * with σ_i = 1/(1 + κ·m_i): each program membership adds clutter, so quality and rewards
 * are seen less sharply and attention moves to price differences.
 *
 * Two refinements of MODEL.md (docs/model.md, "Choice"):
 * - clutter blurs quality *differences*: the quality term is w_q·(q̄_i + σ_i·(q_j − q̄_i))
 *   with q̄_i the mean quality of the firms i considers. Scaling the level q_j by σ would
 *   also make every firm look worse than not buying and shrink the category, which is not
 *   what clutter means (the same reason the price term uses p_j − p̄_i).
 * - points pressure is a switching cost: it binds a member to the firm whose points it
 *   holds against rivals, not against waiting (waiting forfeits no points), so the
 *   outside option carries the pressure of the customer's current firm.
 */
import type { Context } from './context.js';
import { FirmTally, FIRM_TALLY_FIELDS, MarketTally } from './tally.js';

const NOT_CONSIDERED = -Infinity;

/**
 * R_ij: the reward value of firm j's program to customer i, in currency. Members see the
 * rebate r_j·p_j plus points pressure γ·rewardValue·(P/θ)² (what switching would forfeit);
 * non-members see an open program's rebate times their chance of joining.
 */
export function rewardValue(ctx: Context, i: number, j: number): number {
  const f = ctx.firms;
  if (f.programOn[j] === 0) return 0;
  const ij = i * ctx.M + j;
  if (ctx.pop.member[ij] === 1) return f.rebate[j] + pointsPressure(ctx, ij, j);
  const s = ctx.pop.segment[i];
  if (f.eligibleSegment[j * ctx.segments.count + s] === 0 || ctx.pop.basketValue[i] < f.minBasketValue[j]) return 0;
  return f.rebate[j] * ctx.segments.joinProbability[s];
}

/** γ·rewardValue·(P/θ)²: what a member holding P points at firm j forfeits by switching. */
export function pointsPressure(ctx: Context, ij: number, j: number): number {
  const points = ctx.pop.points[ij];
  return ctx.firms.pressurePerPoint2[j] * points * points;
}

/** Utility of not buying this period, U_i0, plus the pressure of the current firm's points. */
export function outsideUtility(ctx: Context, i: number): number {
  const { pop } = ctx;
  const base = ctx.segments.outsideUtility[pop.segment[i]];
  const current = pop.currentFirm[i];
  if (current < 0 || pop.member[i * ctx.M + current] === 0) return base;
  const salience = 1 / (1 + ctx.clutter * pop.memberships[i]);
  return base + salience * pop.rewardWeight[i] * pointsPressure(ctx, i * ctx.M + current, current);
}

/**
 * Deterministic utilities V_ij into ctx.utility (−∞ for firms the customer does not know).
 * Returns the largest of them and the outside option's.
 */
export function computeUtilities(ctx: Context, i: number): number {
  const { pop, firms, M, utility } = ctx;
  const base = i * M;
  const memberships = pop.memberships[i];
  const salience = 1 / (1 + ctx.clutter * memberships);
  const beta = pop.priceSensitivity[i];
  const clutterPriceWeight = beta * ctx.clutter * memberships;
  let priceSum = 0;
  let qualitySum = 0;
  let considered = 0;
  for (let j = 0; j < M; j++) {
    if (pop.aware[base + j] === 1) {
      priceSum += firms.offerPrice[j];
      qualitySum += firms.quality[j];
      considered++;
    }
  }
  const meanPrice = considered > 0 ? priceSum / considered : 0;
  const meanQuality = considered > 0 ? qualitySum / considered : 0;
  const current = pop.currentFirm[i];
  const wq = pop.qualityWeight[i], wr = pop.rewardWeight[i], ws = pop.satisfactionWeight[i], wh = pop.habitWeight[i];
  const switching = pop.switchingCost[i];
  let best = outsideUtility(ctx, i);
  for (let j = 0; j < M; j++) {
    if (pop.aware[base + j] === 0) {
      utility[j] = NOT_CONSIDERED;
      continue;
    }
    const price = firms.offerPrice[j];
    const v =
      wq * (meanQuality + salience * (firms.quality[j] - meanQuality)) +
      salience * wr * rewardValue(ctx, i, j) +
      ws * pop.satisfaction[base + j] +
      wh * pop.habit[base + j] -
      beta * price -
      clutterPriceWeight * (price - meanPrice) -
      (current >= 0 && current !== j ? switching : 0);
    utility[j] = v;
    if (v > best) best = v;
  }
  return best;
}

/**
 * Logit weights exp(V − max) into ctx.weight; returns their sum including the outside
 * option. Also books what a shopper's choice probabilities say: price salience,
 * consumer surplus (log-sum / β) and each firm's own-price elasticity for its research.
 */
export function logitWeights(ctx: Context, i: number, best: number, outsideWeight: number): number {
  const { pop, firms, M, utility, weight } = ctx;
  let sum = outsideWeight;
  let considered = 0;
  for (let j = 0; j < M; j++) {
    const w = utility[j] === NOT_CONSIDERED ? 0 : Math.exp(utility[j] - best);
    weight[j] = w;
    sum += w;
    if (w > 0) considered++;
  }
  // ∂U_ij/∂p_j = −β_i·(1 + κ·m_i·(1 − 1/n_i)): p̄_i moves with p_j by 1/n_i.
  const beta = pop.priceSensitivity[i];
  const betaEffective = considered > 0 ? beta * (1 + ctx.clutter * pop.memberships[i] * (1 - 1 / considered)) : beta;
  let salience = 0;
  let firmProbability = 0;
  const tally = ctx.block.firm;
  for (let j = 0; j < M; j++) {
    if (weight[j] === 0) continue;
    const p = weight[j] / sum;
    const elasticity = betaEffective * firms.offerPrice[j] * (1 - p);
    salience += p * elasticity;
    firmProbability += p;
    tally[j * FIRM_TALLY_FIELDS + FirmTally.elasticityWeighted] += p * elasticity;
    tally[j * FIRM_TALLY_FIELDS + FirmTally.choiceWeight] += p;
  }
  const market = ctx.block.market;
  market[MarketTally.shoppers] += 1;
  if (firmProbability > 0) market[MarketTally.salienceSum] += salience / firmProbability;
  market[MarketTally.surplusSum] += (best + Math.log(sum)) / beta;
  return sum;
}

/** Sample an option with one uniform: a firm index, or −1 for not buying. */
export function sampleChoice(ctx: Context, sum: number, u: number, outsideWeight: number): number {
  let target = u * sum - outsideWeight;
  if (target < 0) return -1;
  const { weight, M } = ctx;
  let last = -1;
  for (let j = 0; j < M; j++) {
    if (weight[j] === 0) continue;
    target -= weight[j];
    last = j;
    if (target < 0) return j;
  }
  return last; // rounding at the top end
}
