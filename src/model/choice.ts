/**
 * Choice: multinomial logit over the firms a customer knows and the outside option of
 * not buying (MODEL.md, "Choice"):
 *
 *   U_ij = w_q·(q̄_i + σ_i·(Q_ij − q̄_i)) + σ_i·w_r·R_ij + w_s·S_ij + w_h·H_ij + τ_ij
 *          − β_i·p_j − β_i·κ·n_i·(p_j − p̄_i) − c_i·[j ≠ current_i] + ε_ij
 *
 * Q_ij is what customer i believes firm j's quality is (learned from its experiences
 * there, experience.ts), q̄_i its mean over the firms i knows; n_i = max(0, m_i − f) the
 * memberships beyond the first f (clutterFreeMemberships) and σ_i = 1/(1 + κ·n_i): the
 * variety of cards blurs quality differences and rewards, and attention moves to price
 * differences. Both clutter terms are centred on the customer's means (q̄_i, p̄_i), so
 * clutter sharpens comparison without making every firm look worse than not buying.
 * τ_ij is the customer's own persistent taste for j (tastes.ts); clutter does not blur it.
 *
 * Points pressure is a switching cost: it binds a member to the firm whose points it
 * holds against rivals, not against waiting (waiting forfeits no points), so the outside
 * option carries the pressure of the customer's current firm.
 */
import type { Context } from './context.js';
import { expNonPositive } from './fast-math.js';
import { FirmTally, FIRM_TALLY_FIELDS, MarketTally } from './tally.js';

const NOT_CONSIDERED = -Infinity;

/** γ·rewardValue·(P/θ)² (= pressurePerPoint2·P²): what a member holding P points forfeits by switching. */
export const pointsPressure = (pressurePerPoint2: number, points: number): number => pressurePerPoint2 * points * points;

/**
 * Deterministic utilities V_ij of every shopper in the chunk (ctx.chunk.shoppers[0..count)):
 * row k of ctx.chunk.utility holds shopper k's firms (−∞ for firms it does not know) and,
 * at index M, the outside option; ctx.chunk.best[k] is the largest of them.
 *
 * - R_ij, the reward value of firm j's program to customer i, in currency: members see
 *   the rebate r_j·p_j plus their points pressure; non-members see an open program's
 *   rebate times their chance of joining (firms.openReward; 0 where not invited).
 * - U_i0, not buying: the segment's outside utility, plus the salient pressure of the
 *   points the customer holds at its current firm.
 *
 * Also books each shopper's inertia premium at its current firm (MODEL.md, Metrics):
 * (w_h·H_ij + c_i + σ_i·w_r·Π_ij)/β_i as a fraction of p_j.
 *
 * Every column is read into a local before the loop: the compiler does not hoist
 * property loads out of loops by itself. The price gap p_j − p̄_i depends on the customer
 * only through the firms it knows: for a customer who knows every firm (nearly all) it is
 * one per-chunk row (priceGaps); the few others get a row of their own.
 */
export function computeUtilities(ctx: Context, count: number): void {
  const { pop, firms, M } = ctx;
  const { shoppers, utility, best: bestOf, priceGap } = ctx.chunk;
  const { aware, awareCount, satisfaction, habit, perceivedQuality, taste, memberships, priceSensitivity, currentFirm, member, points, segment, basketValue } = pop;
  const { qualityWeight, rewardWeight, satisfactionWeight, habitWeight, switchingCost } = pop;
  const { offerPrice, programOn, rebate, pressurePerPoint2, minBasketValue, openReward, pointsOwner } = firms;
  const outsideUtility = ctx.segments.outsideUtility;
  const S = ctx.segments.count;
  const { salienceByMemberships, clutteringMemberships, clutter } = ctx;
  const tally = ctx.block.firm;
  const fields = FIRM_TALLY_FIELDS;
  const { inertiaSum, inertiaShoppers } = FirmTally;
  const stride = M + 1;
  const notConsidered = NOT_CONSIDERED;
  const pressure = pointsPressure;
  priceGaps(ctx);
  for (let k = 0; k < count; k++) {
    const i = shoppers[k];
    const base = i * M;
    const row = k * stride;
    const m = memberships[i];
    const salience = salienceByMemberships[m];
    const beta = priceSensitivity[i];
    const clutterPriceWeight = beta * clutter * clutteringMemberships[m];
    const knowsAll = awareCount[i] === M;
    let gapRow = 0;
    if (!knowsAll) {
      ownPriceGap(ctx, i);
      gapRow = M;
    }
    // q̄_i: mean perceived quality over the firms the customer knows
    let qualitySum = 0;
    for (let j = 0; j < M; j++) if (knowsAll || aware[base + j] === 1) qualitySum += perceivedQuality[base + j];
    const known = awareCount[i];
    const meanQuality = known > 0 ? qualitySum / known : 0;
    const current = currentFirm[i];
    const s = segment[i];
    const basket = basketValue[i];
    const wq = qualityWeight[i], ws = satisfactionWeight[i], wh = habitWeight[i];
    const salientReward = salience * rewardWeight[i];
    // c_i for every firm but the current one (none: no switching cost)
    const switching = current >= 0 ? switchingCost[i] : 0;
    let outside = outsideUtility[s];
    let heldPressure = 0;
    // memberships and points live in the column of the firm's points owner (itself, or its coalition's first partner)
    if (current >= 0 && member[base + pointsOwner[current]] === 1) {
      heldPressure = salientReward * pressure(pressurePerPoint2[current], points[base + pointsOwner[current]]);
      outside = outside + heldPressure;
    }
    if (current >= 0) {
      tally[current * fields + inertiaSum] += (wh * habit[base + current] + switching + heldPressure) / (beta * offerPrice[current]);
      tally[current * fields + inertiaShoppers] += 1;
    }
    utility[row + M] = outside;
    let best = outside;
    for (let j = 0; j < M; j++) {
      const ij = base + j;
      if (aware[ij] === 0) {
        utility[row + j] = notConsidered;
        continue;
      }
      let reward = 0;
      if (programOn[j] === 1) {
        const io = base + pointsOwner[j];
        if (member[io] === 1) reward = rebate[j] + pressure(pressurePerPoint2[j], points[io]);
        else if (!(basket < minBasketValue[j])) reward = openReward[j * S + s];
      }
      const v =
        wq * (meanQuality + salience * (perceivedQuality[ij] - meanQuality)) +
        salientReward * reward +
        ws * satisfaction[ij] +
        wh * habit[ij] +
        taste[ij] -
        beta * offerPrice[j] -
        clutterPriceWeight * priceGap[gapRow + j] -
        (j !== current ? switching : 0);
      utility[row + j] = v;
      if (v > best) best = v;
    }
    bestOf[k] = best;
  }
}

/** The chunk's p_j − p̄ over all firms (row 0 of ctx.chunk.priceGap), for customers who know every firm. */
function priceGaps(ctx: Context): void {
  const M = ctx.M;
  const { offerPrice } = ctx.firms;
  const { priceGap } = ctx.chunk;
  const meanPrice = ctx.firms.meanOfferPrice[0];
  for (let j = 0; j < M; j++) priceGap[j] = offerPrice[j] - meanPrice;
}

/** p_j − p̄_i over the firms customer i knows, into row 1 of ctx.chunk.priceGap. */
function ownPriceGap(ctx: Context, i: number): void {
  const M = ctx.M;
  const aware = ctx.pop.aware;
  const { offerPrice } = ctx.firms;
  const { priceGap } = ctx.chunk;
  let priceSum = 0;
  let considered = 0;
  for (let j = 0; j < M; j++) {
    if (aware[i * M + j] === 1) {
      priceSum += offerPrice[j];
      considered++;
    }
  }
  const meanPrice = considered > 0 ? priceSum / considered : 0;
  for (let j = 0; j < M; j++) priceGap[M + j] = offerPrice[j] - meanPrice;
}

/**
 * Logit weights exp(V − max) of every shopper in the chunk into ctx.chunk.weight (the
 * outside option's at index M) and their sums into ctx.chunk.weightSum. Also books what
 * a shopper's choice probabilities say: price salience, consumer surplus (log-sum / β)
 * and each firm's own-price elasticity for its research.
 *
 * The weights use the inlined fast exp (fast-math.ts); the log-sum keeps its own loop:
 * Math.log is a call out of compiled code, cheapest where few values are live around it.
 */
export function logitWeights(ctx: Context, count: number): void {
  const { pop, firms, M } = ctx;
  const { shoppers, utility, weight, best: bestOf, weightSum } = ctx.chunk;
  const { priceSensitivity, memberships } = pop;
  const { clutter, clutteringMemberships, meanPriceComplement } = ctx;
  const offerPrice = firms.offerPrice;
  const tally = ctx.block.firm;
  const market = ctx.block.market;
  const fields = FIRM_TALLY_FIELDS;
  const { elasticityWeighted, choiceWeight } = FirmTally;
  const { shoppers: shopperCount, salienceSum, surplusSum } = MarketTally;
  const stride = M + 1;
  for (let k = 0; k < count; k++) {
    const i = shoppers[k];
    const row = k * stride;
    const best = bestOf[k];
    // the outside option first; firms the shopper does not know (V = −∞) get weight 0, the best option exactly 1
    let sum = expNonPositive(utility[row + M] - best);
    weight[row + M] = sum;
    let considered = 0;
    for (let j = 0; j < M; j++) {
      const w = expNonPositive(utility[row + j] - best);
      weight[row + j] = w;
      sum += w;
      if (w > 0) considered++;
    }
    weightSum[k] = sum;
    // ∂U_ij/∂p_j = −β_i·(1 + κ·c_i·(1 − 1/n_i)): p̄_i moves with p_j by 1/n_i.
    const beta = priceSensitivity[i];
    const betaEffective = considered > 0 ? beta * (1 + clutter * clutteringMemberships[memberships[i]] * meanPriceComplement[considered]) : beta;
    let salience = 0;
    let firmProbability = 0;
    for (let j = 0; j < M; j++) {
      const w = weight[row + j];
      if (w === 0) continue;
      const p = w / sum;
      const elasticity = betaEffective * offerPrice[j] * (1 - p);
      salience += p * elasticity;
      firmProbability += p;
      tally[j * fields + elasticityWeighted] += p * elasticity;
      tally[j * fields + choiceWeight] += p;
    }
    if (firmProbability > 0) market[salienceSum] += salience / firmProbability;
  }
  market[shopperCount] += count;
  for (let k = 0; k < count; k++) {
    market[surplusSum] += (bestOf[k] + Math.log(weightSum[k])) / priceSensitivity[shoppers[k]];
  }
}

/**
 * Shopper k (customer i) picks an option with one uniform u, from its weights in the
 * chunk: a firm index, or −1 for not buying. Closed-form logit sampling: the M + 1
 * weights were computed once; one uniform walks their cumulative sum.
 */
export function sampleChoice(ctx: Context, k: number, u: number): number {
  const M = ctx.M;
  const weight = ctx.chunk.weight;
  const row = k * (M + 1);
  let target = u * ctx.chunk.weightSum[k] - weight[row + M];
  if (target < 0) return -1;
  let last = -1;
  for (let j = 0; j < M; j++) {
    const w = weight[row + j];
    if (w === 0) continue;
    target -= w;
    last = j;
    if (target < 0) return j;
  }
  return last; // rounding at the top end
}

/** Take firm j out of shopper k's options (a customer leaving its contract chooses among the others). */
export function dropOption(ctx: Context, k: number, j: number): void {
  const row = k * (ctx.M + 1);
  ctx.chunk.weightSum[k] -= ctx.chunk.weight[row + j];
  ctx.chunk.weight[row + j] = 0;
}
