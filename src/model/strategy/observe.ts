/**
 * What a firm observes at a review: its own figures and the market's over the periods
 * since its last review, read from the same metric columns the tool reports.
 */
import type { Simulation } from '../simulation.js';
import type { FirmMetric } from '../metrics.js';

export interface Window {
  readonly from: number;
  readonly to: number;
}

/** Mean of a firm metric over [from, to). */
export function firmMean(sim: Simulation, metric: FirmMetric, j: number, w: Window): number {
  const M = sim.ctx.M;
  const column = sim.result.firm[metric];
  let sum = 0;
  for (let t = w.from; t < w.to; t++) sum += column[t * M + j];
  return w.to > w.from ? sum / (w.to - w.from) : 0;
}

/** Sum of a firm metric over [from, to). */
export function firmSum(sim: Simulation, metric: FirmMetric, j: number, w: Window): number {
  return firmMean(sim, metric, j, w) * (w.to - w.from);
}

export function marketMean(sim: Simulation, metric: string, w: Window): number {
  const column = sim.result.market[metric];
  let sum = 0;
  for (let t = w.from; t < w.to; t++) sum += column[t];
  return w.to > w.from ? sum / (w.to - w.from) : 0;
}

/** Mean and standard error of a firm's per-period profit over [from, to). */
export function profitMeanAndError(sim: Simulation, j: number, w: Window): { mean: number; standardError: number } {
  const M = sim.ctx.M;
  const profit = sim.result.firm.profit;
  const n = w.to - w.from;
  const mean = firmMean(sim, 'profit', j, w);
  let squares = 0;
  for (let t = w.from; t < w.to; t++) squares += (profit[t * M + j] - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  return { mean, standardError: n > 0 ? sd / Math.sqrt(n) : 0 };
}

/**
 * Marginal cost per unit basket as the firm's books show it: goods, quality, and the
 * rewards it paid per basket sold over the window.
 */
export function marginalCost(sim: Simulation, j: number, w: Window): number {
  const f = sim.ctx.firms;
  const baskets = f.unitCost[j] > 0 ? firmSum(sim, 'costOfGoods', j, w) / f.unitCost[j] : 0;
  const rewardsPerBasket = baskets > 0 ? firmSum(sim, 'rewardsCost', j, w) / baskets : 0;
  return f.unitCost[j] + f.qualityUnitCost[j] + rewardsPerBasket;
}
