/**
 * Imitation (MODEL.md "Firms"): at a review, a firm adopts the program settings of the
 * rival that earned the most, if that rival earned more than itself, with a given
 * probability: standing up because the neighbour did (or sitting down again).
 */
import type { ProgramConfig } from '../schema.js';
import { firmMean, type Window } from './observe.js';
import type { Simulation } from '../simulation.js';

/** The program to adopt, or undefined to keep one's own. */
export function imitatedProgram(sim: Simulation, j: number, w: Window, probability: number, u: number): ProgramConfig | null | undefined {
  const own = firmMean(sim, 'profit', j, w);
  let best = -1;
  let bestProfit = own;
  for (let k = 0; k < sim.firms.length; k++) {
    if (k === j) continue;
    const profit = firmMean(sim, 'profit', k, w);
    if (profit > bestProfit) {
      best = k;
      bestProfit = profit;
    }
  }
  if (best < 0 || u >= probability) return undefined;
  const theirs = sim.firms[best].program;
  const mine = sim.firms[j].program;
  const running = (p: ProgramConfig | null) => p !== null && p.enabled;
  if (running(theirs) === running(mine) && (!running(mine) || JSON.stringify(theirs) === JSON.stringify(mine))) return undefined;
  return theirs === null ? null : structuredClone(theirs);
}
